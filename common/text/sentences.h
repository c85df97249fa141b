// Sentence splitting with a content hash per sentence: the units passage
// reuse is found by (the query service) and Document.signatures'
// sentence_hashes (normalization). All offsets and lengths are in Unicode
// code points.
#ifndef ZHENGWEN_COMMON_TEXT_SENTENCES_H_
#define ZHENGWEN_COMMON_TEXT_SENTENCES_H_

#include <cstdint>
#include <vector>

#include "absl/strings/string_view.h"

namespace zhengwen {

// Sentences shorter than this many content characters are too common to
// show reuse ("谢谢。") and are not fingerprinted.
inline constexpr int kMinSentenceContent = 6;

struct Sentence {
  int offset = 0;         // first code point of the sentence in the text
  int length = 0;         // code points, including its closing punctuation
  int content_length = 0; // content characters in it (shingles.h)
  uint64_t hash = 0;      // hash of its content characters
};

// Splits `text` into sentences at 。！？；!?; … and line breaks (closing
// quotes and brackets stay with their sentence), dropping leading spaces.
// Only sentences with at least `min_content` content characters are returned.
std::vector<Sentence> SplitSentences(absl::string_view text,
                                     int min_content = kMinSentenceContent);

}  // namespace zhengwen

#endif  // ZHENGWEN_COMMON_TEXT_SENTENCES_H_
