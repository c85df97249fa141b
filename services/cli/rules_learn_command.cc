// `zw rules learn DIR...`: learns site templates offline. Each directory holds
// the pages of one host (named by the directory); lines recurring across many
// of them become `template` rules, written as a versioned rules file for
// --rules_file (docs/normalization.md, "Learned site templates").
#include <cstdio>
#include <fstream>
#include <map>

#include "services/cli/cli_common.h"
#include "services/cli/commands.h"
#include "services/normalization/template_learner.h"

namespace zhengwen::cli {

int RunRulesLearn(const std::vector<std::string>& dirs, const std::string& out_file, int min_pages,
                  const normalization::NormalizerOptions& options) {
  if (dirs.empty()) {
    std::fprintf(stderr, "zw rules learn: name at least one directory of one host's pages\n");
    return 2;
  }
  auto normalizer = normalization::Normalizer::Create(options);
  if (!normalizer.ok()) {
    std::fprintf(stderr, "zw rules learn: %s\n", DescribeError(normalizer.status()).c_str());
    return 1;
  }
  std::vector<normalization::HostPages> hosts;
  for (std::string dir : dirs) {
    while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
    auto files = CollectFiles({dir});
    if (!files.ok()) {
      std::fprintf(stderr, "zw rules learn: %s\n", files.status().ToString().c_str());
      return 2;
    }
    normalization::HostPages host;
    host.host = dir.substr(dir.find_last_of('/') + 1);
    for (const InputFile& file : *files) {
      auto content = ReadFile(file.path);
      if (!content.ok()) {
        std::fprintf(stderr, "%s: %s\n", file.path.c_str(), DescribeError(content.status()).c_str());
        return 1;
      }
      zhengwen::document::v1::Page page;
      page.set_source_uri(file.path);
      page.set_content(*std::move(content));
      page.set_content_type(file.content_type);
      host.pages.push_back(std::move(page));
    }
    hosts.push_back(std::move(host));
  }
  normalization::TemplateLearnOptions learn;
  learn.min_pages = min_pages;
  auto rules = normalization::LearnTemplateRules(**normalizer, hosts, learn);
  if (!rules.ok()) {
    std::fprintf(stderr, "zw rules learn: %s\n", DescribeError(rules.status()).c_str());
    return 1;
  }
  if (out_file.empty()) {
    std::fputs(rules->c_str(), stdout);
    return 0;
  }
  std::ofstream out(out_file, std::ios::binary | std::ios::trunc);
  out << *rules;
  if (!out.flush()) {
    std::fprintf(stderr, "zw rules learn: cannot write %s\n", out_file.c_str());
    return 1;
  }
  return 0;
}

}  // namespace zhengwen::cli
