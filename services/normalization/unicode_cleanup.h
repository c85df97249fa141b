// Unicode stage: NFC, invisible characters (controls, zero-width, bidi marks)
// removed, whitespace made plain, and CJK words split by a stray space
// ("讲 话") rejoined.
#ifndef ZHENGWEN_SERVICES_NORMALIZATION_UNICODE_CLEANUP_H_
#define ZHENGWEN_SERVICES_NORMALIZATION_UNICODE_CLEANUP_H_

#include <string>

#include "absl/strings/string_view.h"
#include "services/normalization/edit_log.h"

namespace zhengwen::normalization {

// NFC form of `line` without invisible characters, every run of whitespace
// (ASCII, U+3000, no-break and other spaces) as one ASCII space, trimmed.
// Removed invisible characters are logged as "U+XXXX".
std::string CleanUnicode(absl::string_view line, int line_number, EditLog* log);

// Removes a space between two Han characters when one side of it is a lone
// Han character ("讲 话(" -> "讲话("), which is how a word split by layout
// looks. A space between two longer runs is kept: it usually separates a
// heading from its first sentence. A lone numeral after a sentence end
// ("。三 加强") is a heading marker and is kept too.
std::string JoinSplitCjkWords(absl::string_view line, int line_number, EditLog* log);

}  // namespace zhengwen::normalization

#endif  // ZHENGWEN_SERVICES_NORMALIZATION_UNICODE_CLEANUP_H_
