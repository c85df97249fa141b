// Boilerplate stage: classifies each line of a page as body or as one of the
// boilerplate kinds of the rules file (spam, breadcrumb, site meta, editor
// intro, related list, footer, pager, comment counter) and drops the latter,
// logging the rule that fired. It also reads what such lines tell about the
// page: the publication date and a title named in an editor's intro.
#ifndef ZHENGWEN_SERVICES_NORMALIZATION_BOILERPLATE_H_
#define ZHENGWEN_SERVICES_NORMALIZATION_BOILERPLATE_H_

#include <string>

#include "absl/strings/string_view.h"
#include "services/normalization/edit_log.h"
#include "services/normalization/page_line.h"
#include "services/normalization/rules.h"

namespace zhengwen::normalization {

struct BoilerplateFindings {
  // "YYYY-MM-DD" from the first published_date rule that matched, or "".
  std::string published_at;
  // Title named inside an editor's intro ("…整理的<title>,供大家参考"), or "".
  std::string intro_title;
  // Non-empty lines seen, and how many of them were boilerplate.
  int content_lines = 0;
  int boilerplate_lines = 0;
};

// Marks boilerplate lines kDropped (empty lines too, without logging).
BoilerplateFindings ClassifyBoilerplate(const RuleSet& rules, PageLines* lines, EditLog* log);

// "YYYY-MM-DD" of the first published_date rule matching `line`, or "".
std::string FindPublishedDate(const RuleSet& rules, absl::string_view line);

}  // namespace zhengwen::normalization

#endif  // ZHENGWEN_SERVICES_NORMALIZATION_BOILERPLATE_H_
