// `zw normalize [--explain|--dump_line_features] PATH...`: runs the
// normalization library offline and prints the same JSONL as `zw export`, a
// readable account of edits, or the line classifier's features.
#include <cstdio>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "services/cli/cli_common.h"
#include "services/cli/commands.h"
#include "services/normalization/normalizer.h"
#include "common/text/utf8.h"

namespace zhengwen::cli {
namespace {

// At most `max` code points of `text` on one line, for display.
std::string Shown(const std::string& text, int max) {
  std::string out;
  int n = 0;
  for (size_t pos = 0; pos < text.size();) {
    const size_t start = pos;
    const char32_t cp = DecodeUtf8(text, &pos);
    if (++n > max) return out + "…";
    if (cp == '\n') {
      out += "⏎";
      continue;
    }
    out.append(text, start, pos - start);
  }
  return out;
}

// `edits`: a document's RepeatedPtrField or a page's std::vector of Edit.
template <typename Edits>
void PrintEdits(const Edits& edits) {
  if (edits.empty()) return;
  std::printf("   edits (line, stage, rule, removed -> replacement):\n");
  for (const auto& edit : edits) {
    const std::string rule = edit.flagged() ? edit.rule() + " (flagged, kept)" : edit.rule();
    std::printf("   %5d  %-11s %-38s %s%s\n", edit.line(), edit.stage().c_str(), rule.c_str(),
                Shown(edit.removed(), 50).c_str(),
                edit.replacement().empty()
                    ? ""
                    : absl::StrCat("  ->  ", Shown(edit.replacement(), 30)).c_str());
  }
}

// A page that gave no document: say so, and show every edit that emptied it.
void PrintEmptyPage(const std::string& path,
                    const std::vector<zhengwen::document::v1::Edit>& edits) {
  std::printf("== %s: no document\n", path.c_str());
  PrintEdits(edits);
}

void PrintExplanation(const zhengwen::document::v1::Document& doc) {
  const auto& q = doc.quality();
  std::printf("== %s part %d: %s\n", doc.source_uri().c_str(), doc.part(), doc.title().c_str());
  std::printf("   published_at=%s encoding=%s script=%s length=%d rules=%s model=%s%s\n",
              doc.published_at().empty() ? "-" : doc.published_at().c_str(),
              q.input_encoding().c_str(),
              zhengwen::document::v1::Script_Name(q.input_script()).c_str(), q.length(),
              doc.rules_version().c_str(), doc.model_version().c_str(),
              q.body_fallback() ? " (body fallback: densest region kept)" : "");
  std::printf("   salutation=%s closing=%s\n",
              doc.salutation().empty() ? "-" : doc.salutation().c_str(),
              doc.closing().empty() ? "-" : doc.closing().c_str());
  std::printf(
      "   boilerplate=%.0f%% placeholders=%d mojibake=%d converted_chars=%d "
      "width_folded=%d sentences=%d\n",
      q.boilerplate_ratio() * 100, q.placeholder_count(), q.mojibake_count(), q.converted_chars(),
      q.width_folded_chars(), doc.signatures().sentence_hashes_size());
  if (doc.sections_size() > 0) std::printf("   outline:\n");
  for (const auto& section : doc.sections()) {
    std::printf("   %*s%d %s\n", section.level() * 2, "", section.level(),
                Shown(section.heading(), 60).c_str());
  }
  PrintEdits(doc.edits());
}

void AppendJsonString(absl::string_view text, std::string* out) {
  out->push_back('"');
  for (const char c : text) {
    if (c == '"' || c == '\\') {
      out->push_back('\\');
      out->push_back(c);
    } else if (static_cast<unsigned char>(c) < 0x20) {
      absl::StrAppend(out, absl::StrFormat("\\u%04x", c));
    } else {
      out->push_back(c);
    }
  }
  out->push_back('"');
}

// One JSON object per non-empty line: file, line, forced, p, text, features.
void PrintLineFeatures(const std::string& path,
                       const std::vector<normalization::LineFeatureRow>& rows) {
  for (const auto& row : rows) {
    std::string out = "{\"file\":";
    AppendJsonString(path, &out);
    absl::StrAppend(&out, ",\"line\":", row.line, ",\"forced\":", row.forced ? "true" : "false",
                    ",\"p\":", absl::StrFormat("%.4f", row.probability), ",\"text\":");
    AppendJsonString(row.text, &out);
    out += ",\"features\":{";
    for (int f = 0; f < text::kLineFeatureCount; ++f) {
      absl::StrAppend(&out, f == 0 ? "" : ",", "\"", text::LineFeatureName(f), "\":",
                      absl::StrFormat("%.6g", row.features[f]));
    }
    out += "}}";
    std::printf("%s\n", out.c_str());
  }
}

}  // namespace

int RunNormalize(const std::vector<std::string>& paths, NormalizeOutput output,
                 const normalization::NormalizerOptions& options) {
  if (paths.empty()) {
    std::fprintf(stderr, "zw normalize: name at least one file or directory\n");
    return 2;
  }
  auto files = CollectFiles(paths);
  if (!files.ok()) {
    std::fprintf(stderr, "zw normalize: %s\n", files.status().ToString().c_str());
    return 2;
  }
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
    if (output == NormalizeOutput::kLineFeatures) {
      auto rows = (*normalizer)->LineFeatures(page);
      if (!rows.ok()) {
        std::fprintf(stderr, "%s: %s\n", file.path.c_str(), DescribeError(rows.status()).c_str());
        ++failed;
        continue;
      }
      PrintLineFeatures(file.path, *rows);
      continue;
    }
    const bool explain = output == NormalizeOutput::kExplain;
    auto result = (*normalizer)->NormalizeWithEdits(page);
    if (!result.ok()) {
      std::fprintf(stderr, "%s: %s\n", file.path.c_str(), DescribeError(result.status()).c_str());
      ++failed;
      continue;
    }
    if (explain && result->documents.empty()) PrintEmptyPage(file.path, result->edits);
    for (const auto& doc : result->documents) {
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
