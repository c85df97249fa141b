// Template learner: lines that recur across many pages of one host are that
// site's template (header, navigation, footer), whatever they say. Given the
// pages of one host, it writes a rules file (format of rules/default_rules.txt)
// with one `template` line rule per such line, for --rules_file. Lines the
// rules already drop and speech structure (salutations, closings, numbered
// headings, which recur in every speech) are never learned.
#ifndef ZHENGWEN_SERVICES_NORMALIZATION_TEMPLATE_LEARNER_H_
#define ZHENGWEN_SERVICES_NORMALIZATION_TEMPLATE_LEARNER_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/normalization/normalizer.h"

namespace zhengwen::normalization {

struct TemplateLearnOptions {
  // A line is template when at least this many pages of the host hold it...
  int min_pages = 3;
  // ...and at least this share of them.
  double min_share = 0.5;
  // Longest line learned, in code points (longer lines are content).
  int max_line_length = 200;
  // Most rules written per host.
  int max_rules = 500;
};

struct HostPages {
  // Names the rules ("template/<host>_<n>") and the version line.
  std::string host;
  std::vector<zhengwen::document::v1::Page> pages;
};

// The rules file text for `hosts`: a `version` line (learned-<hash of the
// rules>) and the template rules of every host, in first-seen line order.
absl::StatusOr<std::string> LearnTemplateRules(const Normalizer& normalizer,
                                               const std::vector<HostPages>& hosts,
                                               const TemplateLearnOptions& options);

}  // namespace zhengwen::normalization

#endif  // ZHENGWEN_SERVICES_NORMALIZATION_TEMPLATE_LEARNER_H_
