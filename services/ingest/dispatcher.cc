#include "services/ingest/dispatcher.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "common/log.h"

namespace zhengwen::ingest {
namespace {

enum class Retry { kNo, kAlways, kBounded };

// Transient codes are retried forever (nothing is lost to an outage);
// INTERNAL/UNKNOWN a bounded number of times; the rest fail the page.
Retry RetryPolicy(const absl::Status& status) {
  switch (status.code()) {
    case absl::StatusCode::kUnavailable:
    case absl::StatusCode::kDeadlineExceeded:
    case absl::StatusCode::kResourceExhausted:
    case absl::StatusCode::kAborted:
    case absl::StatusCode::kCancelled:
    case absl::StatusCode::kUnauthenticated:
      return Retry::kAlways;
    case absl::StatusCode::kInternal:
    case absl::StatusCode::kUnknown:
    case absl::StatusCode::kDataLoss:
      return Retry::kBounded;
    default:
      return Retry::kNo;
  }
}

}  // namespace

Dispatcher::Dispatcher(IngestCore* core, PageProcessor* processor, DispatcherOptions options)
    : core_(core), processor_(processor), options_(options) {}

Dispatcher::~Dispatcher() { Stop(); }

void Dispatcher::Start() {
  std::lock_guard<std::mutex> lock(mu_);
  stopping_ = false;
  for (int i = 0; i < std::max(1, options_.workers); ++i) {
    threads_.emplace_back([this] { WorkerLoop(); });
  }
}

void Dispatcher::Notify() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    ++notifications_;
  }
  wake_.notify_one();
}

void Dispatcher::RequestStop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
}

void Dispatcher::Stop() {
  RequestStop();
  for (auto& thread : threads_) thread.join();
  threads_.clear();
}

bool Dispatcher::SleepUnlessStopped(absl::Duration delay) {
  std::unique_lock<std::mutex> lock(mu_);
  wake_.wait_for(lock, absl::ToChronoNanoseconds(delay), [this] { return stopping_; });
  return !stopping_;
}

void Dispatcher::WorkerLoop() {
  while (true) {
    OutboxEntry entry;
    uint64_t seen_notifications;
    std::vector<uint64_t> skip;
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (stopping_) return;
      seen_notifications = notifications_;
      skip = in_flight_;
    }
    auto work = core_->PendingWork(1, skip);
    bool claimed = false;
    if (work.ok() && !work->empty()) {
      std::lock_guard<std::mutex> lock(mu_);
      entry = work->front();
      // Another worker may have claimed it between our scan and now.
      if (std::find(in_flight_.begin(), in_flight_.end(), entry.sequence) == in_flight_.end()) {
        in_flight_.push_back(entry.sequence);
        claimed = true;
      }
    } else if (!work.ok()) {
      LogError("outbox_scan_failed", {{"error", work.status().ToString()}});
    }
    if (!claimed) {
      std::unique_lock<std::mutex> lock(mu_);
      wake_.wait_for(lock, std::chrono::milliseconds(500),
                     [&] { return stopping_ || notifications_ != seen_notifications; });
      continue;
    }
    const bool keep_going = Process(entry);
    {
      std::lock_guard<std::mutex> lock(mu_);
      in_flight_.erase(std::remove(in_flight_.begin(), in_flight_.end(), entry.sequence),
                       in_flight_.end());
    }
    if (!keep_going) return;
  }
}

bool Dispatcher::Process(const OutboxEntry& entry) {
  absl::Duration backoff = options_.initial_backoff;
  int bounded_failures = 0;
  // Retries one step until it succeeds, fails for good, or we stop.
  auto handle_failure = [&](const absl::Status& status, absl::string_view step) -> int {
    // Returns 1: retry, 0: page failed (recorded), -1: stopping.
    const Retry retry = RetryPolicy(status);
    if (retry == Retry::kNo ||
        (retry == Retry::kBounded && ++bounded_failures >= options_.max_attempts_on_internal_error)) {
      const std::string reason = absl::StrCat(step, ": ", status.ToString());
      LogWarning("page_failed", {{"page_id", entry.page_id}, {"reason", reason}});
      absl::Status marked = core_->MarkFailed(entry, reason);
      if (!marked.ok()) {
        LogError("mark_failed_failed", {{"page_id", entry.page_id}, {"error", marked.ToString()}});
        return SleepUnlessStopped(backoff) ? 1 : -1;
      }
      return 0;
    }
    LogWarning("downstream_retry", {{"page_id", entry.page_id},
                                    {"step", std::string(step)},
                                    {"error", status.ToString()},
                                    {"backoff_ms", absl::StrCat(absl::ToInt64Milliseconds(backoff))}});
    if (!SleepUnlessStopped(backoff)) return -1;
    backoff = std::min(backoff * 2, options_.max_backoff);
    return 1;
  };

  while (true) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (stopping_) return false;
    }
    std::string replaces_page_id;
    auto page = core_->LoadPage(entry.page_id, &replaces_page_id);
    if (!page.ok()) {
      int next = handle_failure(page.status(), "load");
      if (next <= 0) return next == 0;
      continue;
    }
    (void)core_->RecordAttempt(entry.page_id);
    auto documents = processor_->Normalize(*page);
    if (!documents.ok()) {
      int next = handle_failure(documents.status(), "normalize");
      if (next <= 0) return next == 0;
      continue;
    }
    absl::Status marked = core_->MarkNormalized(entry.page_id, static_cast<int>(documents->size()));
    if (!marked.ok()) {
      int next = handle_failure(marked, "record");
      if (next <= 0) return next == 0;
      continue;
    }
    // Retry only the put while the query service is away; normalizing again
    // would give the same documents.
    while (true) {
      absl::Status put = processor_->PutDocuments(entry.page_id, *documents, replaces_page_id);
      if (put.ok()) break;
      int next = handle_failure(put, "put_documents");
      if (next <= 0) return next == 0;
    }
    absl::Status indexed = core_->MarkIndexed(entry);
    if (!indexed.ok()) {
      int next = handle_failure(indexed, "record");
      if (next <= 0) return next == 0;
      continue;
    }
    LogInfo("page_indexed", {{"page_id", entry.page_id},
                             {"documents", absl::StrCat(documents->size())}});
    return true;
  }
}

}  // namespace zhengwen::ingest
