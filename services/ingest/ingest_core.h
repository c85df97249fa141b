// IngestCore: the ingest service's logic over its own RocksDB.
//
// A page is one source_uri with a stable page id; each ingest of new bytes is
// a version with a sequence number; bytes are stored once per content hash
// and reference-counted (services/ingest/ingest_layout.h). Every change the
// rest of the system must see (a new version, a delete, a re-normalization)
// goes through the outbox in the same synced write as the records, and the
// dispatcher drains it one entry per page at a time, in order.
#ifndef ZHENGWEN_SERVICES_INGEST_INGEST_CORE_H_
#define ZHENGWEN_SERVICES_INGEST_INGEST_CORE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/pagination/response_budget.h"
#include "common/storage/storage.h"
#include "zhengwen/document/v1/document.pb.h"
#include "zhengwen/ingest/v1/ingest_service.pb.h"
#include "zhengwen/storage/v1/ingest_records.pb.h"

namespace zhengwen::ingest {

using zhengwen::ingest::v1::PageInfo;
using zhengwen::ingest::v1::PageStatus;
using zhengwen::ingest::v1::PageVersion;
using zhengwen::ingest::v1::RenormalizeJob;
using zhengwen::storage::v1::StoredPage;

struct IngestOptions {
  // Largest page accepted, in bytes.
  int64_t max_page_bytes = 16 << 20;
  // Most ingest and delete entries waiting before IngestPage answers RESOURCE_EXHAUSTED.
  int64_t max_outbox = 100000;
  // Bytes of pages one ListPages response holds at most (at least one page).
  size_t max_response_bytes = kDefaultMaxResponseBytes;
  // Older versions of a page whose bytes stay stored besides the current one.
  int keep_old_version_bytes = 2;
  // Version records kept per page (the oldest go first).
  int max_versions_kept = 100;
  // How long a deleted page's tombstone (and its request ids) is kept.
  absl::Duration tombstone_retention = absl::Hours(24 * 30);
  // Re-normalization entries in the outbox at once (their own budget: they
  // never count against max_outbox).
  int64_t max_renormalize_queued = 32;
};

struct IngestRequest {
  std::string request_id;
  std::string source_uri;
  std::string content;
  std::string content_type;
  std::string declared_encoding;
};

struct IngestResult {
  std::string page_id;
  bool already_present = false;
  PageStatus status = zhengwen::ingest::v1::PAGE_STATUS_UNSPECIFIED;
  int64_t version = 0;
};

enum class WorkKind { kIngest, kDelete, kRenormalize };

// One waiting unit of work.
struct OutboxEntry {
  uint64_t sequence = 0;
  std::string page_id;
  // Version the work is for; the entry is stale when the page moved on.
  int64_t version = 0;
  WorkKind kind = WorkKind::kIngest;
  // Re-normalization job that queued it.
  int64_t job_id = 0;
  // Attempts charged to the page so far, the current one included (set by BeginAttempts).
  int attempts = 0;
};

// What the dispatcher needs for one entry.
struct Work {
  // An ingest or re-normalization whose page moved on (a newer version, a
  // delete): nothing to send downstream. A delete is never stale.
  bool stale = false;
  // The page with its bytes (ingest and re-normalize entries).
  zhengwen::document::v1::Page page;
  // Documents of this page id (a pre-versions data directory) the put replaces.
  std::string replaces_page_id;
};

struct IngestStats {
  int64_t accepted = 0;
  int64_t normalized = 0;
  int64_t indexed = 0;
  int64_t failed = 0;
  int64_t no_content = 0;
  int64_t deleting = 0;
  int64_t deleted = 0;
  int64_t outbox_depth = 0;
  // Of outbox_depth: re-normalization entries.
  int64_t renormalize_queued = 0;
  std::optional<RenormalizeJob> renormalize;
};

// ListPages filters; empty or zero fields do not filter.
struct PageFilter {
  PageStatus status = zhengwen::ingest::v1::PAGE_STATUS_UNSPECIFIED;
  std::string host;
  int64_t since_ms = 0;
  int64_t until_ms = 0;
};

struct PageList {
  std::vector<PageInfo> pages;
  std::string next_page_token;
};

struct PageHistory {
  PageInfo page;
  std::vector<PageVersion> versions;  // oldest first
};

class IngestCore {
 public:
  // Opens (or creates) the ingest database under `data_dir`, migrating a data
  // directory of the pre-versions layout (ingest_layout.h).
  static absl::StatusOr<std::unique_ptr<IngestCore>> Open(const std::string& data_dir,
                                                          const IngestOptions& options);

  // Stores a new version of the request's source durably and queues it, or
  // answers with the original result (a retried request id; the same bytes as
  // the current version). A request_id already used for other bytes is
  // ALREADY_EXISTS / REQUEST_ID_REUSED with the original page id in the
  // ErrorInfo metadata.
  absl::StatusOr<IngestResult> Ingest(const IngestRequest& request);

