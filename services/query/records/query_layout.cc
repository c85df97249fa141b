#include "services/query/records/query_layout.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/log.h"
#include "common/status_macros.h"
#include "services/query/index/query_families.h"
#include "services/query/records/document_record.h"
#include "zhengwen/document/v1/document.pb.h"
#include "zhengwen/storage/v1/query_records.pb.h"

namespace zhengwen::query {
namespace {

// Documents rewritten per write while migrating (bounded memory and batch).
constexpr size_t kMigrateChunk = 1000;

// Rewrites up to kMigrateChunk layout-1 documents from `*start` on; sets
// `*start` past the last one, or clears `*done` at the end.
absl::Status MigrateChunk(Storage& storage, std::string* start, bool* done, size_t* migrated) {
  std::vector<std::pair<std::string, std::string>> chunk;
  absl::Status parse_status;
  ZW_RETURN_IF_ERROR(storage.Scan(
      QueryFamily::kDocuments, *start, "", [&](absl::string_view key, absl::string_view value) {
        zhengwen::document::v1::Document old;
        if (!old.ParseFromArray(value.data(), static_cast<int>(value.size()))) {
          parse_status = absl::DataLossError(absl::StrCat("corrupt layout-1 document ", key));
          return false;
        }
        chunk.emplace_back(std::string(key), EncodeDocumentRecord(old));
        return chunk.size() < kMigrateChunk;
      }));
  ZW_RETURN_IF_ERROR(parse_status);
  *done = chunk.size() < kMigrateChunk;
  if (chunk.empty()) return absl::OkStatus();
  WriteBatch batch;
  for (auto& [key, record] : chunk) batch.Put(QueryFamily::kDocuments, key, record);
  ZW_RETURN_IF_ERROR(storage.Write(batch, /*sync=*/true));
  *start = chunk.back().first + std::string(1, '\0');
  *migrated += chunk.size();
  return absl::OkStatus();
}

}  // namespace

absl::Status MigrateQueryLayout(Storage& storage) {
  ZW_ASSIGN_OR_RETURN(auto stored, storage.Get(QueryFamily::kCorpus, kCorpusLayoutKey));
  if (stored.has_value()) {
    zhengwen::storage::v1::LayoutRecord layout;
    if (!layout.ParseFromString(*stored)) return absl::DataLossError("corrupt layout record");
    if (layout.version() == kQueryLayoutVersion) return absl::OkStatus();
    return absl::FailedPreconditionError(absl::StrCat(
        "the query data directory ", storage.path(), " has layout ", layout.version(),
        ", which this server (layout ", kQueryLayoutVersion,
        ") cannot read: run the zhengwen release that wrote it, or move the directory away "
        "and re-ingest (docs/storage.md, \"Layouts\")"));
  }
  // Layout 1 (or a new, empty directory). DocumentRecord keeps Document's
  // field numbers, so a chunk rewritten before an interruption reads as a
  // layout-1 document again and is rewritten to the same bytes.
  std::string start;
  bool done = false;
  size_t migrated = 0;
  while (!done) ZW_RETURN_IF_ERROR(MigrateChunk(storage, &start, &done, &migrated));
  if (migrated > 0) {
    LogInfo("query_layout_migrated", {{"from", "1"},
                                      {"to", absl::StrCat(kQueryLayoutVersion)},
                                      {"documents", absl::StrCat(migrated)}});
  }
  zhengwen::storage::v1::LayoutRecord layout;
  layout.set_version(kQueryLayoutVersion);
  WriteBatch batch;
  batch.Put(QueryFamily::kCorpus, kCorpusLayoutKey, layout.SerializeAsString());
  return storage.Write(batch, /*sync=*/true);
}

}  // namespace zhengwen::query
