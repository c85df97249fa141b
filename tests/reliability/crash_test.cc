// Crash test: streams pages into real servers and SIGKILLs them at random
// moments, restarting each time, then checks the history: every acknowledged
// page INDEXED and exported exactly once, nothing unacknowledged half-done.
#include <signal.h>

#include <atomic>
#include <iostream>
#include <random>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/grpc/grpc_options.h"
#include "gtest/gtest.h"
#include "tests/reliability/ingest_history.h"
#include "tests/support/server_cluster.h"

namespace zhengwen::testing {
namespace {

constexpr int kKillsPerMode = 21;  // split mode kills each of its 3 processes 7 times
constexpr int kWriters = 3;

class CrashTest : public ::testing::TestWithParam<bool> {};

TEST_P(CrashTest, AcknowledgedPagesSurviveSigkill) {
  const bool split = GetParam();
  ServerCluster cluster(split, {"--rpc_timeout=2s", "--drain_timeout=1s"});
  ASSERT_TRUE(cluster.Start().ok()) << cluster.Logs();
  IngestHistory history;
  std::atomic<bool> stop{false};
  // The ingest address never changes: restarts reuse it.
  auto ingest_channel = NewClientChannel(cluster.ingest_address());
  std::vector<std::thread> writers;
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&, w] {
      auto stub = zhengwen::ingest::v1::IngestService::NewStub(ingest_channel);
      while (!stop.load()) {
        PageAttempt attempt = history.NewPage(absl::StrCat("crash-w", w));
        // Abandoned (unacknowledged) when the test stops mid-send.
        while (!stop.load() &&
               !history.SendUntilAcknowledged(stub.get(), attempt,
                                              absl::Now() + absl::Milliseconds(500))) {
        }
      }
    });
  }
  std::mt19937 rng(split ? 7 : 3);
  std::uniform_int_distribution<int> pause_ms(50, 400);
  int kills = 0;
  std::string failure;
  for (; kills < kKillsPerMode; ++kills) {
    absl::SleepFor(absl::Milliseconds(pause_ms(rng)));
    const size_t victim = split ? static_cast<size_t>(kills % 3) : 0;
    absl::Status restarted = cluster.Restart(victim);
    if (!restarted.ok()) {
      failure = restarted.ToString();
      break;
    }
  }
  absl::SleepFor(absl::Milliseconds(300));
  stop = true;
  for (auto& t : writers) t.join();
  ASSERT_TRUE(failure.empty()) << failure << cluster.Logs();

  auto ingest = zhengwen::ingest::v1::IngestService::NewStub(ingest_channel);
  auto query = zhengwen::query::v1::QueryService::NewStub(NewClientChannel(cluster.query_address()));
  HistoryVerdict verdict = history.Check(ingest.get(), query.get(), absl::Seconds(60));
  std::cout << "crash test (" << (split ? "split" : "all-in-one") << ", " << kills
            << " SIGKILLs): " << verdict.Summary() << std::endl;
  EXPECT_EQ(kills, kKillsPerMode);
  EXPECT_GT(verdict.acknowledged, 20);
  EXPECT_FALSE(verdict.export_failed) << verdict.problems;
  EXPECT_EQ(verdict.lost, 0) << verdict.problems;
  EXPECT_EQ(verdict.duplicated, 0) << verdict.problems;
  EXPECT_EQ(verdict.half_done, 0) << verdict.problems;
  EXPECT_EQ(cluster.Terminate(absl::Seconds(10)), 0) << cluster.Logs();
}

INSTANTIATE_TEST_SUITE_P(Modes, CrashTest, ::testing::Values(false, true),
                         [](const ::testing::TestParamInfo<bool>& info) {
                           return info.param ? "Split" : "AllInOne";
                         });

}  // namespace
}  // namespace zhengwen::testing
