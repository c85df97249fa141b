// The one UTF-8 library: decoding, encoding, counting and slicing by code
// point, validity, line splitting, and the character classes text indexing,
// fingerprinting and normalization agree on (what is Han, what is CJK, what
// is part of a word, which variants fold together). Inline because
// tokenizers and stages call it per character on every document.
#ifndef ZHENGWEN_COMMON_TEXT_UTF8_H_
#define ZHENGWEN_COMMON_TEXT_UTF8_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace zhengwen {

// Decodes the code point at `text[*pos]` and advances `*pos`. Malformed
// sequences yield U+FFFD and advance by one byte, so every byte is consumed.
inline char32_t DecodeUtf8(absl::string_view text, size_t* pos) {
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  const size_t n = text.size();
  const size_t i = *pos;
  const uint8_t b0 = s[i];
  if (b0 < 0x80) {
    *pos = i + 1;
    return b0;
  }
  auto cont = [&](size_t k) { return i + k < n && (s[i + k] & 0xC0) == 0x80; };
  if (b0 >= 0xC2 && b0 < 0xE0 && cont(1)) {
    *pos = i + 2;
    return (char32_t(b0 & 0x1F) << 6) | (s[i + 1] & 0x3F);
  }
  if (b0 >= 0xE0 && b0 < 0xF0 && cont(1) && cont(2)) {
    const char32_t cp = (char32_t(b0 & 0x0F) << 12) | (char32_t(s[i + 1] & 0x3F) << 6) |
                        (s[i + 2] & 0x3F);
    if (cp >= 0x800 && (cp < 0xD800 || cp > 0xDFFF)) {
      *pos = i + 3;
      return cp;
    }
  } else if (b0 >= 0xF0 && b0 < 0xF5 && cont(1) && cont(2) && cont(3)) {
    const char32_t cp = (char32_t(b0 & 0x07) << 18) | (char32_t(s[i + 1] & 0x3F) << 12) |
                        (char32_t(s[i + 2] & 0x3F) << 6) | (s[i + 3] & 0x3F);
    if (cp >= 0x10000 && cp <= 0x10FFFF) {
      *pos = i + 4;
      return cp;
    }
  }
  *pos = i + 1;
  return U'\uFFFD';
}

// Code points in `text` (each malformed byte DecodeUtf8 would replace
// counts as one, as it decodes them). An int: every text we handle is far
// below 2^31 bytes (request limits), and callers compare it with int limits.
inline int CodePointCount(absl::string_view text) {
  int count = 0;
  for (size_t pos = 0; pos < text.size(); ++count) DecodeUtf8(text, &pos);
  return count;
}

// True when `text` is well-formed UTF-8 (no overlong forms, surrogates or
// code points above U+10FFFF): DecodeUtf8 consumes a single byte only for
// ASCII and for a malformed sequence.
inline bool IsValidUtf8(absl::string_view text) {
  for (size_t pos = 0; pos < text.size();) {
    const size_t start = pos;
    if (DecodeUtf8(text, &pos) == U'\uFFFD' && pos - start == 1) return false;
  }
  return true;
}

// The code points [offset, offset + length) of `text` (clipped to its end),
// as UTF-8; malformed bytes count as one code point each, as DecodeUtf8
// reads them, and are copied as they are.
inline std::string CodePointSubstr(absl::string_view text, size_t offset, size_t length) {
  size_t pos = 0;
  for (size_t i = 0; i < offset && pos < text.size(); ++i) DecodeUtf8(text, &pos);
  const size_t begin = pos;
  for (size_t i = 0; i < length && pos < text.size(); ++i) DecodeUtf8(text, &pos);
  return std::string(text.substr(begin, pos - begin));
}

// Splits `text` on '\n' (a trailing '\r' is dropped from each line); "" gives
// one empty line, and a text ending in '\n' ends with an empty line.
inline std::vector<std::string> SplitLines(absl::string_view text) {
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

// Appends `cp` as UTF-8; a surrogate or a value above U+10FFFF, which UTF-8
// cannot carry, becomes U+FFFD.
inline void EncodeUtf8(char32_t cp, std::string* out) {
  if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = U'\uFFFD';
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// Han ideographs: CJK unified ideographs (all extensions), compatibility
// ideographs and 〇.
inline bool IsHan(char32_t cp) {
  return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
         (cp >= 0x20000 && cp <= 0x3134F) || (cp >= 0xF900 && cp <= 0xFAFF) || cp == 0x3007;
}

// Han, kana and Hangul: scripts written without spaces, indexed as character
// n-grams.
inline bool IsCjkCodePoint(char32_t cp) {
  return IsHan(cp) || (cp >= 0x3040 && cp <= 0x30FF) || (cp >= 0xAC00 && cp <= 0xD7AF);
}

// Letters and digits of space-separated scripts (after FoldCodePoint): ASCII,
// Latin, Greek and Cyrillic. Runs of them are indexed as words.
inline bool IsWordCodePoint(char32_t cp) {
  return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
         (cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7) || (cp >= 0x370 && cp <= 0x4FF);
}

// Folds variants that should match each other: full-width ASCII to ASCII and
// ASCII capitals to lower case. Never changes the number of code points.
inline char32_t FoldCodePoint(char32_t cp) {
  if (cp >= 0xFF01 && cp <= 0xFF5E) cp -= 0xFEE0;
  if (cp >= 'A' && cp <= 'Z') cp += 'a' - 'A';
  return cp;
}

}  // namespace zhengwen

#endif  // ZHENGWEN_COMMON_TEXT_UTF8_H_
