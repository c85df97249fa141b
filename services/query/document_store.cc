#include "services/query/document_store.h"

#include <algorithm>
#include <filesystem>

#include "absl/strings/str_cat.h"
#include "common/error_reason.h"
#include "common/status_macros.h"

namespace zhengwen::query {
namespace {

// Column families of the query database, in this order.
enum Family : int {
  kDocuments = 0,  // "<page_id>-<part>" -> Document
  kReplaced = 1,   // page_id -> id of the newer page that replaced it
};
const std::vector<std::string>& FamilyNames() {
  static const auto* names = new std::vector<std::string>{"documents", "replaced"};
  return *names;
}

constexpr int kDefaultPageSize = 100;
constexpr int kMaxPageSize = 1000;

absl::Status InvalidDocument(absl::string_view why) {
  return ErrorWithReason(absl::StatusCode::kInvalidArgument, why, "INVALID_DOCUMENT");
}

}  // namespace

absl::StatusOr<std::unique_ptr<DocumentStore>> DocumentStore::Open(const std::string& data_dir) {
  std::error_code ec;
  std::filesystem::create_directories(data_dir, ec);
  if (ec) return absl::UnavailableError(absl::StrCat("create ", data_dir, ": ", ec.message()));
  ZW_ASSIGN_OR_RETURN(auto storage, Storage::Open(data_dir, FamilyNames()));
  return std::unique_ptr<DocumentStore>(new DocumentStore(std::move(storage)));
}

absl::StatusOr<int> DocumentStore::DeletePageDocuments(const std::string& page_id,
                                                       WriteBatch* batch) const {
  int removed = 0;
  ZW_RETURN_IF_ERROR(storage_->Scan(kDocuments, "", page_id + "-",
                                    [&](absl::string_view key, absl::string_view) {
                                      batch->Delete(kDocuments, key);
                                      ++removed;
                                      return true;
                                    }));
  return removed;
}

absl::StatusOr<PutResult> DocumentStore::PutDocuments(const std::string& page_id,
                                                      const std::vector<Document>& documents,
                                                      const std::string& replaces_page_id) {
  if (page_id.empty()) return InvalidDocument("page_id is required");
  for (const auto& doc : documents) {
    if (doc.page_id() != page_id) {
      return InvalidDocument(absl::StrCat("document ", doc.id(), " belongs to page ",
                                          doc.page_id(), ", not ", page_id));
    }
    if (doc.id() != absl::StrCat(page_id, "-", doc.part())) {
      return InvalidDocument(absl::StrCat("document id ", doc.id(), " is not <page_id>-<part>"));
    }
  }
  std::lock_guard<std::mutex> lock(write_mu_);
  PutResult result;
  ZW_ASSIGN_OR_RETURN(auto newer, storage_->Get(kReplaced, page_id));
  if (newer.has_value()) return result;  // A newer version already took its place.

  WriteBatch batch;
  // A retried put of the same page overwrites its own earlier copy.
  ZW_RETURN_IF_ERROR(DeletePageDocuments(page_id, &batch).status());
  if (!replaces_page_id.empty() && replaces_page_id != page_id) {
    ZW_ASSIGN_OR_RETURN(result.removed, DeletePageDocuments(replaces_page_id, &batch));
    batch.Put(kReplaced, replaces_page_id, page_id);
  }
  for (const auto& doc : documents) batch.Put(kDocuments, doc.id(), doc.SerializeAsString());
  ZW_RETURN_IF_ERROR(storage_->Write(batch, /*sync=*/true));
  result.stored = static_cast<int>(documents.size());
  return result;
}

absl::StatusOr<Document> DocumentStore::GetDocument(const std::string& id) const {
  ZW_ASSIGN_OR_RETURN(auto value, storage_->Get(kDocuments, id));
  if (!value.has_value()) {
    return ErrorWithReason(absl::StatusCode::kNotFound, absl::StrCat("no document ", id),
                           "DOCUMENT_NOT_FOUND", {{"id", id}});
  }
  Document doc;
  if (!doc.ParseFromString(*value)) return absl::DataLossError(absl::StrCat("corrupt document ", id));
  return doc;
}

absl::StatusOr<DocumentList> DocumentStore::ListDocuments(int page_size,
                                                          const std::string& page_token,
                                                          const std::string& page_id) const {
  if (page_size < 0) {
    return ErrorWithReason(absl::StatusCode::kInvalidArgument, "page_size must not be negative",
                           "INVALID_PAGE_SIZE");
  }
  const int limit = page_size == 0 ? kDefaultPageSize : std::min(page_size, kMaxPageSize);
  DocumentList list;
  absl::Status parse_status;
  const std::string prefix = page_id.empty() ? "" : page_id + "-";
  // The token is the last id returned; continue strictly after it.
  const std::string start = page_token.empty() ? "" : page_token + '\0';
  ZW_RETURN_IF_ERROR(storage_->Scan(kDocuments, start, prefix, [&](absl::string_view key,
                                                                   absl::string_view value) {
    if (static_cast<int>(list.documents.size()) == limit) {
      list.next_page_token = list.documents.back().id();
      return false;
    }
    Document doc;
    if (!doc.ParseFromArray(value.data(), static_cast<int>(value.size()))) {
      parse_status = absl::DataLossError(absl::StrCat("corrupt document ", key));
      return false;
    }
    list.documents.push_back(std::move(doc));
    return true;
  }));
  ZW_RETURN_IF_ERROR(parse_status);
  return list;
}

absl::Status DocumentStore::Close() { return storage_->Close(); }

}  // namespace zhengwen::query