  absl::StatusOr<PageInfo> GetPage(const std::string& page_id) const;
  // The page named by id or by source_uri (one of them), with its versions
  // when `include_history`.
  absl::StatusOr<PageHistory> GetPageHistory(const std::string& page_id,
                                             const std::string& source_uri,
                                             bool include_history) const;
  absl::StatusOr<PageList> ListPages(int page_size, const std::string& page_token,
                                     const PageFilter& filter) const;
  // Queues the delete of a page (by id or source_uri) and marks it DELETING.
  absl::StatusOr<PageInfo> DeletePage(const std::string& page_id, const std::string& source_uri);
  // Starts a re-normalization job; FAILED_PRECONDITION / RENORMALIZE_RUNNING
  // while one runs.
  absl::StatusOr<RenormalizeJob> StartRenormalize(const std::string& host,
                                                  const std::string& rules_version_other_than);
  IngestStats Stats() const;
  // Removes tombstones older than the retention (at most `limit`); returns how many.
  absl::StatusOr<int> PurgeExpiredTombstones(absl::Time now, int limit);

  // Called after every change that queued work (the dispatcher wakes up on it).
  void SetOnAccepted(std::function<void()> callback);

  // --- For the dispatcher ---
  // Queues the running re-normalization job's next pages, within its budget.
  absl::Status FeedRenormalize();
  // Up to `limit` outbox entries in order, skipping sequences in `skip` and
  // any later entry of their pages (one entry per page in flight).
  absl::StatusOr<std::vector<OutboxEntry>> PendingWork(size_t limit,
                                                       const std::vector<uint64_t>& skip) const;
  absl::StatusOr<Work> LoadWork(const OutboxEntry& entry) const;
  // Charges one attempt to each entry's page in one write, before any call is
  // made for them, so a process that dies mid-call has counted it. Entries
  // whose page already used `max_attempts` end as failed (and leave the
  // outbox) in the same write instead; the rest are returned with `attempts` set.
  absl::StatusOr<std::vector<OutboxEntry>> BeginAttempts(const std::vector<OutboxEntry>& entries,
                                                         int max_attempts);
  // Adds `delta` (+1: a new attempt, -1: a refund) to the page's attempts and,
  // when not empty, records `last_error`.
  absl::Status AdjustAttempts(const std::string& page_id, int delta,
                              const std::string& last_error);
  absl::Status MarkNormalized(const OutboxEntry& entry, int document_count);
  // Marks the page INDEXED (NO_CONTENT for no document) and removes the entry, in one write.
  absl::Status MarkIndexed(const OutboxEntry& entry, int document_count,
                           const std::string& rules_version);
  // The entry failed for good: an ingest marks the page FAILED; a
  // re-normalization keeps the page's documents and counts a failure.
  absl::Status MarkFailed(const OutboxEntry& entry, const std::string& reason);
  // A delete's documents are gone: drops the versions it covers (and bytes no
  // other version references), marks the page DELETED unless a newer version
  // arrived, and removes the entry, in one write.
  absl::Status MarkDeleted(const OutboxEntry& entry);
  // Removes a stale entry (see Work::stale).
  absl::Status DropStale(const OutboxEntry& entry);

  absl::Status Close();

 private:
  IngestCore(std::unique_ptr<Storage> storage, IngestOptions options);
  absl::Status LoadCounters();
  absl::StatusOr<StoredPage> ReadPage(const std::string& page_id) const;
  absl::StatusOr<std::string> ResolvePageId(const std::string& page_id,
                                            const std::string& source_uri) const;
  // Changes staged in a batch, applied to the counters once it is written.
  struct Staged;
  // Stages the removal of `entry`, with `change` applied to its page when the
  // entry is still current (caller holds mu_). `failed`: a re-normalization
  // that failed for good.
  absl::Status StageFinish(const OutboxEntry& entry, bool failed,
                           const std::function<void(StoredPage*)>& change, WriteBatch* batch,
                           Staged* staged);
  // Writes `batch` (synced) and applies `staged` (caller holds mu_).
  absl::Status Commit(const WriteBatch& batch, const Staged& staged);
  // StageFinish + Commit under mu_.
  absl::Status FinishEntry(const OutboxEntry& entry, bool failed,
                           const std::function<void(StoredPage*)>& change);
  void CountState(int state, int delta);

  std::unique_ptr<Storage> storage_;
  IngestOptions options_;
  mutable std::mutex mu_;
  uint64_t next_sequence_ = 1;
  IngestStats stats_;
  std::optional<zhengwen::storage::v1::RenormalizeJobRecord> job_;
  std::function<void()> on_accepted_;
};

}  // namespace zhengwen::ingest

#endif  // ZHENGWEN_SERVICES_INGEST_INGEST_CORE_H_
