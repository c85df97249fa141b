// Punctuation stage: one convention for width. Fullwidth forms of ASCII
// characters (U+FF01..U+FF5E: "，：（）！？；１Ａ") become their ASCII forms,
// the usual "全角转半角" of Chinese text processing. It is never lossy: each
// fullwidth form is the compatibility equivalent of exactly one ASCII
// character, and Chinese punctuation without an ASCII form (。、“”《》…—)
// is kept as it is.
#ifndef ZHENGWEN_SERVICES_NORMALIZATION_PUNCTUATION_WIDTH_H_
#define ZHENGWEN_SERVICES_NORMALIZATION_PUNCTUATION_WIDTH_H_

#include <string>

#include "absl/strings/string_view.h"

namespace zhengwen::normalization {

// `text` with fullwidth ASCII forms folded; `*folded` (optional) counts them.
std::string FoldWidth(absl::string_view text, int* folded);

}  // namespace zhengwen::normalization

#endif  // ZHENGWEN_SERVICES_NORMALIZATION_PUNCTUATION_WIDTH_H_
