// Near-duplicates: MinHash signatures of each document's clean text, bucketed
// by LSH bands (common/text_signatures.h). A lookup reads the document's 16
// band buckets and verifies each candidate's signature against the threshold.
//
// Clusters: each document is written with the cluster of its near-duplicates
// (ClusterAssigner); a document with none founds a cluster named by its own
// id. When a new document joins two clusters they merge under the smaller id.
// Clusters only grow or merge; removing a document leaves its cluster's id.
#ifndef ZHENGWEN_SERVICES_QUERY_NEAR_DUPLICATES_H_
#define ZHENGWEN_SERVICES_QUERY_NEAR_DUPLICATES_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "common/storage.h"
#include "common/text_signatures.h"
#include "services/query/index_view.h"

namespace zhengwen::query {

inline constexpr double kDefaultSimilarityThreshold = 0.8;

struct Neighbor {
  uint32_t doc = 0;
  double similarity = 0;
};

// Stored documents sharing an LSH band with `signature` (unverified, unsorted).
absl::StatusOr<std::vector<uint32_t>> LshCandidates(const Storage& storage,
                                                    const MinHashSignature& signature);

// The stored signature of document `doc` (empty when it has none).
absl::StatusOr<MinHashSignature> StoredSignature(const Storage& storage, uint32_t doc);

// Live documents at least `min_similarity` similar to `signature`, most
// similar first (ties by document number), without `exclude`.
absl::StatusOr<std::vector<Neighbor>> FindNearDuplicates(const IndexView& view,
                                                         const MinHashSignature& signature,
                                                         double min_similarity, uint32_t exclude);

// Assigns the clusters of the documents one write adds, seeing both what is
// stored and what the same write added before.
class ClusterAssigner {
 public:
  ClusterAssigner(const Storage* storage, double threshold)
      : storage_(storage), threshold_(threshold) {}

  // `doc` is being removed by this write: never a neighbor, never relabeled.
  void MarkRemoved(uint32_t doc) { removed_.insert(doc); }

  // Finds the clusters of new document `doc` (`id`) and joins or merges them.
  // `stored_candidates` is LshCandidates(storage, signature), looked up by the
  // caller (on all cores, before the write).
  absl::Status Add(uint32_t doc, const std::string& id, const MinHashSignature& signature,
                   std::vector<uint32_t> stored_candidates);

  // Cluster of a document added by this write (final after every Add).
  std::string ClusterOf(uint32_t doc) const;

  // Queues the cluster changes of stored documents (merged clusters).
  absl::Status AppendRelabels(WriteBatch* batch) const;

 private:
  absl::StatusOr<std::string> CurrentCluster(uint32_t doc);
  absl::Status Relabel(const std::string& from, const std::string& to);

  const Storage* storage_;
  const double threshold_;
  absl::flat_hash_set<uint32_t> removed_;
  absl::flat_hash_map<uint32_t, MinHashSignature> new_signatures_;
  absl::flat_hash_map<std::string, std::vector<uint32_t>> new_bands_;  // band key -> new docs
  absl::flat_hash_map<uint32_t, std::string> cluster_;        // overlay: doc -> cluster
  absl::flat_hash_map<uint32_t, std::string> stored_cluster_; // stored doc -> cluster on disk
  absl::flat_hash_map<std::string, std::vector<uint32_t>> joined_;  // cluster -> docs moved in
};

}  // namespace zhengwen::query

#endif  // ZHENGWEN_SERVICES_QUERY_NEAR_DUPLICATES_H_
