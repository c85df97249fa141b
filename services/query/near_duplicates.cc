#include "services/query/near_duplicates.h"

#include <algorithm>

#include "common/status_macros.h"
#include "services/query/index_update.h"
#include "services/query/posting_list.h"
#include "services/query/query_families.h"
#include "services/query/varint.h"

namespace zhengwen::query {
namespace {

// Shingle estimate of the share of a found in b (0 when it does not apply).
double ShingleContainment(double jaccard, uint32_t a, uint32_t b) {
  if (jaccard < kMinJaccardForShingleContainment || a == 0 || b == 0) return 0;
  const double estimate = jaccard * (static_cast<double>(a) + b) / ((1 + jaccard) * a);
  return std::min(1.0, estimate);
}

double SentenceContainment(uint32_t shared, uint32_t total) {
  if (shared < kMinSharedSentenceContent || total == 0) return 0;
  return std::min(1.0, static_cast<double>(shared) / total);
}

}  // namespace

SimilarityProfile ProfileOf(absl::string_view text) {
  SimilarityProfile profile;
  profile.signature = ComputeMinHash(text);
  if (profile.signature.empty()) return profile;
  profile.shingles = ShingleCount(ContentCharacters(text).size());
  for (const Sentence& sentence : SplitSentences(text)) {
    profile.sentences.push_back(
        SentenceWeight{sentence.hash, static_cast<uint32_t>(sentence.content_length)});
  }
  std::sort(profile.sentences.begin(), profile.sentences.end(),
            [](const SentenceWeight& a, const SentenceWeight& b) { return a.hash < b.hash; });
  profile.sentences.erase(std::unique(profile.sentences.begin(), profile.sentences.end(),
                                      [](const SentenceWeight& a, const SentenceWeight& b) {
                                        return a.hash == b.hash;
                                      }),
                          profile.sentences.end());
  for (const SentenceWeight& sentence : profile.sentences) {
    profile.sentence_content += sentence.content;
  }
  return profile;
}

std::string EncodeSimilarityRecord(const SimilarityProfile& profile) {
  std::string out = EncodeMinHash(profile.signature);
  PutVarint(profile.shingles, &out);
  PutVarint(profile.sentence_content, &out);
  return out;
}

bool DecodeSimilarityRecord(absl::string_view bytes, SimilarityProfile* profile) {
  *profile = SimilarityProfile();
  constexpr size_t kSignatureBytes = 2 * kMinHashSize;
  if (bytes.size() < kSignatureBytes) return false;
  profile->signature = DecodeMinHash(bytes.substr(0, kSignatureBytes));
  const char* p = bytes.data() + kSignatureBytes;
  const char* end = bytes.data() + bytes.size();
  if (p == end) return true;  // a bare signature
  return GetVarint32(&p, end, &profile->shingles) &&
         GetVarint32(&p, end, &profile->sentence_content) && p == end;
}

uint32_t SharedSentenceContent(const SimilarityProfile& a, const SimilarityProfile& b) {
  uint32_t shared = 0;
  size_t i = 0, j = 0;
  while (i < a.sentences.size() && j < b.sentences.size()) {
    if (a.sentences[i].hash < b.sentences[j].hash) {
      ++i;
    } else if (b.sentences[j].hash < a.sentences[i].hash) {
      ++j;
    } else {
      shared += a.sentences[i].content;
      ++i;
      ++j;
    }
  }
  return shared;
}

PairMeasures MeasurePair(const SimilarityProfile& a, const SimilarityProfile& b,
                         uint32_t shared_sentence_content, const RelationThresholds& thresholds) {
  PairMeasures m;
  m.jaccard = EstimateSimilarity(a.signature, b.signature);
  // Shingle counts are content characters - kShingleLength + 1; a record
  // without counts (written before they existed) is not held to the minimum.
  constexpr uint32_t kMinShingles = kMinRelatedContent - kShingleLength + 1;
  if ((a.shingles != 0 && a.shingles < kMinShingles) ||
      (b.shingles != 0 && b.shingles < kMinShingles)) {
    m.jaccard = 0;
    return m;
  }
  m.containment_in_other =
      std::max(SentenceContainment(shared_sentence_content, a.sentence_content),
               ShingleContainment(m.jaccard, a.shingles, b.shingles));
  m.containment_of_other =
      std::max(SentenceContainment(shared_sentence_content, b.sentence_content),
               ShingleContainment(m.jaccard, b.shingles, a.shingles));
  if (m.jaccard >= thresholds.jaccard ||
      std::min(m.containment_in_other, m.containment_of_other) >= kDuplicateContainment) {
    m.relation = CopyRelation::kDuplicate;
  } else if (m.containment_in_other >= thresholds.containment &&
             m.containment_in_other >= m.containment_of_other) {
    m.relation = CopyRelation::kContainedIn;
  } else if (m.containment_of_other >= thresholds.containment) {
    m.relation = CopyRelation::kContains;
  }
  m.same_cluster = m.relation == CopyRelation::kDuplicate ||
                   (m.relation != CopyRelation::kNone &&
                    std::min(m.containment_in_other, m.containment_of_other) >= kMinClusterCoverage);
  return m;
}

absl::StatusOr<Candidates> StoredCandidates(const Storage& storage,
                                            const SimilarityProfile& profile) {
  Candidates candidates;
  if (profile.signature.empty()) return candidates;
  std::vector<std::string> keys;
  const std::vector<uint64_t> bands = LshBandHashes(profile.signature);
  for (size_t band = 0; band < bands.size(); ++band) {
    keys.push_back(LshBandKey(static_cast<int>(band), bands[band]));
  }
  ZW_ASSIGN_OR_RETURN(auto band_values, storage.MultiGet(kLshBands, keys));
  for (auto& value : band_values) {
    if (!value.has_value()) continue;
    ZW_ASSIGN_OR_RETURN(auto list, PostingList::Parse(std::move(*value)));
    PostingCursor cursor(list.get());
    while (cursor.Next()) candidates.try_emplace(cursor.doc(), 0);
  }
  // The longest sentences carry the most evidence: look those up first.
  std::vector<SentenceWeight> sentences = profile.sentences;
  if (sentences.size() > kMaxSentencesLookedUp) {
    std::partial_sort(sentences.begin(), sentences.begin() + kMaxSentencesLookedUp,
                      sentences.end(), [](const SentenceWeight& a, const SentenceWeight& b) {
                        return a.content > b.content;
                      });
    sentences.resize(kMaxSentencesLookedUp);
  }
  keys.clear();
  for (const SentenceWeight& sentence : sentences) keys.push_back(SentenceKey(sentence.hash));
  ZW_ASSIGN_OR_RETURN(auto sentence_values, storage.MultiGet(kSentences, keys));
  for (size_t i = 0; i < sentences.size(); ++i) {
    if (!sentence_values[i].has_value()) continue;
    ZW_ASSIGN_OR_RETURN(auto list, PostingList::Parse(std::move(*sentence_values[i])));
    if (list->size() > kMaxSentenceDocuments) continue;
    PostingCursor cursor(list.get());
    while (cursor.Next()) candidates[cursor.doc()] += sentences[i].content;
  }
  return candidates;
}

absl::StatusOr<SimilarityProfile> StoredProfile(const Storage& storage, uint32_t doc) {
  SimilarityProfile profile;
  ZW_ASSIGN_OR_RETURN(auto value, storage.Get(kSignatures, BigEndian32(doc)));
  if (value.has_value() && !DecodeSimilarityRecord(*value, &profile)) {
    return absl::DataLossError("corrupt similarity record");
  }
  return profile;
}

absl::StatusOr<std::vector<Neighbor>> FindRelated(const IndexView& view,
                                                  const SimilarityProfile& profile,
                                                  const RelationThresholds& thresholds,
                                                  double min_jaccard, uint32_t exclude) {
  std::vector<Neighbor> neighbors;
  ZW_ASSIGN_OR_RETURN(Candidates candidates, StoredCandidates(*view.storage, profile));
  std::vector<std::pair<uint32_t, uint32_t>> live;
  std::vector<std::string> keys;
  for (const auto& [doc, shared] : candidates) {
    if (doc == exclude || view.docs->Find(doc) == nullptr) continue;
    live.emplace_back(doc, shared);
  }
  std::sort(live.begin(), live.end());
  for (const auto& [doc, shared] : live) keys.push_back(BigEndian32(doc));
  ZW_ASSIGN_OR_RETURN(auto values, view.storage->MultiGet(kSignatures, keys));
  for (size_t i = 0; i < live.size(); ++i) {
    SimilarityProfile other;
    if (!values[i].has_value() || !DecodeSimilarityRecord(*values[i], &other)) continue;
    const PairMeasures measures = MeasurePair(profile, other, live[i].second, thresholds);
    if (measures.relation != CopyRelation::kNone || measures.jaccard >= min_jaccard) {
      neighbors.push_back(Neighbor{live[i].first, measures});
    }
  }
  std::stable_sort(neighbors.begin(), neighbors.end(), [](const Neighbor& a, const Neighbor& b) {
    return a.measures.jaccard > b.measures.jaccard;
  });
  return neighbors;
}

}  // namespace zhengwen::query
