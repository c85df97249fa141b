// IngestCore: the ingest service's logic over its own RocksDB. A page is
// acknowledged only after the page, its bytes and its outbox entry are in one
// synced write; the dispatcher then drains the outbox.
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
#include "common/pagination/response_budget.h"
#include "common/storage/storage.h"
#include "zhengwen/document/v1/document.pb.h"
#include "zhengwen/ingest/v1/ingest_service.pb.h"

namespace zhengwen::ingest {

using zhengwen::ingest::v1::PageInfo;
using zhengwen::ingest::v1::PageStatus;

struct IngestOptions {
  // Largest page accepted, in bytes.
  int64_t max_page_bytes = 16 << 20;
  // Most outbox entries waiting before IngestPage answers RESOURCE_EXHAUSTED.
  int64_t max_outbox = 100000;
  // Bytes of pages one ListPages response holds at most (at least one page).
  size_t max_response_bytes = kDefaultMaxResponseBytes;
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
};

// One waiting unit of work: a page to normalize and index.
struct OutboxEntry {
  uint64_t sequence = 0;
  std::string page_id;
  // Attempts charged to the page so far, the current one included (set by BeginAttempts).
  int attempts = 0;
};

struct IngestStats {
  int64_t accepted = 0;
  int64_t normalized = 0;
  int64_t indexed = 0;
  int64_t failed = 0;
  int64_t no_content = 0;
  int64_t outbox_depth = 0;
};

struct PageList {
  std::vector<PageInfo> pages;
  std::string next_page_token;
};

class IngestCore {
 public:
  // Opens (or creates) the ingest database under `data_dir`.
  static absl::StatusOr<std::unique_ptr<IngestCore>> Open(const std::string& data_dir,
                                                          const IngestOptions& options);

  // Stores a page durably and queues it, or answers with the original result.
  // A request_id already used for other bytes is ALREADY_EXISTS / REQUEST_ID_REUSED
  // with the original page id in the ErrorInfo metadata.
  absl::StatusOr<IngestResult> Ingest(const IngestRequest& request);

  absl::StatusOr<PageInfo> GetPage(const std::string& page_id) const;
  absl::StatusOr<PageList> ListPages(int page_size, const std::string& page_token,
                                     PageStatus status_filter) const;
  IngestStats Stats() const;

  // Called after every accepted page (the dispatcher wakes up on it).
  void SetOnAccepted(std::function<void()> callback);

  // --- For the dispatcher ---
  // Up to `limit` outbox entries in order, skipping sequences in `skip`.
  absl::StatusOr<std::vector<OutboxEntry>> PendingWork(size_t limit,
                                                       const std::vector<uint64_t>& skip) const;
  // The stored page (bytes included) for an outbox entry.
  absl::StatusOr<zhengwen::document::v1::Page> LoadPage(const std::string& page_id,
                                                        std::string* replaces_page_id) const;
  // Charges one attempt to each entry's page in one write, before any call is
  // made for them, so a process that dies mid-call has counted it. Pages that
  // already used `max_attempts` are marked FAILED (and leave the outbox) in the
  // same write instead; the rest are returned with `attempts` set.
  absl::StatusOr<std::vector<OutboxEntry>> BeginAttempts(const std::vector<OutboxEntry>& entries,
                                                         int max_attempts);
  // Adds `delta` (+1: a new attempt, -1: a refund) to the page's attempts and,
  // when not empty, records `last_error`.
  absl::Status AdjustAttempts(const std::string& page_id, int delta,
                              const std::string& last_error);
  absl::Status MarkNormalized(const std::string& page_id, int document_count);
  // Marks the page INDEXED (NO_CONTENT when it normalized to no document) and
  // removes its outbox entry, in one write.
  absl::Status MarkIndexed(const OutboxEntry& entry);
  // Marks the page FAILED with `reason` and removes its outbox entry, in one write.
  absl::Status MarkFailed(const OutboxEntry& entry, const std::string& reason);

  absl::Status Close();

 private:
  IngestCore(std::unique_ptr<Storage> storage, IngestOptions options);
  absl::Status LoadCounters();
  absl::StatusOr<PageInfo> ReadInfo(const std::string& page_id) const;
  // Rewrites a page's info with a new status (caller holds mu_).
  absl::Status UpdateStatus(const std::string& page_id,
                            const std::function<void(PageInfo*)>& change,
                            const OutboxEntry* remove_entry);
  void CountStatus(PageStatus status, int delta);

  std::unique_ptr<Storage> storage_;
  IngestOptions options_;
  mutable std::mutex mu_;
  uint64_t next_sequence_ = 1;
  IngestStats stats_;
  std::function<void()> on_accepted_;
};

}  // namespace zhengwen::ingest

#endif  // ZHENGWEN_SERVICES_INGEST_INGEST_CORE_H_
