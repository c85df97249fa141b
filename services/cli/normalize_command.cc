// `zw normalize [--explain] PATH...`: runs the normalization library offline
// and prints the same JSONL as `zw export`, or a readable account of edits.
#include <cstdio>

#include "absl/strings/str_cat.h"
#include "services/cli/cli_common.h"
#include "services/cli/commands.h"
#include "services/normalization/normalizer.h"

namespace zhengwen::cli {
namespace {

void PrintExplanation(const zhengwen::document::v1::Document& doc) {
  std::printf("== %s part %d: %s\n", doc.source_uri().c_str(), doc.part(), doc.title().c_str());
  std::printf("   published_at=%s encoding=%s script=%s length=%d rules=%s\n",
              doc.published_at().empty() ? "-" : doc.published_at().c_str(),
              doc.quality().input_encoding().c_str(),
              zhengwen::document::v1::Script_Name(doc.quality().input_script()).c_str(),
              doc.quality().length(), doc.rules_version().c_str());
  for (const auto& section : doc.sections()) {
    std::printf("   %*s§ %s\n", section.level() * 2, "", section.heading().c_str());
  }
  for (const auto& edit : doc.edits()) {
    std::printf("   line %4d  %-12s %-24s -%s%s\n", edit.line(), edit.stage().c_str(),
                edit.rule().c_str(), edit.removed().c_str(),
                edit.replacement().empty() ? "" : absl::StrCat("  +", edit.replacement()).c_str());
  }
}

}  // namespace

int RunNormalize(const std::vector<std::string>& paths, bool explain,
                 const std::string& opencc_config) {
  if (paths.empty()) {
    std::fprintf(stderr, "zw normalize: name at least one file or directory\n");
    return 2;
  }
  auto files = CollectFiles(paths);
  if (!files.ok()) {
    std::fprintf(stderr, "zw normalize: %s\n", files.status().ToString().c_str());
    return 2;
  }
  normalization::NormalizerOptions options;
  options.opencc_config = opencc_config;
  auto normalizer = normalization::Normalizer::Create(options);
  if (!normalizer.ok()) {
    std::fprintf(stderr, "zw normalize: %s\n", DescribeError(normalizer.status()).c_str());
    return 1;
  }
  int failed = 0;
  for (const InputFile& file : *files) {
    auto content = ReadFile(file.path);
    if (!content.ok()) {
      std::fprintf(stderr, "%s: %s\n", file.path.c_str(), DescribeError(content.status()).c_str());
      ++failed;
      continue;
    }
    zhengwen::document::v1::Page page;
    page.set_source_uri(file.path);
    page.set_content(*std::move(content));
    page.set_content_type(file.content_type);
    auto documents = (*normalizer)->Normalize(page);
    if (!documents.ok()) {
      std::fprintf(stderr, "%s: %s\n", file.path.c_str(),
                   DescribeError(documents.status()).c_str());
      ++failed;
      continue;
    }
    for (const auto& doc : *documents) {
      if (explain) {
        PrintExplanation(doc);
      } else {
        std::printf("%s\n", ToJsonLine(doc).c_str());
      }
    }
  }
  return failed == 0 ? 0 : 1;
}

}  // namespace zhengwen::cli
