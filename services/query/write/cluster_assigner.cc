#include "services/query/write/cluster_assigner.h"

#include <algorithm>
#include <limits>
#include <tuple>

#include "common/status_macros.h"
#include "common/storage/key_codec.h"
#include "services/query/index/index_update.h"
#include "services/query/index/query_families.h"
#include "services/query/index/varint.h"
#include "zhengwen/document/v1/document.pb.h"
#include "zhengwen/storage/v1/query_records.pb.h"

namespace zhengwen::query {
namespace {

std::vector<std::string> BandKeys(const MinHashSignature& signature) {
  std::vector<std::string> keys;
  const std::vector<uint64_t> hashes = LshBandHashes(signature);
  for (size_t band = 0; band < hashes.size(); ++band) {
    keys.push_back(LshBandKey(static_cast<int>(band), hashes[band]));
  }
  return keys;
}

}  // namespace

absl::Status ClusterAssigner::Remove(uint32_t doc, const std::string& id) {
  removed_.insert(doc);
  removed_ids_.push_back(id);
  return absl::OkStatus();
}

absl::StatusOr<ClusterKey> ClusterAssigner::KeyOfStored(uint32_t doc) const {
  const DocTable::Entry* entry = table_->Find(doc);
  if (entry == nullptr) return absl::DataLossError("related document not in the table");
  return ClusterKey{entry->published, table_->id(doc)};
}

absl::StatusOr<ClusterKey> ClusterAssigner::KeyOfId(const std::string& id) const {
  ZW_ASSIGN_OR_RETURN(auto number, storage_->Get(QueryFamily::kDocNumbers, id));
  if (!number.has_value()) return ClusterKey{0, id};  // a representative gone stale
  const DocTable::Entry* entry = table_->Find(static_cast<uint32_t>(ReadBigEndian(*number)));
  return ClusterKey{entry == nullptr ? 0 : entry->published, id};
}

absl::StatusOr<ClusterKey> ClusterAssigner::StoredCluster(uint32_t doc) {
  if (auto it = cluster_.find(doc); it != cluster_.end()) return it->second;
  ZW_ASSIGN_OR_RETURN(auto value, storage_->Get(QueryFamily::kDocMeta, BigEndian32(doc)));
  DocMeta meta;
  if (!value.has_value() || !DecodeDocMeta(*value, &meta)) {
    return absl::DataLossError("document meta missing for a similarity record");
  }
  on_disk_[doc] = meta.cluster_id;
  ZW_ASSIGN_OR_RETURN(ClusterKey key,
                      KeyOfId(meta.cluster_id.empty() ? meta.id : meta.cluster_id));
  cluster_[doc] = key;
  return key;
}

std::vector<uint32_t> ClusterAssigner::RelatedNew(const SimilarityProfile& profile,
                                                  uint32_t self) const {
  std::vector<uint32_t> candidates;
  for (const std::string& key : BandKeys(profile.signature)) {
    auto it = new_bands_.find(key);
    if (it != new_bands_.end()) candidates.insert(candidates.end(), it->second.begin(), it->second.end());
  }
  for (const SentenceWeight& sentence : profile.sentences) {
    auto it = new_sentences_.find(sentence.hash);
    if (it != new_sentences_.end()) candidates.insert(candidates.end(), it->second.begin(), it->second.end());
  }
  std::sort(candidates.begin(), candidates.end());
  candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
  std::vector<uint32_t> related;
  for (uint32_t candidate : candidates) {
    if (candidate == self) continue;
    const SimilarityProfile& other = new_.at(candidate).profile;
    const PairMeasures measures =
        MeasurePair(profile, other, SharedSentenceContent(profile, other), thresholds_);
    if (measures.same_cluster) related.push_back(candidate);
  }
  return related;
}

absl::StatusOr<std::vector<uint32_t>> ClusterAssigner::RelatedStored(
    const SimilarityProfile& profile, const Candidates& candidates, uint32_t self) const {
  std::vector<std::pair<uint32_t, uint32_t>> live;
  for (const auto& [doc, shared] : candidates) {
    if (doc == self || removed_.contains(doc) || table_->Find(doc) == nullptr) continue;
    live.emplace_back(doc, shared);
  }
  std::sort(live.begin(), live.end());
  std::vector<std::string> keys;
  for (const auto& [doc, shared] : live) keys.push_back(BigEndian32(doc));
  ZW_ASSIGN_OR_RETURN(auto values, storage_->MultiGet(QueryFamily::kSignatures, keys));
  std::vector<uint32_t> related;
  for (size_t i = 0; i < live.size(); ++i) {
    SimilarityProfile other;
    if (!values[i].has_value() || !DecodeSimilarityRecord(*values[i], &other)) continue;
    if (MeasurePair(profile, other, live[i].second, thresholds_).same_cluster) {
      related.push_back(live[i].first);
    }
  }
  return related;
}

absl::Status ClusterAssigner::Add(uint32_t doc, const DocMeta& meta,
                                  const SimilarityProfile& profile, const Candidates& stored) {
  const ClusterKey key{meta.published, meta.id};
  ClusterKey cluster = key;
  if (!profile.signature.empty()) {
    ZW_ASSIGN_OR_RETURN(std::vector<uint32_t> related_stored, RelatedStored(profile, stored, doc));
    for (uint32_t other : related_stored) {
      ZW_ASSIGN_OR_RETURN(ClusterKey other_key, KeyOfStored(other));
      cluster = std::min(cluster, other_key);
      ZW_ASSIGN_OR_RETURN(ClusterKey other_cluster, StoredCluster(other));
      if (key < other_cluster) cluster_[other] = key;
    }
    for (uint32_t other : RelatedNew(profile, doc)) {
      cluster = std::min(cluster, new_.at(other).key);
      ClusterKey& other_cluster = cluster_.at(other);
      if (key < other_cluster) other_cluster = key;
    }
    for (const std::string& band : BandKeys(profile.signature)) new_bands_[band].push_back(doc);
    for (const SentenceWeight& sentence : profile.sentences) {
      std::vector<uint32_t>& docs = new_sentences_[sentence.hash];
      if (docs.size() < kMaxSentenceDocuments) docs.push_back(doc);
    }
  }
  cluster_[doc] = cluster;
  new_[doc] = NewDocument{key, profile};
  return absl::OkStatus();
}

absl::Status ClusterAssigner::Finish() {
  for (const std::string& removed_id : removed_ids_) {
    std::vector<uint32_t> members;
    const std::string prefix = removed_id + std::string(1, '\0');
    ZW_RETURN_IF_ERROR(storage_->Scan(QueryFamily::kClusters, prefix, prefix,
                                      [&](absl::string_view key, absl::string_view) {
                                        members.push_back(static_cast<uint32_t>(
                                            ReadBigEndian(key.substr(prefix.size()))));
                                        return true;
                                      }));
    for (uint32_t member : members) {
      if (removed_.contains(member) || new_.contains(member) || table_->Find(member) == nullptr) {
        continue;
      }
      ZW_ASSIGN_OR_RETURN(const ClusterKey own, KeyOfStored(member));
      ClusterKey cluster = own;
      if (!on_disk_.contains(member)) on_disk_[member] = removed_id;
      ZW_ASSIGN_OR_RETURN(auto stored, storage_->Get(QueryFamily::kDocuments, own.id));
      zhengwen::storage::v1::DocumentRecord document;
      if (stored.has_value() && document.ParseFromString(*stored)) {
        const SimilarityProfile profile = ProfileOf(document.text());
        ZW_ASSIGN_OR_RETURN(Candidates candidates, StoredCandidates(*storage_, profile));
        ZW_ASSIGN_OR_RETURN(std::vector<uint32_t> related,
                            RelatedStored(profile, candidates, member));
        for (uint32_t other : related) {
          ZW_ASSIGN_OR_RETURN(ClusterKey other_key, KeyOfStored(other));
          cluster = std::min(cluster, other_key);
        }
        for (uint32_t other : RelatedNew(profile, member)) {
          cluster = std::min(cluster, new_.at(other).key);
        }
      }
      cluster_[member] = cluster;
    }
  }
  return absl::OkStatus();
}

std::string ClusterAssigner::ClusterOf(uint32_t doc) const {
  auto it = cluster_.find(doc);
  return it == cluster_.end() ? std::string() : it->second.id;
}

absl::Status ClusterAssigner::AppendRelabels(WriteBatch* batch) const {
  for (const auto& [doc, on_disk] : on_disk_) {
    if (removed_.contains(doc)) continue;
    const std::string& now = cluster_.at(doc).id;
    if (now == on_disk) continue;
    ZW_ASSIGN_OR_RETURN(auto value, storage_->Get(QueryFamily::kDocMeta, BigEndian32(doc)));
    DocMeta meta;
    if (!value.has_value() || !DecodeDocMeta(*value, &meta)) continue;
    if (meta.cluster_id == now) continue;
    if (!meta.cluster_id.empty()) batch->Delete(QueryFamily::kClusters, ClusterMemberKey(meta.cluster_id, doc));
    meta.cluster_id = now;
    batch->Put(QueryFamily::kDocMeta, BigEndian32(doc), EncodeDocMeta(meta));
    batch->Put(QueryFamily::kClusters, ClusterMemberKey(now, doc), "");
  }
  return absl::OkStatus();
}

}  // namespace zhengwen::query
