// DocumentWriter: one write of DocumentStore::PutPages, in steps — read what
// is stored of each page, replace it, profile and cluster the new documents,
// index and serialize them, then write everything in one batch (synced, or
// as a bulk load when large). The caller validates the pages, holds the one
// writer lock, and publishes the outcome to its in-memory table afterwards.
#ifndef ZHENGWEN_SERVICES_QUERY_WRITE_DOCUMENT_WRITER_H_
#define ZHENGWEN_SERVICES_QUERY_WRITE_DOCUMENT_WRITER_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "common/storage/storage.h"
#include "services/query/write/cluster_assigner.h"
#include "services/query/index/doc_table.h"
#include "services/query/index/index_update.h"
#include "services/query/similar/near_duplicates.h"
#include "zhengwen/document/v1/document.pb.h"

namespace zhengwen::query {

// One page's documents for PutPages.
struct PageDocuments {
  std::string page_id;
  std::vector<zhengwen::document::v1::Document> documents;
  std::string replaces_page_id;
};

struct PutResult {
  int stored = 0;
  int removed = 0;
};

// INVALID_ARGUMENT (reason INVALID_DOCUMENT) unless every page has an id
// appearing once and documents "<page_id>-<part>" of that page.
absl::Status ValidatePages(const std::vector<PageDocuments>& pages);

// What a write changed, for the caller to publish once it is durable.
struct WrittenPages {
  PutResult result;
  CorpusStats stats;
  std::vector<uint32_t> removed;                        // document numbers
  std::vector<std::pair<uint32_t, DocMeta>> added;      // number, meta
  std::vector<std::string> touched_terms;               // posting lists changed
};

class DocumentWriter {
 public:
  // `table` and `stats` are the store's as of the write lock; `table` must
  // not change until Write returns. Writes of at least `bulk_operations`
  // storage operations are bulk loads (0: never).
  DocumentWriter(Storage* storage, const DocTable* table, const CorpusStats& stats,
                 const RelationThresholds& thresholds, int bulk_operations);

  absl::StatusOr<WrittenPages> Write(const std::vector<PageDocuments>& pages);

 private:
  // What is stored of one page (and of the page it replaces).
  struct StoredPage {
    absl::Status status;
    bool replaced_by_newer = false;
    std::vector<zhengwen::document::v1::Document> documents;
    std::vector<zhengwen::document::v1::Document> replaced_documents;
  };
  struct Added {
    uint32_t number;
    const zhengwen::document::v1::Document* doc;
    SimilarityProfile profile;
    DocMeta meta;
  };

  // Profiles of the new documents and their stored candidates, on all cores.
  void ProfileIncoming(const std::vector<PageDocuments>& pages);
  // StoredPage of every page, on all cores.
  std::vector<StoredPage> ReadStoredPages(const std::vector<PageDocuments>& pages) const;
  // Queues the removal of one page's stored documents; returns how many.
  absl::StatusOr<int> RemoveStored(const std::vector<zhengwen::document::v1::Document>& old);
  // Replaces one page: removes what it supersedes, numbers and clusters its documents.
  absl::Status ReplacePage(const PageDocuments& page, const StoredPage& stored);
  // Indexes and serializes the added documents into the batch, a chunk at a time.
  void IndexAdded();
  // Appends the index, statistics and cluster changes and writes the batch.
  absl::Status Commit();

  Storage* storage_;
  const int bulk_operations_;
  WriteBatch batch_;
  IndexUpdate update_;
  ClusterAssigner clusters_;
  WrittenPages written_;
  std::vector<const zhengwen::document::v1::Document*> incoming_;
  std::vector<SimilarityProfile> profiles_;               // parallel to incoming_
  std::vector<absl::StatusOr<Candidates>> candidates_;    // parallel to incoming_
  size_t next_incoming_ = 0;
  std::vector<Added> added_;
};

}  // namespace zhengwen::query

#endif  // ZHENGWEN_SERVICES_QUERY_WRITE_DOCUMENT_WRITER_H_
