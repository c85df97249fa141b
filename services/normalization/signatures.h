// Signatures stage: fingerprints of a document's clean text for the query
// service and for clients, all computed by the one text library
// (common/text/), so that they equal what the query service indexes.
#ifndef ZHENGWEN_SERVICES_NORMALIZATION_SIGNATURES_H_
#define ZHENGWEN_SERVICES_NORMALIZATION_SIGNATURES_H_

#include "absl/strings/string_view.h"
#include "zhengwen/document/v1/document.pb.h"

namespace zhengwen::normalization {

// Fingerprints of `text`.
//   exact_hash: XXH3-64 of the text, hex.
//   minhash / shingle_size: ComputeMinHash (common/text/minhash.h): kMinHashSize
//     (128) 16-bit values over kShingleLength (4) content-character shingles.
//   sentence_hashes / sentence_offsets: SplitSentences (common/text/sentences.h):
//     the content hash and code point offset of each sentence of at least
//     kMinSentenceContent (6) content characters.
zhengwen::document::v1::Signatures ComputeSignatures(absl::string_view text);

}  // namespace zhengwen::normalization

#endif  // ZHENGWEN_SERVICES_NORMALIZATION_SIGNATURES_H_
