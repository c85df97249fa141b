#include "services/normalization/signatures.h"

#include "common/text/hashing.h"
#include "common/text/minhash.h"
#include "common/text/sentences.h"

namespace zhengwen::normalization {

zhengwen::document::v1::Signatures ComputeSignatures(absl::string_view text) {
  zhengwen::document::v1::Signatures signatures;
  signatures.set_exact_hash(Hex64(Hash64(text)));
  signatures.set_shingle_size(kShingleLength);
  for (uint16_t value : ComputeMinHash(text)) signatures.add_minhash(value);
  for (const Sentence& sentence : SplitSentences(text)) {
    signatures.add_sentence_hashes(sentence.hash);
    signatures.add_sentence_offsets(sentence.offset);
  }
  return signatures;
}

}  // namespace zhengwen::normalization
