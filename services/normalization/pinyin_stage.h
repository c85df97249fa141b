// Pinyin stage: removes pinyin that converters insert after Han characters,
// as in "質(zhì)量" -> "質量", and never touches real parentheses such as "(一)"
// or "(市、區)".
#ifndef ZHENGWEN_SERVICES_NORMALIZATION_PINYIN_STAGE_H_
#define ZHENGWEN_SERVICES_NORMALIZATION_PINYIN_STAGE_H_

#include <string>

#include "absl/strings/string_view.h"
#include "services/normalization/edit_log.h"

namespace zhengwen::normalization {

// True when `text` is one pinyin syllable written with a tone mark or ü
// (what converters insert), e.g. "zhì", "lǐng", "lǜ".
bool IsTonedPinyinSyllable(absl::string_view text);

// Returns `line` without pinyin annotations; records the line's removals as
// one edit per rule ("annotation_after_han", or "annotation_after_non_han"
// after a character a mis-decode left) whose `removed` lists them in order:
// "(zhì)(lǐng)(dǎo)".
std::string RemovePinyin(absl::string_view line, int line_number, EditLog* log);

}  // namespace zhengwen::normalization

#endif  // ZHENGWEN_SERVICES_NORMALIZATION_PINYIN_STAGE_H_
