// Content characters and their shingles: the units both fingerprints (MinHash
// and sentence hashes) are computed over, so that punctuation width, line
// breaks and spacing never make two copies of a text look different.
#ifndef ZHENGWEN_COMMON_TEXT_SHINGLES_H_
#define ZHENGWEN_COMMON_TEXT_SHINGLES_H_

#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"
#include "common/text/utf8.h"

namespace zhengwen {

// Characters per shingle. Copy detection (docs/query.md) is tuned on it.
inline constexpr int kShingleLength = 4;

// True for a content character (CJK, letters, digits), given after FoldCodePoint.
inline bool IsContentCodePoint(char32_t folded) {
  return IsCjkCodePoint(folded) || IsWordCodePoint(folded);
}

// The text's content characters after FoldCodePoint, without punctuation or spaces.
std::u32string ContentCharacters(absl::string_view text);

// Number of shingles of a text with `content_characters` content characters
// (a text shorter than one shingle is one shingle; none without content).
inline uint32_t ShingleCount(size_t content_characters) {
  if (content_characters == 0) return 0;
  return content_characters > static_cast<size_t>(kShingleLength)
             ? static_cast<uint32_t>(content_characters - kShingleLength + 1)
             : 1;
}

// Hash of the content characters [begin, begin + length).
uint64_t HashContent(const std::u32string& content, size_t begin, size_t length);

}  // namespace zhengwen

#endif  // ZHENGWEN_COMMON_TEXT_SHINGLES_H_
