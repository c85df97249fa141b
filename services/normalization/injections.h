// Injection stage: removes text a site injected inside a sentence (paywall
// notices such as "当前隐藏内容免费查看", with the spaces around them) and
// rejoins the sentence: "肯定成绩的同 当前隐藏内容免费查看时" -> "肯定成绩的同时".
#ifndef ZHENGWEN_SERVICES_NORMALIZATION_INJECTIONS_H_
#define ZHENGWEN_SERVICES_NORMALIZATION_INJECTIONS_H_

#include <string>

#include "absl/strings/string_view.h"
#include "services/normalization/edit_log.h"
#include "services/normalization/rules.h"

namespace zhengwen::normalization {

// `line` without the matches of the rules' inject patterns; each is logged.
std::string RemoveInjections(const RuleSet& rules, absl::string_view line, int line_number,
                             EditLog* log);

}  // namespace zhengwen::normalization

#endif  // ZHENGWEN_SERVICES_NORMALIZATION_INJECTIONS_H_
