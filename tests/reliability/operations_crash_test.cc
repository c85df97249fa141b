// Crash test of the operator's jobs: deletes and a re-normalization run while
// the servers are SIGKILLed and restarted; after recovery nothing is
// half-deleted, nothing is lost, and search and export agree with `zw list`.
#include <atomic>
#include <iostream>
#include <map>
#include <random>
#include <set>
#include <thread>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "common/grpc/grpc_options.h"
#include "gtest/gtest.h"
#include "tests/reliability/ingest_history.h"
#include "tests/support/server_cluster.h"

namespace zhengwen::testing {
namespace {

namespace ingest_v1 = zhengwen::ingest::v1;

constexpr int kPages = 24;
constexpr int kDeletes = 8;

// Calls `call` until it answers something other than an outage, or `give_up`.
grpc::Status UntilAnswered(const std::function<grpc::Status(grpc::ClientContext*)>& call,
                           absl::Time give_up) {
  while (true) {
    auto context = ContextWithTimeout(absl::Seconds(2));
    grpc::Status status = call(context.get());
    const bool outage = status.error_code() == grpc::StatusCode::UNAVAILABLE ||
                        status.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED ||
                        status.error_code() == grpc::StatusCode::CANCELLED ||
                        status.error_code() == grpc::StatusCode::UNKNOWN;
    if (!outage || absl::Now() > give_up) return status;
    absl::SleepFor(absl::Milliseconds(30));
  }
}

// `zw list`: page id -> (status, docs).
std::map<std::string, std::pair<std::string, int>> ListedPages(const ServerCluster& cluster) {
  std::map<std::string, std::pair<std::string, int>> pages;
  CommandResult list = cluster.Zw({"list"});
  EXPECT_EQ(list.exit_code, 0) << list.err;
  for (absl::string_view line : absl::StrSplit(list.out, '\n', absl::SkipEmpty())) {
    std::vector<std::string> fields = absl::StrSplit(line, ' ', absl::SkipEmpty());
    int docs = -1;
    if (fields.size() < 4 || !absl::SimpleAtoi(absl::StripPrefix(fields[3], "docs="), &docs)) {
      ADD_FAILURE() << "unexpected list line: " << line;
      continue;
    }
    pages[fields[0]] = {fields[1], docs};
  }
  return pages;
}

class OperationsCrashTest : public ::testing::TestWithParam<bool> {};

TEST_P(OperationsCrashTest, DeletesAndRenormalizationSurviveSigkill) {
  const bool split = GetParam();
  // A small re-normalization budget stretches the job over the kills.
  ServerCluster cluster(split,
                        {"--rpc_timeout=2s", "--drain_timeout=1s", "--max_renormalize_queued=2"});
  ASSERT_TRUE(cluster.Start().ok()) << cluster.Logs();
  auto channel = NewClientChannel(cluster.ingest_address());
  auto stub = ingest_v1::IngestService::NewStub(channel);
  IngestHistory history;
  std::vector<std::string> page_ids;
  for (int i = 0; i < kPages; ++i) {
    PageAttempt attempt = history.NewPage("ops");
    ingest_v1::IngestPageRequest request;
    request.set_request_id(attempt.request_id);
    request.set_source_uri(attempt.source_uri);
    request.set_content(attempt.content);
    request.set_content_type("text/plain");
    ingest_v1::IngestPageResponse response;
    grpc::Status status = UntilAnswered(
        [&](grpc::ClientContext* c) { return stub->IngestPage(c, request, &response); },
        absl::Now() + absl::Seconds(30));
    ASSERT_TRUE(status.ok()) << status.error_message();
    page_ids.push_back(response.page_id());
  }
  auto stats = [&]() {
    ingest_v1::GetIngestStatsResponse response;
    grpc::Status status = UntilAnswered(
        [&](grpc::ClientContext* c) {
          return stub->GetIngestStats(c, ingest_v1::GetIngestStatsRequest(), &response);
        },
        absl::Now() + absl::Seconds(10));
    return std::make_pair(status, response);
  };
  for (const absl::Time deadline = absl::Now() + absl::Seconds(30);;) {
    auto [status, s] = stats();
    if (status.ok() && s.outbox_depth() == 0 && s.indexed() == kPages) break;
    ASSERT_LT(absl::Now(), deadline) << "pages not indexed" << cluster.Logs();
    absl::SleepFor(absl::Milliseconds(50));
  }

  // Deletes and a re-normalization, under fire.
  std::set<std::string> deleted;
  std::string ops_failure;
  std::atomic<bool> ops_done{false};
  std::atomic<bool> renormalize_started{false};
  std::atomic<int> progress{0};  // operations answered so far
  std::thread ops([&] {
    const absl::Time give_up = absl::Now() + absl::Seconds(40);
    for (int i = 0; i < kDeletes; ++i) {
      if (i == kDeletes / 2) {
        ingest_v1::RenormalizeResponse response;
        grpc::Status started = UntilAnswered(
            [&](grpc::ClientContext* c) {
              return stub->Renormalize(c, ingest_v1::RenormalizeRequest(), &response);
            },
            give_up);
        if (!started.ok()) ops_failure = "renormalize: " + started.error_message();
        renormalize_started = true;
        ++progress;
      }
      const std::string& id = page_ids[static_cast<size_t>(i) * 3];
      ingest_v1::DeletePageRequest request;
      request.set_page_id(id);
      ingest_v1::DeletePageResponse response;
      grpc::Status status = UntilAnswered(
          [&](grpc::ClientContext* c) { return stub->DeletePage(c, request, &response); },
          give_up);
      if (!status.ok()) {
        ops_failure = "delete: " + status.error_message();
        break;
      }
      deleted.insert(id);
      ++progress;
      absl::SleepFor(absl::Milliseconds(80));
    }
    ops_done = true;
  });
  std::mt19937 rng(split ? 11 : 5);
  std::uniform_int_distribution<int> pause_ms(40, 250);
  // At least this many kills, two of them once the job runs, and on until the deletes are sent.
  const int kills_wanted = split ? 6 : 4;
  constexpr int kMaxKills = 20;
  int kills = 0;
  int kills_during_job = 0;
  std::string failure;
  for (; kills < kMaxKills; ++kills) {
    if (kills >= kills_wanted && kills_during_job >= 2 && ops_done.load()) break;
    // Each kill waits for an operation to get through since the last one (clients
    // reconnect within 2 s), so kills land between and during the operations.
    const int seen = progress.load();
    for (const absl::Time deadline = absl::Now() + absl::Seconds(10);
         kills > 0 && progress.load() == seen && !ops_done.load() && absl::Now() < deadline;) {
      absl::SleepFor(absl::Milliseconds(10));
    }
    absl::SleepFor(absl::Milliseconds(pause_ms(rng)));
    if (renormalize_started.load()) ++kills_during_job;
    absl::Status restarted = cluster.Restart(split ? static_cast<size_t>(kills % 3) : 0);
    if (!restarted.ok()) {
      failure = restarted.ToString();
      break;
    }
  }
  ops.join();
  ASSERT_TRUE(failure.empty()) << failure << cluster.Logs();
  ASSERT_TRUE(ops_failure.empty()) << ops_failure << cluster.Logs();

  // Recovery: every delete done, the job finished, the outbox empty.
  ingest_v1::GetIngestStatsResponse final_stats;
  for (const absl::Time deadline = absl::Now() + absl::Seconds(60);;) {
    auto [status, s] = stats();
    final_stats = s;
    if (status.ok() && s.outbox_depth() == 0 && s.deleting() == 0 &&
        s.renormalize().state() == ingest_v1::RENORMALIZE_JOB_STATE_DONE) {
      break;
    }
    ASSERT_LT(absl::Now(), deadline) << "not recovered: " << s.ShortDebugString()
                                     << cluster.Logs();
    absl::SleepFor(absl::Milliseconds(100));
  }
  const auto listed = ListedPages(cluster);
  CommandResult exported = cluster.Zw({"export"});
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  CommandResult searched = cluster.Zw({"search", "--limit=100", "同志们"});
  ASSERT_EQ(searched.exit_code, 0) << searched.err;
  std::map<std::string, int> exported_docs;
  for (absl::string_view line : absl::StrSplit(exported.out, '\n', absl::SkipEmpty())) {
    const size_t at = line.find("\"page_id\":\"");
    if (at != absl::string_view::npos) ++exported_docs[std::string(line.substr(at + 11, 32))];
  }
  int half_deleted = 0;
  int lost = 0;
  std::string problems;
  for (const std::string& id : page_ids) {
    auto it = listed.find(id);
    if (it == listed.end()) {
      ++lost;
      absl::StrAppend(&problems, "not listed: ", id, "\n");
      continue;
    }
    const auto& [status, docs] = it->second;
    const int got = exported_docs.count(id) ? exported_docs[id] : 0;
    if (deleted.count(id)) {
      if (status != "DELETED" || got != 0 || absl::StrContains(searched.out, id)) {
        ++half_deleted;
        absl::StrAppend(&problems, "half deleted: ", id, " ", status, " exported ", got, "\n");
      }
    } else if (status != "INDEXED" || docs < 1 || got != docs) {
      ++lost;
      absl::StrAppend(&problems, "lost: ", id, " ", status, " docs=", docs, " exported ", got,
                      "\n");
    }
  }
  const auto& job = final_stats.renormalize();
  std::cout << "crash test (operations, " << (split ? "split" : "all-in-one") << ", " << kills
            << " SIGKILLs, " << kills_during_job << " during the job): deleted " << deleted.size() << ", half-deleted " << half_deleted
            << ", lost " << lost << ", re-normalized " << job.pages_done() << " of "
            << job.pages_queued() << " (" << job.pages_failed() << " failed)" << std::endl;
  EXPECT_GE(kills, kills_wanted);
  EXPECT_GE(kills_during_job, 2);
  EXPECT_EQ(static_cast<int>(deleted.size()), kDeletes);
  EXPECT_EQ(half_deleted, 0) << problems;
  EXPECT_EQ(lost, 0) << problems;
  EXPECT_EQ(static_cast<int>(exported_docs.size()), kPages - kDeletes) << problems;
  EXPECT_GT(job.pages_queued(), 0);
  EXPECT_EQ(job.pages_done(), job.pages_queued());
  EXPECT_EQ(final_stats.deleted(), kDeletes);
  EXPECT_EQ(cluster.Terminate(absl::Seconds(10)), 0) << cluster.Logs();
}

INSTANTIATE_TEST_SUITE_P(Modes, OperationsCrashTest, ::testing::Values(false, true),
                         [](const ::testing::TestParamInfo<bool>& info) {
                           return info.param ? "Split" : "AllInOne";
                         });

}  // namespace
}  // namespace zhengwen::testing
