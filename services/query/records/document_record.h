// Adapter between the API's Document (zhengwen.document.v1) and the record
// the query service stores (zhengwen.storage.v1.DocumentRecord): the only
// code that knows both. Read-time fields (cluster_id, near_duplicates) are
// not stored.
#ifndef ZHENGWEN_SERVICES_QUERY_RECORDS_DOCUMENT_RECORD_H_
#define ZHENGWEN_SERVICES_QUERY_RECORDS_DOCUMENT_RECORD_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "zhengwen/document/v1/document.pb.h"
#include "zhengwen/storage/v1/query_records.pb.h"

namespace zhengwen::query {

zhengwen::storage::v1::DocumentRecord ToDocumentRecord(const zhengwen::document::v1::Document& doc);
zhengwen::document::v1::Document FromDocumentRecord(zhengwen::storage::v1::DocumentRecord&& record);

// The stored bytes of `doc`.
std::string EncodeDocumentRecord(const zhengwen::document::v1::Document& doc);
// The document stored under `key`; DATA_LOSS naming the key when the bytes do
// not parse.
absl::StatusOr<zhengwen::document::v1::Document> DecodeDocumentRecord(absl::string_view key,
                                                                      absl::string_view bytes);

}  // namespace zhengwen::query

#endif  // ZHENGWEN_SERVICES_QUERY_RECORDS_DOCUMENT_RECORD_H_
