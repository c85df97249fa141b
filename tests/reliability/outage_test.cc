// Outage test: with the query (then the normalization) process down, ingest
// keeps accepting until its outbox bound, refuses with RESOURCE_EXHAUSTED past
// it, and after the restart everything drains with nothing lost.
#include <atomic>
#include <iostream>
#include <thread>

#include "absl/time/clock.h"
#include "common/grpc/grpc_options.h"
#include "gtest/gtest.h"
#include "tests/reliability/ingest_history.h"
#include "tests/support/server_cluster.h"
#include "tests/support/wait.h"

namespace zhengwen::testing {
namespace {

constexpr int kOutboxBound = 30;
constexpr int kPages = 60;
constexpr absl::Duration kRetryBackoff = absl::Milliseconds(100);

int64_t OutboxDepth(zhengwen::ingest::v1::IngestService::Stub* stub) {
  zhengwen::ingest::v1::GetIngestStatsResponse stats;
  auto context = ContextWithTimeout(absl::Seconds(2));
  if (!stub->GetIngestStats(context.get(), {}, &stats).ok()) return -1;
  return stats.outbox_depth();
}

// Takes process `victim` down, ingests kPages, restarts it, checks the history.
void RunOutage(size_t victim, const std::string& name) {
  ServerCluster cluster(/*split=*/true,
                        {"--max_outbox=" + std::to_string(kOutboxBound), "--rpc_timeout=1s"});
  ASSERT_TRUE(cluster.Start().ok()) << cluster.Logs();
  auto channel = NewClientChannel(cluster.ingest_address());
  auto stub = zhengwen::ingest::v1::IngestService::NewStub(channel);
  cluster.Kill(victim);

  IngestHistory history;
  std::atomic<int> refused_full{0};
  std::atomic<int> sent{0};
  std::thread writer([&] {
    auto writer_stub = zhengwen::ingest::v1::IngestService::NewStub(channel);
    for (int i = 0; i < kPages; ++i) {
      PageAttempt attempt = history.NewPage("outage-" + name);
      zhengwen::ingest::v1::IngestPageRequest request;
      request.set_request_id(attempt.request_id);
      request.set_source_uri(attempt.source_uri);
      request.set_content(attempt.content);
      const absl::Time give_up = absl::Now() + absl::Seconds(60);
      while (absl::Now() < give_up) {
        zhengwen::ingest::v1::IngestPageResponse response;
        auto context = ContextWithTimeout(absl::Seconds(2));
        grpc::Status status = writer_stub->IngestPage(context.get(), request, &response);
        if (status.ok()) {
          history.Acknowledge(attempt, response.page_id());
          ++sent;
          break;
        }
        if (status.error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED) ++refused_full;
        absl::SleepFor(kRetryBackoff);  // a client's pause between retries, not a wait
      }
    }
  });
  // Ingest fills its outbox up to the bound while the victim is down.
  WaitUntil([&] { return refused_full.load() > 0 && sent.load() >= kOutboxBound; },
            absl::Seconds(30));
  const int64_t depth_while_down = OutboxDepth(stub.get());
  const int accepted_while_down = sent.load();
  // Restart only after one more refusal: ingest stays full, and stays up, while the victim is down.
  const int refused_before = refused_full.load();
  WaitUntil([&] { return refused_full.load() > refused_before; }, absl::Seconds(10));
  ASSERT_TRUE(cluster.Restart(victim).ok()) << cluster.Logs();
  writer.join();

  auto query =
      zhengwen::query::v1::QueryService::NewStub(NewClientChannel(cluster.query_address()));
  HistoryVerdict verdict = history.Check(stub.get(), query.get(), absl::Seconds(60));
  std::cout << "outage test (" << name << " down): accepted " << accepted_while_down
            << " while down (outbox " << depth_while_down << " of " << kOutboxBound
            << "), refused-while-full " << refused_full.load() << "; " << verdict.Summary()
            << std::endl;
  EXPECT_EQ(accepted_while_down, kOutboxBound);
  EXPECT_EQ(depth_while_down, kOutboxBound);
  EXPECT_GT(refused_full.load(), 0);
  EXPECT_EQ(verdict.acknowledged, kPages);
  EXPECT_FALSE(verdict.export_failed) << verdict.problems;
  EXPECT_EQ(verdict.lost, 0) << verdict.problems;
  EXPECT_EQ(verdict.duplicated, 0) << verdict.problems;
  EXPECT_EQ(verdict.half_done, 0) << verdict.problems;
  EXPECT_EQ(OutboxDepth(stub.get()), 0);
  EXPECT_EQ(cluster.Terminate(absl::Seconds(10)), 0) << cluster.Logs();
}

// In split mode the processes are normalization (0), query (1), ingest (2).
TEST(OutageTest, QueryDown) { RunOutage(1, "query"); }
TEST(OutageTest, NormalizationDown) { RunOutage(0, "normalization"); }

}  // namespace
}  // namespace zhengwen::testing
