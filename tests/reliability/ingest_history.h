// IngestHistory: what a reliability test sent and what the service
// acknowledged, and the check at the end: every acknowledged page INDEXED and
// exported exactly once; nothing unacknowledged half-done.
#ifndef ZHENGWEN_TESTS_RELIABILITY_INGEST_HISTORY_H_
#define ZHENGWEN_TESTS_RELIABILITY_INGEST_HISTORY_H_

#include <map>
#include <mutex>
#include <string>

#include "absl/time/time.h"
#include "zhengwen/ingest/v1/ingest_service.grpc.pb.h"
#include "zhengwen/query/v1/query_service.grpc.pb.h"

namespace zhengwen::testing {

struct PageAttempt {
  std::string source_uri;
  std::string content;
  std::string request_id;
  std::string page_id;  // set once acknowledged
  bool acknowledged = false;
};

struct HistoryVerdict {
  int acknowledged = 0;
  int unacknowledged = 0;
  int lost = 0;        // acknowledged but not INDEXED or missing from the export
  int duplicated = 0;  // exported more often than its page's document count
  int half_done = 0;   // unacknowledged yet partly there (stored but never INDEXED)
  bool export_failed = false;  // the export could not be read, so nothing was compared
  std::string problems;
  std::string Summary() const;
};

class IngestHistory {
 public:
  // A new unique page, recorded as attempted.
  PageAttempt NewPage(const std::string& prefix);
  void Acknowledge(const PageAttempt& attempt, const std::string& page_id);

  // Sends `attempt` until acknowledged, a non-retryable error, or `give_up`.
  bool SendUntilAcknowledged(zhengwen::ingest::v1::IngestService::Stub* stub,
                             const PageAttempt& attempt, absl::Time give_up);

  // Waits (up to `timeout`) for every acknowledged page to be final, then
  // compares the history with the ingest status and the query export.
  HistoryVerdict Check(zhengwen::ingest::v1::IngestService::Stub* ingest,
                       zhengwen::query::v1::QueryService::Stub* query, absl::Duration timeout);

 private:
  std::mutex mu_;
  int next_ = 0;
  std::map<std::string, PageAttempt> attempts_;  // by request id
};

}  // namespace zhengwen::testing

#endif  // ZHENGWEN_TESTS_RELIABILITY_INGEST_HISTORY_H_
