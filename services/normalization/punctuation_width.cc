#include "services/normalization/punctuation_width.h"

namespace zhengwen::normalization {

std::string FoldWidth(absl::string_view text, int* folded) {
  std::string out;
  out.reserve(text.size());
  int count = 0;
  for (size_t i = 0; i < text.size();) {
    // U+FF01..U+FF5E is EF BC 81..EF BD 9E in UTF-8: compare bytes, no decoding.
    const unsigned char b0 = static_cast<unsigned char>(text[i]);
    if (b0 == 0xEF && i + 2 < text.size()) {
      const unsigned char b1 = static_cast<unsigned char>(text[i + 1]);
      const unsigned char b2 = static_cast<unsigned char>(text[i + 2]);
      const char32_t cp = ((b0 & 0x0F) << 12) | ((b1 & 0x3F) << 6) | (b2 & 0x3F);
      if ((b1 == 0xBC || b1 == 0xBD) && cp >= 0xFF01 && cp <= 0xFF5E) {
        out.push_back(static_cast<char>(cp - 0xFEE0));
        ++count;
        i += 3;
        continue;
      }
    }
    out.push_back(static_cast<char>(b0));
    ++i;
  }
  if (folded != nullptr) *folded = count;
  return out;
}

}  // namespace zhengwen::normalization
