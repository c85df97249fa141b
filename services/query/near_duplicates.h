// Copy detection between documents: resemblance and containment.
//
// Each document has a SimilarityProfile: its MinHash signature (LSH-banded in
// kLshBands), its shingle count, and its distinct sentence hashes (indexed in
// kSentences by passage reuse). Candidates of a document are the documents
// sharing an LSH band or a sentence with it; each is verified before it is
// reported:
//   jaccard       estimated from the two signatures (share of equal values);
//   containment   share of one side's text found in the other, the larger of
//                 the sentence measure (content characters of its distinct
//                 sentences the other also has, exact from the hashes) and the
//                 shingle measure (J * (|A| + |B|) / ((1 + J) * |A|) from the
//                 estimated Jaccard and the shingle counts).
// The relation follows (docs/query.md): DUPLICATE when near-identical,
// CONTAINS / CONTAINED_IN when one side is mostly found in the other.
#ifndef ZHENGWEN_SERVICES_QUERY_NEAR_DUPLICATES_H_
#define ZHENGWEN_SERVICES_QUERY_NEAR_DUPLICATES_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/storage.h"
#include "common/text/minhash.h"
#include "common/text/sentences.h"
#include "services/query/index_view.h"

namespace zhengwen::query {

// Least estimated Jaccard for DUPLICATE (and FindSimilar's default floor).
inline constexpr double kDefaultSimilarityThreshold = 0.8;
// Least containment for CONTAINS / CONTAINED_IN.
inline constexpr double kDefaultContainmentThreshold = 0.7;
// Containment both ways at least this is DUPLICATE too (a copy with a few
// lines of chrome or one dropped sentence has a lower Jaccard).
inline constexpr double kDuplicateContainment = 0.9;
// Sentence evidence counts only with at least this many shared content
// characters (one shared stock phrase is not a copy).
inline constexpr uint32_t kMinSharedSentenceContent = 40;
// The shingle estimate of containment is used only from this Jaccard up: below
// it the estimate's noise, multiplied by the size ratio, dominates.
inline constexpr double kMinJaccardForShingleContainment = 0.15;
// Two related documents share a cluster only when the smaller covers at least
// this share of the larger: a short excerpt inside a compilation must not pull
// every text of the compilation into one cluster.
inline constexpr double kMinClusterCoverage = 0.5;
// Texts with fewer content characters than this relate to nothing: a line of
// site chrome left alone on a page ("热门文章排行") is equal on many sites
// without any copying.
inline constexpr uint32_t kMinRelatedContent = 30;
// A sentence held by more documents than this is a template phrase: it is
// neither a candidate source nor sentence evidence.
inline constexpr uint32_t kMaxSentenceDocuments = 200;
// Sentences of one document looked up (the longest first beyond this).
inline constexpr size_t kMaxSentencesLookedUp = 1000;

struct RelationThresholds {
  double jaccard = kDefaultSimilarityThreshold;
  double containment = kDefaultContainmentThreshold;
};

enum class CopyRelation { kNone, kDuplicate, kContains, kContainedIn };

// A distinct sentence of a document: content hash and content characters.
struct SentenceWeight {
  uint64_t hash = 0;
  uint32_t content = 0;
};

struct SimilarityProfile {
  MinHashSignature signature;  // empty for a text without content characters
  uint32_t shingles = 0;       // content characters - kShingleLength + 1 (at least 1)
  uint32_t sentence_content = 0;  // content characters of the distinct sentences
  std::vector<SentenceWeight> sentences;  // by hash; not stored (kSentences has them)
};

SimilarityProfile ProfileOf(absl::string_view text);

// kSignatures value: the signature, then shingles and sentence_content as
// varints. A bare signature (written before containment existed) decodes with
// zero counts, which disables the containment measures for it.
std::string EncodeSimilarityRecord(const SimilarityProfile& profile);
bool DecodeSimilarityRecord(absl::string_view bytes, SimilarityProfile* profile);

// The measures of document a against document b, given the content
// characters of the distinct sentences both have.
struct PairMeasures {
  double jaccard = 0;
  double containment_in_other = 0;  // share of a found in b
  double containment_of_other = 0;  // share of b found in a
  CopyRelation relation = CopyRelation::kNone;  // of a to b: kContains = a contains b
  bool same_cluster = false;  // related, and the smaller covers kMinClusterCoverage of the larger
};
PairMeasures MeasurePair(const SimilarityProfile& a, const SimilarityProfile& b,
                         uint32_t shared_sentence_content, const RelationThresholds& thresholds);

// Content characters of the distinct sentences both profiles have.
uint32_t SharedSentenceContent(const SimilarityProfile& a, const SimilarityProfile& b);

// Stored documents sharing an LSH band or a sentence (held by at most
// kMaxSentenceDocuments documents) with `profile`, each with the shared
// sentence content (unverified; removed documents may still appear).
using Candidates = absl::flat_hash_map<uint32_t, uint32_t>;
absl::StatusOr<Candidates> StoredCandidates(const Storage& storage,
                                            const SimilarityProfile& profile);

// The stored similarity record of document `doc` (empty signature when none).
absl::StatusOr<SimilarityProfile> StoredProfile(const Storage& storage, uint32_t doc);

struct Neighbor {
  uint32_t doc = 0;
  PairMeasures measures;
};

// Live documents (not `exclude`) related to `profile`, or at least
// `min_jaccard` similar to it; most similar first (ties by document number).
absl::StatusOr<std::vector<Neighbor>> FindRelated(const IndexView& view,
                                                  const SimilarityProfile& profile,
                                                  const RelationThresholds& thresholds,
                                                  double min_jaccard, uint32_t exclude);

}  // namespace zhengwen::query

#endif  // ZHENGWEN_SERVICES_QUERY_NEAR_DUPLICATES_H_
