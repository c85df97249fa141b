// The built-in data files (rules/default_rules.txt, model/line_model.txt),
// embedded at build time by rules/embed_rules.cmake into generated .cc files.
#ifndef ZHENGWEN_SERVICES_NORMALIZATION_DEFAULT_RULES_H_
#define ZHENGWEN_SERVICES_NORMALIZATION_DEFAULT_RULES_H_

#include "absl/strings/string_view.h"

namespace zhengwen::normalization {

// Text of rules/default_rules.txt as it was at build time.
absl::string_view DefaultRulesText();

// Text of model/line_model.txt (the built-in line classifier) as it was at build time.
absl::string_view DefaultLineModelText();

}  // namespace zhengwen::normalization

#endif  // ZHENGWEN_SERVICES_NORMALIZATION_DEFAULT_RULES_H_
