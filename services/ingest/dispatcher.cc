#include "services/ingest/dispatcher.h"

#include <algorithm>
#include <optional>

#include "absl/strings/str_cat.h"
#include "common/error_reason.h"
#include "common/log.h"
#include "common/status_macros.h"

namespace zhengwen::ingest {
namespace {

enum class Failure { kOutage, kPage };

// Tombstones past their retention are removed this often, this many at a time.
constexpr absl::Duration kTombstoneSweepInterval = absl::Minutes(10);
constexpr int kTombstonesPerSweep = 1000;

// An outage is the downstream (or our own disk) being away for every page: it
// is retried forever and never uses up a page's budget. Everything else — a
// deterministic answer about this page, a deadline it keeps missing, a stored
// record that does not parse — belongs to the page.
Failure Classify(const absl::Status& status) {
  switch (status.code()) {
    case absl::StatusCode::kUnavailable:
    case absl::StatusCode::kAborted:
    case absl::StatusCode::kCancelled:
    case absl::StatusCode::kUnauthenticated:
    case absl::StatusCode::kPermissionDenied:
      return Failure::kOutage;
    case absl::StatusCode::kResourceExhausted:
      // Our servers say why (DISK_FULL, ...); gRPC's own "message larger than
      // max" carries no reason and is about this page.
      return ErrorReason(status).empty() ? Failure::kPage : Failure::kOutage;
    default:
      return Failure::kPage;
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
  wake_.notify_all();
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
  // Taken but never started: the charge was not used.
  for (const OutboxEntry& entry : ready_) (void)core_->AdjustAttempts(entry.page_id, -1, "");
  ready_.clear();
  in_flight_.clear();
}

bool Dispatcher::SleepUnlessStopped(absl::Duration delay) {
  std::unique_lock<std::mutex> lock(mu_);
  wake_.wait_for(lock, absl::ToChronoNanoseconds(delay), [this] { return stopping_; });
  return !stopping_;
}

bool Dispatcher::TakeRound() {
  std::vector<uint64_t> skip;
  size_t idle;
  {
    std::lock_guard<std::mutex> lock(mu_);
    skip = in_flight_;
    // Only as many as can start now: a charge is made just before the call.
    idle = static_cast<size_t>(
        std::max(1, std::max(1, options_.workers) - busy_ - static_cast<int>(ready_.size())));
  }
  if (absl::Now() >= next_tombstone_sweep_) {
    next_tombstone_sweep_ = absl::Now() + kTombstoneSweepInterval;
    auto purged = core_->PurgeExpiredTombstones(absl::Now(), kTombstonesPerSweep);
    if (!purged.ok()) {
      LogError("tombstone_sweep_failed", {{"error", purged.status().ToString()}});
    } else if (*purged > 0) {
      LogInfo("tombstones_purged", {{"pages", absl::StrCat(*purged)}});
    }
  }
  // A running re-normalization tops its share of the outbox up first.
  if (absl::Status fed = core_->FeedRenormalize(); !fed.ok()) {
    LogError("renormalize_feed_failed", {{"error", fed.ToString()}});
  }
  auto work = core_->PendingWork(idle, skip);
  std::vector<OutboxEntry> begun;
  bool took = false;  // entries were charged or failed: look again at once
  if (!work.ok()) {
    LogError("outbox_scan_failed", {{"error", work.status().ToString()}});
  } else if (!work->empty()) {
    auto charged = core_->BeginAttempts(*work, options_.max_attempts);
    if (!charged.ok()) {
      LogError("record_attempts_failed", {{"error", charged.status().ToString()}});
    } else {
      took = true;
      begun = *std::move(charged);
      if (begun.size() < work->size()) {
        LogWarning("pages_failed_in_flight",
                   {{"pages", absl::StrCat(work->size() - begun.size())},
                    {"reason", "attempt budget used up while in flight"}});
      }
    }
  }
  {
    std::lock_guard<std::mutex> lock(mu_);
    taking_ = false;
    for (OutboxEntry& entry : begun) {
      in_flight_.push_back(entry.sequence);
      ready_.push_back(std::move(entry));
    }
  }
  wake_.notify_all();
  return took;
}

void Dispatcher::WorkerLoop() {
  while (true) {
    OutboxEntry entry;
    bool take = false;
    uint64_t seen_notifications;
    {
      std::unique_lock<std::mutex> lock(mu_);
      if (stopping_) return;
      seen_notifications = notifications_;
      if (!ready_.empty()) {
        entry = std::move(ready_.front());
        ready_.pop_front();
        ++busy_;
      } else if (!taking_) {
        taking_ = true;
        take = true;
      } else {
        // Another worker is taking a round; it wakes us when it is done.
        wake_.wait_for(lock, std::chrono::milliseconds(500),
                       [&] { return stopping_ || !ready_.empty() || !taking_; });
        continue;
      }
    }
    if (take) {
      if (!TakeRound()) {
        std::unique_lock<std::mutex> lock(mu_);
        wake_.wait_for(lock, std::chrono::milliseconds(500), [&] {
          return stopping_ || !ready_.empty() || notifications_ != seen_notifications;
        });
      }
      continue;
    }
    const bool keep_going = Process(entry);
    {
      std::lock_guard<std::mutex> lock(mu_);
      --busy_;
      in_flight_.erase(std::remove(in_flight_.begin(), in_flight_.end(), entry.sequence),
                       in_flight_.end());
    }
    wake_.notify_all();  // a worker is free: another round may be taken
    if (!keep_going) return;
  }
}

namespace {

// A failed step: which one, and how.
struct StepError {
  absl::string_view step;
  absl::Status status;
};

}  // namespace

bool Dispatcher::Process(const OutboxEntry& taken) {
  OutboxEntry entry = taken;
  absl::Duration backoff = options_.initial_backoff;
  // TakeRound charged the first attempt; later ones are charged before their call.
  bool charged = true;
  std::string last_error;
  // Kept across retries: once normalized, only the put is retried (normalizing
  // again would give the same documents). A delete puts no documents.
  std::optional<std::vector<zhengwen::document::v1::Document>> documents;
  std::string replaces_page_id;
  std::string rules_version;
  bool stale = false;

  auto charge = [&]() -> absl::Status {
    if (charged) return absl::OkStatus();
    ZW_RETURN_IF_ERROR(core_->AdjustAttempts(entry.page_id, +1, last_error));
    ++entry.attempts;
    charged = true;
    return absl::OkStatus();
  };
  // One try from where the entry stands; the failed step, or nullopt when done.
  auto try_once = [&]() -> std::optional<StepError> {
    if (absl::Status recorded = charge(); !recorded.ok()) return StepError{"record", recorded};
    if (!documents.has_value()) {
      auto work = core_->LoadWork(entry);
      if (!work.ok()) return StepError{"load", work.status()};
      if (work->stale) {
        // The page moved on (a newer version or a delete has its own entry).
        stale = true;
        absl::Status dropped = core_->DropStale(entry);
        if (!dropped.ok()) return StepError{"record", dropped};
        return std::nullopt;
      }
      replaces_page_id = work->replaces_page_id;
      if (entry.kind == WorkKind::kDelete) {
        documents.emplace();
      } else {
        auto normalized = processor_->Normalize(work->page);
        if (!normalized.ok()) return StepError{"normalize", normalized.status()};
        absl::Status marked =
            core_->MarkNormalized(entry, static_cast<int>(normalized->size()));
        if (!marked.ok()) return StepError{"record", marked};
        if (!normalized->empty()) rules_version = normalized->front().rules_version();
        documents = *std::move(normalized);
      }
    }
    // The page's documents are replaced as a whole, in one write on the query side.
    absl::Status put = processor_->PutDocuments(entry.page_id, *documents, replaces_page_id);
    if (!put.ok()) return StepError{"put_documents", put};
    absl::Status recorded =
        entry.kind == WorkKind::kDelete
            ? core_->MarkDeleted(entry)
            : core_->MarkIndexed(entry, static_cast<int>(documents->size()), rules_version);
    if (!recorded.ok()) return StepError{"record", recorded};
    return std::nullopt;
  };

  while (true) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (stopping_) break;
    }
    const std::optional<StepError> failed = try_once();
    if (!failed.has_value()) {
      if (stale) {
        LogInfo("stale_entry_dropped", {{"page_id", entry.page_id}});
      } else if (entry.kind == WorkKind::kDelete) {
        LogInfo("page_deleted", {{"page_id", entry.page_id}});
      } else {
        LogInfo(entry.kind == WorkKind::kRenormalize ? "page_renormalized" : "page_indexed",
                {{"page_id", entry.page_id}, {"documents", absl::StrCat(documents->size())}});
      }
      return true;
    }
    const std::string error = absl::StrCat(failed->step, ": ", failed->status.ToString());
    if (Classify(failed->status) == Failure::kOutage) {
      // Not this page's fault: give the attempt back.
      if (charged && core_->AdjustAttempts(entry.page_id, -1, "").ok()) {
        charged = false;
        --entry.attempts;
      }
    } else if (charged) {
      if (entry.attempts >= options_.max_attempts) {
        const std::string reason =
            absl::StrCat("failed after ", entry.attempts, " attempts; last: ", error);
        LogWarning("page_failed", {{"page_id", entry.page_id}, {"reason", reason}});
        absl::Status marked = core_->MarkFailed(entry, reason);
        if (marked.ok()) return true;
        LogError("mark_failed_failed", {{"page_id", entry.page_id}, {"error", marked.ToString()}});
      } else {
        charged = false;  // this attempt is used; the next is charged before its call
        last_error = error;
      }
    }
    LogWarning("downstream_retry",
               {{"page_id", entry.page_id},
                {"error", error},
                {"attempts", absl::StrCat(entry.attempts)},
                {"backoff_ms", absl::StrCat(absl::ToInt64Milliseconds(backoff))}});
    if (!SleepUnlessStopped(backoff)) break;
    backoff = std::min(backoff * 2, options_.max_backoff);
  }
  // Stopping: an attempt charged but not made is given back.
  if (charged) (void)core_->AdjustAttempts(entry.page_id, -1, "");
  return false;
}

}  // namespace zhengwen::ingest
