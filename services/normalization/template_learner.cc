#include "services/normalization/template_learner.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/text/hashing.h"
#include "common/status_macros.h"
#include "re2/re2.h"
#include "services/normalization/stages/line_classifier.h"
#include "common/text/utf8.h"

namespace zhengwen::normalization {
namespace {

// Rule names hold only [a-z0-9_] of the host name.
std::string RuleNamePart(const std::string& host) {
  std::string out;
  for (const char c : host) {
    const char l = absl::ascii_tolower(static_cast<unsigned char>(c));
    out.push_back(absl::ascii_isalnum(static_cast<unsigned char>(l)) ? l : '_');
  }
  return out.empty() ? "host" : out;
}

}  // namespace

absl::StatusOr<std::string> LearnTemplateRules(const Normalizer& normalizer,
                                               const std::vector<HostPages>& hosts,
                                               const TemplateLearnOptions& options) {
  std::string rules;
  for (const HostPages& host : hosts) {
    // Pages holding each line, and the order lines were first seen in.
    std::map<std::string, int> pages_with;
    std::vector<std::string> order;
    for (const auto& page : host.pages) {
      ZW_ASSIGN_OR_RETURN(std::vector<LineFeatureRow> rows, normalizer.LineFeatures(page));
      std::set<std::string> seen;
      for (const LineFeatureRow& row : rows) {
        if (row.forced || CodePointCount(row.text) > options.max_line_length) continue;
        if (IsSpeechStructureLine(normalizer.rules(), row.text)) continue;
        if (!seen.insert(row.text).second) continue;
        if (pages_with[row.text]++ == 0) order.push_back(row.text);
      }
    }
    const int needed = std::max(
        options.min_pages,
        static_cast<int>(std::ceil(options.min_share * static_cast<double>(host.pages.size()))));
    const std::string name = RuleNamePart(host.host);
    int written = 0;
    for (const std::string& line : order) {
      if (pages_with[line] < needed || written >= options.max_rules) continue;
      absl::StrAppend(&rules, "template\t", name, "_", ++written, "\t^", RE2::QuoteMeta(line),
                      "$\n");
    }
    absl::StrAppend(&rules, "# ", host.host, ": ", written, " template lines from ",
                    host.pages.size(), " pages (held by at least ", needed, ")\n");
  }
  return absl::StrCat("# Learned by `zw rules learn`: lines recurring across many pages of one host.\n",
                      "version\tlearned-", Hash128Hex(rules).substr(0, 12), "\n", rules);
}

}  // namespace zhengwen::normalization
