// Small UTF-8 helpers shared by the normalization stages.
#ifndef ZHENGWEN_SERVICES_NORMALIZATION_UTF8_TEXT_H_
#define ZHENGWEN_SERVICES_NORMALIZATION_UTF8_TEXT_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace zhengwen::normalization {

// Decodes the code point at `text[*pos]` and advances `*pos`. Invalid bytes
// yield U+FFFD and advance by one byte.
char32_t NextCodePoint(absl::string_view text, size_t* pos);

// Appends `cp` to `out` as UTF-8.
void AppendCodePoint(char32_t cp, std::string* out);

// True for CJK unified ideographs (any extension) and compatibility ideographs.
bool IsHan(char32_t cp);

// Number of code points in `text`.
int CodePointLength(absl::string_view text);

// True when `text` is well-formed UTF-8.
bool IsValidUtf8(absl::string_view text);

// Splits `text` on '\n' (a trailing '\r' is dropped from each line).
std::vector<std::string> SplitLines(absl::string_view text);

}  // namespace zhengwen::normalization

#endif  // ZHENGWEN_SERVICES_NORMALIZATION_UTF8_TEXT_H_
