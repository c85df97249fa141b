// The built-in rules file (rules/default_rules.txt), embedded at build time by
// rules/embed_rules.cmake into a generated .cc file.
#ifndef ZHENGWEN_SERVICES_NORMALIZATION_DEFAULT_RULES_H_
#define ZHENGWEN_SERVICES_NORMALIZATION_DEFAULT_RULES_H_

#include "absl/strings/string_view.h"

namespace zhengwen::normalization {

// Text of rules/default_rules.txt as it was at build time.
absl::string_view DefaultRulesText();

}  // namespace zhengwen::normalization

#endif  // ZHENGWEN_SERVICES_NORMALIZATION_DEFAULT_RULES_H_
