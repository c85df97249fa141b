// Signatures stage: fingerprints of a document's clean text for the query
// service: an exact hash, a MinHash sketch over character shingles (for near
// duplicates) and a hash per sentence (for passages reused across documents).
#ifndef ZHENGWEN_SERVICES_NORMALIZATION_SIGNATURES_H_
#define ZHENGWEN_SERVICES_NORMALIZATION_SIGNATURES_H_

#include <cstdint>

#include "absl/strings/string_view.h"
#include "zhengwen/document/v1/document.pb.h"

namespace zhengwen::normalization {

// Characters per shingle, and MinHash values per document.
inline constexpr int kShingleSize = 5;
inline constexpr int kMinHashSize = 64;
// Sentences shorter than this (in characters, whitespace not counted) are not
// hashed: "谢谢大家!" is in every speech and says nothing about reuse.
inline constexpr int kMinSentenceLength = 6;

// Fingerprints of `text`.
//   exact_hash: XXH3-64 of the text, hex.
//   minhash: kMinHashSize values over the kShingleSize-character shingles of
//     the text (whitespace removed), by one-permutation MinHash: each shingle
//     is hashed once (XXH3-64); its top 6 bits pick one of the 64 bins and
//     each bin keeps its smallest hash. Empty bins (short texts) borrow the
//     value of a bin chosen by a fixed hash sequence ("optimal
//     densification", Shrivastava 2017). As with classic MinHash, the share
//     of equal positions between two documents estimates their Jaccard
//     similarity, at one hash per shingle instead of 64.
//   sentence_hashes / sentence_offsets: XXH3-64 of each sentence (split at
//     。!?; and line ends, whitespace removed) and its code point offset.
zhengwen::document::v1::Signatures ComputeSignatures(absl::string_view text);

// Estimated Jaccard similarity of two documents from their MinHash values.
double EstimateJaccard(const zhengwen::document::v1::Signatures& a,
                       const zhengwen::document::v1::Signatures& b);

}  // namespace zhengwen::normalization

#endif  // ZHENGWEN_SERVICES_NORMALIZATION_SIGNATURES_H_
