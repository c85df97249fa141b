// The built-in data files (rules/default_rules.txt, model/line_model.txt and
// model/html_content.txt), embedded at build time by rules/embed_rules.cmake
// into generated .cc files.
#ifndef ZHENGWEN_SERVICES_NORMALIZATION_DEFAULT_RULES_H_
#define ZHENGWEN_SERVICES_NORMALIZATION_DEFAULT_RULES_H_

#include "absl/strings/string_view.h"

namespace zhengwen::normalization {

// Text of rules/default_rules.txt as it was at build time.
absl::string_view DefaultRulesText();

// Text of model/line_model.txt (the built-in line classifier) as it was at build time.
absl::string_view DefaultLineModelText();

// Text of model/html_content.txt (the HTML main-content model), embedded the same way.
absl::string_view HtmlContentModelText();

}  // namespace zhengwen::normalization

#endif  // ZHENGWEN_SERVICES_NORMALIZATION_DEFAULT_RULES_H_
