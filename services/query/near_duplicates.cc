#include "services/query/near_duplicates.h"

#include <algorithm>

#include "common/status_macros.h"
#include "services/query/doc_table.h"
#include "services/query/index_update.h"
#include "services/query/posting_list.h"
#include "services/query/query_families.h"
#include "services/query/varint.h"

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

absl::StatusOr<std::vector<uint32_t>> LshCandidates(const Storage& storage,
                                                    const MinHashSignature& signature) {
  std::vector<uint32_t> docs;
  const std::vector<std::string> keys = BandKeys(signature);
  if (keys.empty()) return docs;
  ZW_ASSIGN_OR_RETURN(auto values, storage.MultiGet(kLshBands, keys));
  for (auto& value : values) {
    if (!value.has_value()) continue;
    ZW_ASSIGN_OR_RETURN(auto list, PostingList::Parse(std::move(*value)));
    PostingCursor cursor(list.get());
    while (cursor.Next()) docs.push_back(cursor.doc());
  }
  std::sort(docs.begin(), docs.end());
  docs.erase(std::unique(docs.begin(), docs.end()), docs.end());
  return docs;
}

absl::StatusOr<MinHashSignature> StoredSignature(const Storage& storage, uint32_t doc) {
  ZW_ASSIGN_OR_RETURN(auto value, storage.Get(kSignatures, BigEndian32(doc)));
  if (!value.has_value()) return MinHashSignature();
  return DecodeMinHash(*value);
}

absl::StatusOr<std::vector<Neighbor>> FindNearDuplicates(const IndexView& view,
                                                         const MinHashSignature& signature,
                                                         double min_similarity, uint32_t exclude) {
  std::vector<Neighbor> neighbors;
  ZW_ASSIGN_OR_RETURN(std::vector<uint32_t> candidates, LshCandidates(*view.storage, signature));
  std::vector<std::string> keys;
  std::vector<uint32_t> live;
  for (uint32_t doc : candidates) {
    if (doc == exclude || view.docs->Find(doc) == nullptr) continue;
    live.push_back(doc);
    keys.push_back(BigEndian32(doc));
  }
  ZW_ASSIGN_OR_RETURN(auto values, view.storage->MultiGet(kSignatures, keys));
  for (size_t i = 0; i < live.size(); ++i) {
    if (!values[i].has_value()) continue;
    const double similarity = EstimateSimilarity(signature, DecodeMinHash(*values[i]));
    if (similarity >= min_similarity) neighbors.push_back(Neighbor{live[i], similarity});
  }
  std::sort(neighbors.begin(), neighbors.end(), [](const Neighbor& a, const Neighbor& b) {
    return a.similarity != b.similarity ? a.similarity > b.similarity : a.doc < b.doc;
  });
  return neighbors;
}

absl::StatusOr<std::string> ClusterAssigner::CurrentCluster(uint32_t doc) {
  if (auto it = cluster_.find(doc); it != cluster_.end()) return it->second;
  ZW_ASSIGN_OR_RETURN(auto value, storage_->Get(kDocMeta, BigEndian32(doc)));
  DocMeta meta;
  if (!value.has_value() || !DecodeDocMeta(*value, &meta)) {
    return absl::DataLossError("document meta missing for a signature");
  }
  const std::string cluster = meta.cluster_id.empty() ? meta.id : meta.cluster_id;
  stored_cluster_[doc] = meta.cluster_id;
  cluster_[doc] = cluster;
  return cluster;
}

absl::Status ClusterAssigner::Relabel(const std::string& from, const std::string& to) {
  std::vector<uint32_t> members = joined_[from];
  joined_.erase(from);
  const std::string prefix = from + std::string(1, '\0');
  ZW_RETURN_IF_ERROR(storage_->Scan(kClusters, prefix, prefix,
                                    [&](absl::string_view key, absl::string_view) {
                                      members.push_back(static_cast<uint32_t>(
                                          ReadBigEndian(key.substr(prefix.size()))));
                                      return true;
                                    }));
  for (uint32_t doc : members) {
    if (removed_.contains(doc)) continue;
    ZW_ASSIGN_OR_RETURN(std::string current, CurrentCluster(doc));
    if (current != from) continue;  // moved earlier in this write
    cluster_[doc] = to;
    joined_[to].push_back(doc);
  }
  return absl::OkStatus();
}

absl::Status ClusterAssigner::Add(uint32_t doc, const std::string& id,
                                  const MinHashSignature& signature,
                                  std::vector<uint32_t> stored_candidates) {
  std::vector<std::string> clusters;
  if (!signature.empty()) {
    std::vector<uint32_t> candidates = std::move(stored_candidates);
    const std::vector<std::string> keys = BandKeys(signature);
    for (const std::string& key : keys) {
      auto it = new_bands_.find(key);
      if (it != new_bands_.end()) candidates.insert(candidates.end(), it->second.begin(), it->second.end());
    }
    std::sort(candidates.begin(), candidates.end());
    candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
    for (uint32_t candidate : candidates) {
      if (removed_.contains(candidate)) continue;
      MinHashSignature other;
      if (auto it = new_signatures_.find(candidate); it != new_signatures_.end()) {
        other = it->second;
      } else {
        ZW_ASSIGN_OR_RETURN(other, StoredSignature(*storage_, candidate));
      }
      if (EstimateSimilarity(signature, other) < threshold_) continue;
      ZW_ASSIGN_OR_RETURN(std::string cluster, CurrentCluster(candidate));
      clusters.push_back(std::move(cluster));
    }
    for (const std::string& key : keys) new_bands_[key].push_back(doc);
    new_signatures_[doc] = signature;
  }
  std::sort(clusters.begin(), clusters.end());
  clusters.erase(std::unique(clusters.begin(), clusters.end()), clusters.end());
  const std::string target = clusters.empty() ? id : clusters.front();
  for (size_t i = 1; i < clusters.size(); ++i) ZW_RETURN_IF_ERROR(Relabel(clusters[i], target));
  cluster_[doc] = target;
  joined_[target].push_back(doc);
  return absl::OkStatus();
}

std::string ClusterAssigner::ClusterOf(uint32_t doc) const {
  auto it = cluster_.find(doc);
  return it == cluster_.end() ? std::string() : it->second;
}

absl::Status ClusterAssigner::AppendRelabels(WriteBatch* batch) const {
  for (const auto& [doc, on_disk] : stored_cluster_) {
    if (removed_.contains(doc)) continue;
    const std::string& now = cluster_.at(doc);
    if (now == on_disk) continue;
    ZW_ASSIGN_OR_RETURN(auto value, storage_->Get(kDocMeta, BigEndian32(doc)));
    DocMeta meta;
    if (!value.has_value() || !DecodeDocMeta(*value, &meta)) continue;
    meta.cluster_id = now;
    batch->Put(kDocMeta, BigEndian32(doc), EncodeDocMeta(meta));
    if (!on_disk.empty()) batch->Delete(kClusters, ClusterMemberKey(on_disk, doc));
    batch->Put(kClusters, ClusterMemberKey(now, doc), "");
  }
  return absl::OkStatus();
}

}  // namespace zhengwen::query
