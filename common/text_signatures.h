// Text fingerprints for near-duplicate and passage-reuse detection: content
// characters, character shingles, MinHash signatures with LSH bands, and
// sentences with content hashes. Pure functions over clean (Simplified) text,
// shared by the query service and, later, normalization.
//
// All offsets and lengths are in Unicode code points.
#ifndef ZHENGWEN_COMMON_TEXT_SIGNATURES_H_
#define ZHENGWEN_COMMON_TEXT_SIGNATURES_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace zhengwen {

// The text's content characters (CJK, letters, digits) after FoldCodePoint,
// without punctuation or spaces, so that punctuation width, line breaks and
// spacing never make two copies of a text look different.
std::u32string ContentCharacters(absl::string_view text);

// --- MinHash ---------------------------------------------------------------

// Number of values in a MinHash signature, and how LSH cuts it into bands:
// 16 bands of 8 values find pairs at similarity 0.8 with probability 0.95,
// and pairs at 0.5 with probability 0.06.
inline constexpr int kMinHashSize = 128;
inline constexpr int kLshBands = 16;
inline constexpr int kLshRows = kMinHashSize / kLshBands;
// Characters per shingle.
inline constexpr int kShingleLength = 4;

// A MinHash signature: kMinHashSize 16-bit values (empty for a text without
// content characters). Computed by one-permutation hashing with optimal
// densification (Shrivastava, 2017): one hash per shingle, so the cost is
// linear in the text, not in text length times signature size.
using MinHashSignature = std::vector<uint16_t>;

// Signature of the text's content characters, shingled by kShingleLength.
MinHashSignature ComputeMinHash(absl::string_view text);

// Estimated Jaccard similarity of the shingle sets behind two signatures
// (share of equal values); 0 when either is empty.
double EstimateSimilarity(const MinHashSignature& a, const MinHashSignature& b);

// One hash per LSH band (kLshBands of them; empty for an empty signature).
// Two texts are candidates when any band hash is equal.
std::vector<uint64_t> LshBandHashes(const MinHashSignature& signature);

// Compact byte form of a signature (2 bytes per value, little-endian).
std::string EncodeMinHash(const MinHashSignature& signature);
MinHashSignature DecodeMinHash(absl::string_view bytes);

// --- Sentences ------------------------------------------------------------

// Sentences shorter than this many content characters are too common to
// show reuse ("谢谢。") and are not fingerprinted.
inline constexpr int kMinSentenceContent = 6;

struct Sentence {
  int offset = 0;         // first code point of the sentence in the text
  int length = 0;         // code points, including its closing punctuation
  int content_length = 0; // content characters in it
  uint64_t hash = 0;      // hash of its content characters
};

// Splits `text` into sentences at 。！？；!?; … and line breaks (closing
// quotes and brackets stay with their sentence), dropping leading spaces.
// Only sentences with at least `min_content` content characters are returned.
std::vector<Sentence> SplitSentences(absl::string_view text,
                                     int min_content = kMinSentenceContent);

}  // namespace zhengwen

#endif  // ZHENGWEN_COMMON_TEXT_SIGNATURES_H_
