// Inline UTF-8 decoding and the character classes text indexing and
// fingerprinting agree on (what is a CJK character, what is part of a word,
// which variants fold together). Inline because tokenizers call it per
// character on every document.
#ifndef ZHENGWEN_COMMON_UTF8_H_
#define ZHENGWEN_COMMON_UTF8_H_

#include <cstdint>
#include <string>

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
// counts as one, as it decodes them).
inline size_t CodePointCount(absl::string_view text) {
  size_t count = 0;
  for (size_t pos = 0; pos < text.size(); ++count) DecodeUtf8(text, &pos);
  return count;
}

// Appends `cp` as UTF-8.
inline void EncodeUtf8(char32_t cp, std::string* out) {
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

// Han ideographs (all extensions, compatibility forms, 〇), kana and Hangul:
// scripts written without spaces, indexed as character n-grams.
inline bool IsCjkCodePoint(char32_t cp) {
  return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
         (cp >= 0x20000 && cp <= 0x3134F) || (cp >= 0xF900 && cp <= 0xFAFF) || cp == 0x3007 ||
         (cp >= 0x3040 && cp <= 0x30FF) || (cp >= 0xAC00 && cp <= 0xD7AF);
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

#endif  // ZHENGWEN_COMMON_UTF8_H_
