#include "services/normalization/utf8_text.h"

#include <unicode/utf8.h>

#include "common/utf8.h"

namespace zhengwen::normalization {

// One UTF-8 decoder for the whole project: common/utf8.h.
char32_t NextCodePoint(absl::string_view text, size_t* pos) { return DecodeUtf8(text, pos); }

void AppendCodePoint(char32_t cp, std::string* out) {
  if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = U'\uFFFD';
  EncodeUtf8(cp, out);
}

bool IsHan(char32_t cp) {
  return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
         (cp >= 0x20000 && cp <= 0x3134F) || (cp >= 0xF900 && cp <= 0xFAFF) || cp == 0x3007;
}

int CodePointLength(absl::string_view text) {
  int n = 0;
  for (size_t pos = 0; pos < text.size(); ++n) NextCodePoint(text, &pos);
  return n;
}

bool IsValidUtf8(absl::string_view text) {
  int32_t i = 0;
  const int32_t n = static_cast<int32_t>(text.size());
  while (i < n) {
    UChar32 c;
    U8_NEXT(reinterpret_cast<const uint8_t*>(text.data()), i, n, c);
    if (c < 0) return false;
  }
  return true;
}

std::vector<std::string> SplitLines(absl::string_view text) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == absl::string_view::npos) end = text.size();
    absl::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.emplace_back(line);
    if (end == text.size()) break;
    start = end + 1;
  }
  return lines;
}

}  // namespace zhengwen::normalization
