// DocumentStore: the query service's documents in its own RocksDB. A page's
// documents are replaced as a whole in one write.
#ifndef ZHENGWEN_SERVICES_QUERY_DOCUMENT_STORE_H_
#define ZHENGWEN_SERVICES_QUERY_DOCUMENT_STORE_H_

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/storage.h"
#include "zhengwen/document/v1/document.pb.h"

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

class DocumentStore {
 public:
  static absl::StatusOr<std::unique_ptr<DocumentStore>> Open(const std::string& data_dir);

  // Replaces the documents of `page_id` (and of `replaces_page_id`, an older
  // version of the same source) with `documents`, in one synced write. A page
  // already replaced by a newer version is ignored, so late retries of an old
  // version never resurrect it.
  absl::StatusOr<PutResult> PutDocuments(const std::string& page_id,
                                         const std::vector<Document>& documents,
                                         const std::string& replaces_page_id);

  absl::StatusOr<Document> GetDocument(const std::string& id) const;

  // Documents in id order, optionally only those of one page.
  absl::StatusOr<DocumentList> ListDocuments(int page_size, const std::string& page_token,
                                             const std::string& page_id) const;

  absl::Status Close();

 private:
  explicit DocumentStore(std::unique_ptr<Storage> storage) : storage_(std::move(storage)) {}
  // Queues deletes of every document of `page_id`; returns how many.
  absl::StatusOr<int> DeletePageDocuments(const std::string& page_id, WriteBatch* batch) const;

  std::unique_ptr<Storage> storage_;
  std::mutex write_mu_;
};

}  // namespace zhengwen::query

#endif  // ZHENGWEN_SERVICES_QUERY_DOCUMENT_STORE_H_
