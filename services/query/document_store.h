// DocumentStore: the query service's documents and their indexes in its own
// RocksDB. A page's documents, postings, corpus statistics, MinHash LSH bands
// and sentence hashes are replaced as a whole in one write; reads (get, list,
// search, similar, reuse) see either all of a write or none of it.
#ifndef ZHENGWEN_SERVICES_QUERY_DOCUMENT_STORE_H_
#define ZHENGWEN_SERVICES_QUERY_DOCUMENT_STORE_H_

#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/pagination/response_budget.h"
#include "common/storage.h"
#include "common/text/script_converter.h"
#include "services/query/doc_table.h"
#include "services/query/near_duplicates.h"
#include "services/query/posting_cache.h"
#include "zhengwen/document/v1/document.pb.h"
#include "zhengwen/query/v1/query_service.pb.h"

namespace zhengwen::query {

using zhengwen::document::v1::Document;

struct PutResult {
  int stored = 0;
  int removed = 0;
};

struct DocumentList {
  std::vector<Document> documents;
  std::string next_page_token;
};

struct DocumentStoreOptions {
  // Least estimated Jaccard similarity (MinHash) for two documents to be
  // DUPLICATE, and FindSimilar's default floor (docs/query.md).
  double similarity_threshold = kDefaultSimilarityThreshold;
  // Least containment (share of one text found in the other) for CONTAINS /
  // CONTAINED_IN. Every relation counts for clusters.
  double containment_threshold = kDefaultContainmentThreshold;
  // OpenCC configuration used to convert queries to Simplified Chinese.
  std::string opencc_config = "t2s.json";
  // Bytes of parsed posting lists kept in memory for hot terms.
  size_t posting_cache_bytes = 128 << 20;
  // Writes (PutPages) of at least this many storage operations are bulk
  // loads: written as table files and ingested (Storage::WriteBulk), past the
  // write-ahead log and memtables. Ordinary ingest (a page or a few hundred
  // per write) stays far below it; 0 turns the bulk path off.
  int bulk_write_operations = 100000;
  // Bytes of items one list or search response holds at most (at least one
  // item): responses stay inside the message limit whatever the documents'
  // sizes. The server sets it from --max_response_bytes.
  size_t max_response_bytes = kDefaultMaxResponseBytes;
};

// One page's documents for PutPages.
struct PageDocuments {
  std::string page_id;
  std::vector<Document> documents;
  std::string replaces_page_id;
};

class DocumentStore {
 public:
  static absl::StatusOr<std::unique_ptr<DocumentStore>> Open(
      const std::string& data_dir, const DocumentStoreOptions& options = {});

  // Replaces the documents of `page_id` (and of `replaces_page_id`, an older
  // version of the same source) with `documents`, in one synced write. A page
  // already replaced by a newer version is ignored, so late retries of an old
  // version never resurrect it.
  absl::StatusOr<PutResult> PutDocuments(const std::string& page_id,
                                         const std::vector<Document>& documents,
                                         const std::string& replaces_page_id);

  // PutDocuments for many pages (distinct page ids) in one synced write: bulk
  // loading. Returns the totals.
  absl::StatusOr<PutResult> PutPages(const std::vector<PageDocuments>& pages);

  // A document, with its cluster_id and near_duplicates filled in.
  absl::StatusOr<Document> GetDocument(const std::string& id) const;

  // Documents in id order, optionally only those of one page; each with its
  // cluster_id and near_duplicates.
  absl::StatusOr<DocumentList> ListDocuments(int page_size, const std::string& page_token,
                                             const std::string& page_id) const;

  absl::StatusOr<zhengwen::query::v1::SearchResponse> Search(
      const zhengwen::query::v1::SearchRequest& request) const;
  absl::StatusOr<zhengwen::query::v1::FindSimilarResponse> FindSimilar(
      const zhengwen::query::v1::FindSimilarRequest& request) const;
  absl::StatusOr<zhengwen::query::v1::FindReuseResponse> FindReuse(
      const zhengwen::query::v1::FindReuseRequest& request) const;
  absl::StatusOr<zhengwen::query::v1::ListSharedSentencesResponse> ListSharedSentences(
      const zhengwen::query::v1::ListSharedSentencesRequest& request) const;

  // Corpus statistics (live documents, total index length).
  CorpusStats Stats() const;
  // The statistics as stored in RocksDB (equal to Stats() after every write).
  absl::StatusOr<CorpusStats> StoredStats() const;

  // After a bulk load: flushes every family (releasing the write-ahead log),
  // folds pending merges of the search and sentence posting lists, and warms
  // the posting cache (WarmPostingCache).
  absl::Status CompactIndex();

  // Parses the largest posting lists of multi-character terms (bigrams,
  // words) into the posting cache, up to half its size: they are what most
  // queries read and the costliest to read cold. CompactIndex ends with it.
  absl::Status WarmPostingCache();

  absl::Status Close();

 private:
  DocumentStore(std::unique_ptr<Storage> storage, DocumentStoreOptions options,
                std::unique_ptr<ScriptConverter> converter);
  // Loads the in-memory document table and statistics; indexes documents
  // stored before the index existed.
  absl::Status Load();
  absl::Status ReindexUnindexedDocuments();
  // Adds cluster_id and near_duplicates to `doc` (caller holds the read lock).
  absl::Status FillSimilarity(Document* doc) const;
  // The stored documents of page `page_id` (ids "<page_id>-<part>").
  absl::StatusOr<std::vector<Document>> StoredDocumentsOfPage(const std::string& page_id) const;
  absl::StatusOr<uint32_t> DocumentNumber(const std::string& id) const;
  std::string ToSimplified(absl::string_view text) const;
  RelationThresholds Thresholds() const {
    return RelationThresholds{options_.similarity_threshold, options_.containment_threshold};
  }

  std::unique_ptr<Storage> storage_;
  const DocumentStoreOptions options_;
  std::unique_ptr<ScriptConverter> converter_;
  std::mutex write_mu_;               // one writer at a time
  mutable std::shared_mutex table_mu_;  // guards table_ and stats_
  DocTable table_;
  CorpusStats stats_;
  std::unique_ptr<PostingCache> postings_;
};

}  // namespace zhengwen::query

#endif  // ZHENGWEN_SERVICES_QUERY_DOCUMENT_STORE_H_
