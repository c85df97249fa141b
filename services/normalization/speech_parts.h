// Speech parts shared by the split and structure stages: where a salutation
// ("各位领导、同志们:") sits in a line, and whether a line closes a speech
// ("我的发言完了,谢谢大家!"). The address words and closing phrases are
// rules (kinds salutation and closing); the shape around them is code.
#ifndef ZHENGWEN_SERVICES_NORMALIZATION_SPEECH_PARTS_H_
#define ZHENGWEN_SERVICES_NORMALIZATION_SPEECH_PARTS_H_

#include <cstddef>
#include <string>

#include "absl/strings/string_view.h"
#include "services/normalization/rules.h"

namespace zhengwen::normalization {

struct SalutationMatch {
  // Byte range of the salutation in the line, including its ':' or '!'.
  size_t begin = 0;
  size_t end = 0;
};

// Finds a salutation in `line`: the text before the line's first ':' (or the
// '!' of "大家好!"), at most a few dozen characters without sentence
// punctuation, that holds an address word. It starts at the first address
// word, extended back over items joined by '、' ("xx局长、同志们:"), so a
// speech title printed before it stays outside. False when there is none.
bool FindSalutation(const RuleSet& rules, absl::string_view line, SalutationMatch* match);

// The closing of a speech at the end of `line` ("谢谢大家!"), as the last
// sentence(s) that hold a closing phrase; "" when the line has none.
std::string FindClosing(const RuleSet& rules, absl::string_view line);

}  // namespace zhengwen::normalization

#endif  // ZHENGWEN_SERVICES_NORMALIZATION_SPEECH_PARTS_H_
