// The one MinHash: signatures of a text's content-character shingles, their
// LSH bands and byte form. Pure functions over clean (Simplified) text; the
// query service indexes them for copy detection and normalization fills
// Document.signatures.minhash with the same values.
#ifndef ZHENGWEN_COMMON_TEXT_MINHASH_H_
#define ZHENGWEN_COMMON_TEXT_MINHASH_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "common/text/shingles.h"

namespace zhengwen {

// Number of values in a MinHash signature, and how LSH cuts it into bands:
// 16 bands of 8 values find pairs at similarity 0.8 with probability 0.95,
// and pairs at 0.5 with probability 0.06.
inline constexpr int kMinHashSize = 128;
inline constexpr int kLshBands = 16;
inline constexpr int kLshRows = kMinHashSize / kLshBands;

// A MinHash signature: kMinHashSize 16-bit values (empty for a text without
// content characters). Computed by one-permutation hashing with optimal
// densification (Shrivastava, 2017): one hash per shingle, so the cost is
// linear in the text, not in text length times signature size.
using MinHashSignature = std::vector<uint16_t>;

// Signature of the text's content characters, shingled by kShingleLength
// (shingles.h).
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

}  // namespace zhengwen

#endif  // ZHENGWEN_COMMON_TEXT_MINHASH_H_
