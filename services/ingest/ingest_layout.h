// The ingest database: its column families, key encodings, the record
// conversions, reference-counted blobs, and the migration of a data directory
// of the pre-versions layout (page id = content hash).
//
// Layout 2 (families, in this order):
//   pages          page id -> StoredPage
//   contents       content hash -> page bytes (a blob)
//   by_uri         source_uri -> page id
//   outbox         big-endian sequence -> OutboxRecord
//   requests       request id -> StoredRequest
//   versions       page id + big-endian version -> StoredVersion
//   blob_refs      content hash -> decimal reference count
//   page_requests  page id + '\0' + request id -> "" (the request ids a tombstone holds)
//   jobs           "renormalize" -> RenormalizeJobRecord
//   meta           "layout" -> "2"
// Layout 1 had the first five families (pages: PageInfo by content hash,
// contents by the same id, outbox and requests -> page id).
#ifndef ZHENGWEN_SERVICES_INGEST_INGEST_LAYOUT_H_
#define ZHENGWEN_SERVICES_INGEST_INGEST_LAYOUT_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "common/storage/key_codec.h"
#include "common/storage/storage.h"
#include "zhengwen/ingest/v1/ingest_service.pb.h"
#include "zhengwen/storage/v1/ingest_records.pb.h"

namespace zhengwen::ingest {

// The ingest database's column families, in the order of IngestFamilyTable().
enum class IngestFamily {
  kPages = 0,         // page_id -> StoredPageState
  kContents = 1,      // content hash -> raw page bytes (stored once)
  kByUri = 2,         // source_uri -> page_id
  kOutbox = 3,        // big-endian sequence -> OutboxRecord
  kRequests = 4,      // request_id -> StoredRequest
  kVersions = 5,      // page_id "/" big-endian version -> StoredVersion
  kBlobRefs = 6,      // content hash -> reference count
  kPageRequests = 7,  // page_id "/" request_id (a tombstone's request ids)
  kJobs = 8,          // the re-normalization job's cursor
  kMeta = 9,          // layout version
};
const FamilyTable<IngestFamily>& IngestFamilyTable();

inline constexpr char kLayoutKey[] = "layout";
inline constexpr char kLayoutVersion[] = "2";
inline constexpr char kRenormalizeJobKey[] = "renormalize";

// versions key of (page, version); VersionPrefix(page) starts all of a page's.
std::string VersionKey(absl::string_view page_id, int64_t version);
std::string VersionPrefix(absl::string_view page_id);
std::string PageRequestKey(absl::string_view page_id, absl::string_view request_id);
std::string PageRequestPrefix(absl::string_view page_id);
// The stable page id of a source seen for the first time.
std::string NewPageId(absl::string_view source_uri);

// Parses a stored record; DATA_LOSS names the key when it does not parse.
template <typename Record>
absl::StatusOr<Record> ParseRecord(absl::string_view what, absl::string_view key,
                                   absl::string_view bytes) {
  Record record;
  if (!record.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    return absl::DataLossError(absl::StrCat("corrupt ", what, " record ", key));
  }
  return record;
}

// Visits the records of `family` from `start` within `prefix`, each parsed as
// a Record; `visit(key, record)` returns false to stop. A record that does not
// parse stops the scan with DATA_LOSS naming its key.
template <typename Record, typename Visit>
absl::Status ScanRecords(const Storage& storage, FamilyId family, absl::string_view what,
                         absl::string_view start, absl::string_view prefix, Visit visit) {
  absl::Status parse_status;
  absl::Status scan_status =
      storage.Scan(family, start, prefix, [&](absl::string_view key, absl::string_view value) {
        absl::StatusOr<Record> record = ParseRecord<Record>(what, key, value);
        if (!record.ok()) {
          parse_status = record.status();
          return false;
        }
        return visit(key, *record);
      });
  if (!scan_status.ok()) return scan_status;
  return parse_status;
}

// The API view of a stored page.
zhengwen::ingest::v1::PageInfo ToPageInfo(const zhengwen::storage::v1::StoredPage& page);
zhengwen::ingest::v1::PageVersion ToPageVersion(const zhengwen::storage::v1::StoredVersion& v);
zhengwen::ingest::v1::RenormalizeJob ToRenormalizeJob(
    const zhengwen::storage::v1::RenormalizeJobRecord& job);

// Reference changes to blobs collected over one write, applied together (a
// hash may gain and lose references in the same write).
class BlobRefs {
 public:
  // One more reference to `hash`, whose bytes are `content`.
  void Add(const std::string& hash, const std::string& content);
  // One reference fewer.
  void Release(const std::string& hash);
  // Writes the new counts; a blob left with none is deleted with its bytes.
  absl::Status AppendTo(const Storage& storage, WriteBatch* batch) const;

 private:
  std::map<std::string, int64_t> delta_;
  std::map<std::string, const std::string*> content_;
};

// Opens the database; a layout-1 directory is rewritten to layout 2 in one
// synced write, an unknown layout is refused with FAILED_PRECONDITION.
absl::StatusOr<std::unique_ptr<Storage>> OpenIngestStorage(const std::string& path);

}  // namespace zhengwen::ingest

#endif  // ZHENGWEN_SERVICES_INGEST_INGEST_LAYOUT_H_
