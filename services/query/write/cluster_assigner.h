// Clusters by representative. A document's cluster is named by the earliest
// document carrying the same text (MeasurePair's same_cluster; itself included): earliest published date (undated
// last), then smallest id. Every member is thus related to the
// representative itself, so chains (A~B~C with A and C unrelated) never merge
// two texts, and the result depends only on which documents are stored, not
// on the order they arrived in.
//
// One write keeps it exact: a new document takes the earliest of its related
// documents, and each related stored document moves to the new one when that
// is earlier; the members of a removed document's cluster are recomputed
// against what remains (so clusters split on replacement and removal).
#ifndef ZHENGWEN_SERVICES_QUERY_WRITE_CLUSTER_ASSIGNER_H_
#define ZHENGWEN_SERVICES_QUERY_WRITE_CLUSTER_ASSIGNER_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "common/storage/storage.h"
#include "services/query/index/doc_table.h"
#include "services/query/similar/near_duplicates.h"

namespace zhengwen::query {

class ClusterAssigner {
 public:
  // `table` is the store's DocTable; the writer (who alone changes it) calls this.
  ClusterAssigner(const Storage* storage, const DocTable* table, RelationThresholds thresholds)
      : storage_(storage), table_(table), thresholds_(thresholds) {}

  // Stored document `doc` (`id`) is removed by this write: never
  // related again; the members of its cluster are recomputed by Finish.
  absl::Status Remove(uint32_t doc, const std::string& id);

  // New document `doc`. `stored` is StoredCandidates(storage, profile),
  // looked up by the caller (on all cores, before the write).
  absl::Status Add(uint32_t doc, const DocMeta& meta, const SimilarityProfile& profile,
                   const Candidates& stored);

  // Recomputes the members of removed clusters; call after every Add.
  absl::Status Finish();

  // Cluster of a document added by this write (final after Finish).
  std::string ClusterOf(uint32_t doc) const;

  // Queues the cluster changes of stored documents.
  absl::Status AppendRelabels(WriteBatch* batch) const;

 private:
  struct NewDocument {
    ClusterKey key;
    SimilarityProfile profile;
  };
  // New documents of this write in the same cluster as `profile` (not `self`).
  std::vector<uint32_t> RelatedNew(const SimilarityProfile& profile, uint32_t self) const;
  // Stored documents (live, not removed, not `self`) in the same cluster as `profile`.
  absl::StatusOr<std::vector<uint32_t>> RelatedStored(const SimilarityProfile& profile,
                                                      const Candidates& candidates,
                                                      uint32_t self) const;
  absl::StatusOr<ClusterKey> KeyOfStored(uint32_t doc) const;
  // The cluster of stored `doc` as this write has it (loaded on first use).
  absl::StatusOr<ClusterKey> StoredCluster(uint32_t doc);
  absl::StatusOr<ClusterKey> KeyOfId(const std::string& id) const;

  const Storage* storage_;
  const DocTable* table_;
  const RelationThresholds thresholds_;
  absl::flat_hash_set<uint32_t> removed_;
  std::vector<std::string> removed_ids_;
  absl::flat_hash_map<uint32_t, NewDocument> new_;
  absl::flat_hash_map<std::string, std::vector<uint32_t>> new_bands_;  // band key -> new docs
  absl::flat_hash_map<uint64_t, std::vector<uint32_t>> new_sentences_;  // hash -> new docs
  absl::flat_hash_map<uint32_t, ClusterKey> cluster_;  // new and touched stored docs
  absl::flat_hash_map<uint32_t, std::string> on_disk_;  // touched stored doc -> stored cluster
};

}  // namespace zhengwen::query

#endif  // ZHENGWEN_SERVICES_QUERY_WRITE_CLUSTER_ASSIGNER_H_
