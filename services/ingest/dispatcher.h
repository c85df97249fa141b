// Dispatcher: drains the ingest outbox. For each entry it normalizes the page
// (a delete: no documents), replaces the page's documents in the query
// service, and only then removes the entry; entries of one page run one at a
// time, in order. It also feeds the re-normalization job and sweeps expired
// tombstones. A crash or an outage delays work and never loses it. Each page
// has an attempt budget: failures that belong to the page (a deterministic error, a
// deadline, the process dying while the page was in flight) use it up and the
// page ends FAILED; an outage (UNAVAILABLE, ...) never does.
#ifndef ZHENGWEN_SERVICES_INGEST_DISPATCHER_H_
#define ZHENGWEN_SERVICES_INGEST_DISPATCHER_H_

#include <condition_variable>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/ingest/ingest_core.h"
#include "zhengwen/document/v1/document.pb.h"

namespace zhengwen::ingest {

// What the dispatcher calls downstream (gRPC in production).
class PageProcessor {
 public:
  virtual ~PageProcessor() = default;
  virtual absl::StatusOr<std::vector<zhengwen::document::v1::Document>> Normalize(
      const zhengwen::document::v1::Page& page) = 0;
  virtual absl::Status PutDocuments(const std::string& page_id,
                                    const std::vector<zhengwen::document::v1::Document>& documents,
                                    const std::string& replaces_page_id) = 0;
};

struct DispatcherOptions {
  // Pages processed at once.
  int workers = 4;
  // First retry delay after a transient failure; doubles up to max_backoff.
  absl::Duration initial_backoff = absl::Milliseconds(100);
  absl::Duration max_backoff = absl::Seconds(5);
  // Attempts a page may use before it is FAILED (see docs/reliability.md).
  int max_attempts = 5;
};

class Dispatcher {
 public:
  Dispatcher(IngestCore* core, PageProcessor* processor, DispatcherOptions options);
  ~Dispatcher();

  void Start();
  // Wakes a worker: new work arrived.
  void Notify();
  // Asks workers to stop after their current step; does not wait.
  void RequestStop();
  // RequestStop() and waits for the workers. Unfinished pages stay in the outbox.
  void Stop();

 private:
  void WorkerLoop();
  // Takes a round of outbox entries (one per idle worker), charging each an
  // attempt in one write, into ready_. Returns false when nothing was taken
  // (an empty outbox or a storage error; the caller then waits before looking again).
  bool TakeRound();
  // Processes one entry to a final state; returns false when stopping.
  bool Process(const OutboxEntry& entry);
  // Sleeps for `delay` or until Stop(); returns false when stopping.
  bool SleepUnlessStopped(absl::Duration delay);

  IngestCore* core_;
  PageProcessor* processor_;
  DispatcherOptions options_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;
  uint64_t notifications_ = 0;
  // Sequences taken (charged) and not finished: in ready_ or being processed.
  std::vector<uint64_t> in_flight_;
  // Taken entries waiting for a worker.
  std::deque<OutboxEntry> ready_;
  // Workers inside Process().
  int busy_ = 0;
  // One worker at a time takes a round.
  bool taking_ = false;
  std::vector<std::thread> threads_;
  // When the taker of a round next removes expired tombstones (at once after start).
  absl::Time next_tombstone_sweep_ = absl::InfinitePast();
};

}  // namespace zhengwen::ingest

#endif  // ZHENGWEN_SERVICES_INGEST_DISPATCHER_H_
