// End to end: real `zhengwen serve` processes on loopback and the real `zw`
// client, all-in-one and split into three processes.
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "gtest/gtest.h"
#include "re2/re2.h"
#include "common/text/script_converter.h"
#include "common/text/utf8.h"
#include "tests/support/http_get.h"
#include "tests/support/ci.h"
#include "tests/support/export_jsonl.h"
#include "tests/support/server_cluster.h"
#include "zhengwen/document/v1/document.pb.h"

namespace zhengwen::testing {
namespace {

using zhengwen::document::v1::Document;

// Servers run with --drain_timeout=5s; SIGTERM must end them within that plus
// a little for closing RocksDB.
constexpr absl::Duration kDrainDeadline = absl::Seconds(7);

std::vector<std::string> SeedFiles() {
  const std::string dir = SeedDir();
  std::vector<std::string> files;
  if (dir.empty()) return files;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() == ".txt") files.push_back(entry.path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

// CI must have ../shared; a developer machine without it skips.
#define REQUIRE_SEEDS()                                                   \
  do {                                                                    \
    if (SeedFiles().empty()) {                                            \
      ZW_SKIP_OR_FAIL_UNDER_CI("../shared/corpus/seeds not present");      \
    }                                                                     \
  } while (0)

// Sum of document_count over pages, as `zw list` prints them ("docs=N").
int DocumentsReportedByIngest(const ServerCluster& cluster) {
  CommandResult list = cluster.Zw({"list"});
  EXPECT_EQ(list.exit_code, 0) << list.err;
  int total = 0;
  static const RE2 kDocs("docs=(\\d+)");
  re2::StringPiece input(list.out);
  int n = 0;
  while (RE2::FindAndConsume(&input, kDocs, &n)) total += n;
  return total;
}

// Checks what issue 2 promises of each exported seed document.
void ExpectCleanSimplifiedDocuments(const std::vector<Document>& docs,
                                    const std::vector<std::string>& files) {
  static const RE2 kPinyin("[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,7}[)）]");
  auto converter = ScriptConverter::Create();
  ASSERT_TRUE(converter.ok()) << converter.status();
  std::set<std::string> uris;
  std::map<std::string, std::set<int>> parts;
  for (const Document& doc : docs) {
    uris.insert(doc.source_uri());
    EXPECT_EQ(doc.id(), doc.page_id() + "-" + std::to_string(doc.part()));
    EXPECT_TRUE(parts[doc.page_id()].insert(doc.part()).second) << "duplicate " << doc.id();
    EXPECT_FALSE(doc.text().empty()) << doc.id();
    EXPECT_FALSE(doc.title().empty()) << doc.id();
    EXPECT_FALSE(doc.rules_version().empty());
    EXPECT_FALSE(RE2::PartialMatch(doc.text(), kPinyin)) << "pinyin left in " << doc.source_uri();
    // Simplified: conversion changes (almost) nothing that is left.
    const std::string simplified = (*converter)->ToSimplified(doc.text());
    int changed = 0;
    int total = 0;
    size_t a = 0, b = 0;
    while (a < doc.text().size() && b < simplified.size()) {
      ++total;
      if (DecodeUtf8(doc.text(), &a) !=
          DecodeUtf8(simplified, &b)) {
        ++changed;
      }
    }
    EXPECT_LT(changed * 1000, total + 1000) << "Traditional characters left in " << doc.source_uri();
  }
  EXPECT_EQ(uris, std::set<std::string>(files.begin(), files.end()));
  for (const auto& [page, seen] : parts) {
    // Parts of a page are 0..n-1.
    EXPECT_EQ(*seen.rbegin(), static_cast<int>(seen.size()) - 1) << page;
  }
}

class EndToEndTest : public ::testing::TestWithParam<bool> {};

TEST_P(EndToEndTest, SeedPagesComeOutCleanAndSimplified) {
  REQUIRE_SEEDS();
  ServerCluster cluster(/*split=*/GetParam());
  ASSERT_TRUE(cluster.Start().ok()) << cluster.Logs();

  std::vector<std::string> args = {"ingest", "--wait"};
  const auto files = SeedFiles();
  ASSERT_EQ(files.size(), 5u);
  args.insert(args.end(), files.begin(), files.end());
  CommandResult ingest = cluster.Zw(args);
  ASSERT_EQ(ingest.exit_code, 0) << ingest.err << cluster.Logs();
  EXPECT_TRUE(absl::StrContains(ingest.err, "acknowledged 5 of 5 files")) << ingest.err;
  EXPECT_TRUE(absl::StrContains(ingest.err, "indexed 5 of 5 pages")) << ingest.err;

  CommandResult exported = cluster.Zw({"export"});
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  const auto docs = ParseExport(exported.out);
  ASSERT_GE(docs.size(), 5u);
  EXPECT_EQ(static_cast<int>(docs.size()), DocumentsReportedByIngest(cluster));
  ExpectCleanSimplifiedDocuments(docs, files);

  // The same bytes again: same page ids, no new work, same export.
  CommandResult again = cluster.Zw(args);
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_TRUE(absl::StrContains(again.err, "(5 already present)")) << again.err;
  CommandResult exported_again = cluster.Zw({"export"});
  EXPECT_EQ(exported_again.out, exported.out);

  CommandResult health = cluster.Zw({"health"});
  EXPECT_EQ(health.exit_code, 0) << health.out << health.err;

  EXPECT_EQ(cluster.Terminate(kDrainDeadline), 0) << cluster.Logs();
}

TEST_P(EndToEndTest, DataSurvivesRestart) {
  ServerCluster cluster(/*split=*/GetParam());
  ASSERT_TRUE(cluster.Start().ok()) << cluster.Logs();
  CommandResult ingest = cluster.Zw({"ingest", "--wait", SampleDir()});
  ASSERT_EQ(ingest.exit_code, 0) << ingest.err << cluster.Logs();
  CommandResult before = cluster.Zw({"export"});
  ASSERT_EQ(before.exit_code, 0);
  ASSERT_FALSE(before.out.empty());
  ASSERT_EQ(cluster.Terminate(kDrainDeadline), 0) << cluster.Logs();

  ASSERT_TRUE(cluster.Start().ok()) << cluster.Logs();
  CommandResult after = cluster.Zw({"export"});
  EXPECT_EQ(after.out, before.out);
  CommandResult status = cluster.Zw({"status"});
  EXPECT_TRUE(absl::StrContains(status.out, "outbox 0")) << status.out;
  EXPECT_EQ(cluster.Terminate(kDrainDeadline), 0) << cluster.Logs();
}

TEST_P(EndToEndTest, RefusedPagesGiveReasonAndNonZeroExit) {
  ServerCluster cluster(/*split=*/GetParam());
  ASSERT_TRUE(cluster.Start().ok()) << cluster.Logs();
  TempDir dir;
  const std::string empty = dir.path() + "/empty.txt";
  std::ofstream(empty).close();
  CommandResult ingest = cluster.Zw({"ingest", empty});
  EXPECT_NE(ingest.exit_code, 0);
  EXPECT_TRUE(absl::StrContains(ingest.err, "EMPTY_PAGE")) << ingest.err;
  EXPECT_TRUE(absl::StrContains(ingest.err, "INVALID_ARGUMENT")) << ingest.err;

  // Random bytes and a good page in one run: the bad one is named with its
  // reason, the good one still goes in, and the exit code says not all did.
  const std::string noise = dir.path() + "/noise.bin";
  {
    std::ofstream out(noise, std::ios::binary);
    uint32_t x = 12345;
    for (int i = 0; i < 8192; ++i) {
      x = x * 1664525u + 1013904223u;
      out.put(static_cast<char>(x >> 24));
    }
  }
  const std::string good = SampleDir() + "/02_xiangcun_zhenxing_doc_site.txt";
  CommandResult mixed = cluster.Zw({"ingest", noise, good});
  EXPECT_EQ(mixed.exit_code, 1);
  EXPECT_TRUE(absl::StrContains(mixed.err, "noise.bin: INVALID_ARGUMENT")) << mixed.err;
  EXPECT_TRUE(absl::StrContains(mixed.err, "BINARY_CONTENT") ||
              absl::StrContains(mixed.err, "UNDECODABLE_PAGE"))
      << mixed.err;
  EXPECT_TRUE(absl::StrContains(mixed.err, "acknowledged 1 of 2 files")) << mixed.err;

  CommandResult missing = cluster.Zw({"get", "ffffffffffffffffffffffffffffffff-0"});
  EXPECT_NE(missing.exit_code, 0);
  EXPECT_TRUE(absl::StrContains(missing.err, "DOCUMENT_NOT_FOUND")) << missing.err;
  EXPECT_EQ(cluster.Terminate(kDrainDeadline), 0) << cluster.Logs();
}

TEST_P(EndToEndTest, NewBytesForASourceReplaceItsDocuments) {
  ServerCluster cluster(/*split=*/GetParam());
  ASSERT_TRUE(cluster.Start().ok()) << cluster.Logs();
  TempDir dir;
  const std::string path = dir.path() + "/speech.txt";
  std::ofstream(path) << "第一版讲话\n同志们:第一版的正文内容在这里。\n";
  ASSERT_EQ(cluster.Zw({"ingest", "--wait", path}).exit_code, 0) << cluster.Logs();
  std::ofstream(path, std::ios::trunc) << "第二版讲话\n同志们:第二版的正文已经改写。\n";
  ASSERT_EQ(cluster.Zw({"ingest", "--wait", path}).exit_code, 0) << cluster.Logs();
  CommandResult exported = cluster.Zw({"export"});
  ASSERT_EQ(exported.exit_code, 0);
  const auto docs = ParseExport(exported.out);
  ASSERT_EQ(docs.size(), 1u) << exported.out;
  EXPECT_TRUE(absl::StrContains(docs[0].title() + docs[0].text(), "第二版")) << exported.out;
  EXPECT_FALSE(absl::StrContains(exported.out, "第一版"));
  EXPECT_EQ(cluster.Terminate(kDrainDeadline), 0) << cluster.Logs();
}

INSTANTIATE_TEST_SUITE_P(Modes, EndToEndTest, ::testing::Values(false, true),
                         [](const ::testing::TestParamInfo<bool>& info) {
                           return info.param ? "Split" : "AllInOne";
                         });

TEST(ServerTest, MetricsCountRequestsAndOutbox) {
  TempDir dir;
  ServerCluster cluster(/*split=*/false, {"--metrics_listen=127.0.0.1:0"});
  ASSERT_TRUE(cluster.Start().ok()) << cluster.Logs();
  ASSERT_EQ(cluster.Zw({"ingest", "--wait", SampleDir()}).exit_code, 0) << cluster.Logs();
  // The metrics port is logged at start.
  const int port = MetricsPort(cluster.Logs());
  ASSERT_GT(port, 0) << cluster.Logs();
  // No wait: the gauges are read from ingest's counters at scrape time.
  const std::string body = HttpGet(port, "/metrics");
  EXPECT_TRUE(absl::StrContains(
      body, "zhengwen_rpc_requests_total{code=\"OK\",method=\"/zhengwen.ingest.v1.IngestService/IngestPage\"} 4"))
      << body;
  EXPECT_TRUE(absl::StrContains(body, "zhengwen_pages{status=\"indexed\"} 4")) << body;
  EXPECT_TRUE(absl::StrContains(body, "zhengwen_outbox_depth 0")) << body;
  EXPECT_EQ(cluster.Terminate(kDrainDeadline), 0);
}

TEST(ServerTest, RefusesUnknownTargetAndMissingAddresses) {
  TempDir dir;
  CommandResult bad = RunCommand({ServerBinary(), "serve", "--target=bogus",
                                  "--data_dir=" + dir.path(), "--listen=127.0.0.1:0"});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_TRUE(absl::StrContains(bad.err, "--target must be")) << bad.err;
  CommandResult ingest_only = RunCommand({ServerBinary(), "serve", "--target=ingest",
                                          "--data_dir=" + dir.path(), "--listen=127.0.0.1:0"});
  EXPECT_EQ(ingest_only.exit_code, 1);
  EXPECT_TRUE(absl::StrContains(ingest_only.err, "--normalization_addr")) << ingest_only.err;
}

TEST(ServerTest, EnvironmentSetsFlags) {
  TempDir dir;
  CommandResult bad = RunCommand({ServerBinary(), "serve", "--data_dir=" + dir.path()},
                                 absl::Seconds(30), {{"ZHENGWEN_TARGET", "nonsense"}});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_TRUE(absl::StrContains(bad.err, "got 'nonsense'")) << bad.err;
}

// --opencc_config reaches the query service too (it converts search text): a
// query-only server refuses to start on a configuration OpenCC cannot load.
TEST(ServerTest, QueryServiceUsesOpenccConfig) {
  TempDir dir;
  CommandResult bad = RunCommand({ServerBinary(), "serve", "--target=query",
                                  "--data_dir=" + dir.path(), "--listen=127.0.0.1:0",
                                  "--opencc_config=" + dir.path() + "/no-such-config.json"},
                                 absl::Seconds(30));
  EXPECT_EQ(bad.exit_code, 1) << bad.err;
  EXPECT_TRUE(absl::StrContains(bad.err, "no-such-config.json")) << bad.err;
}

}  // namespace
}  // namespace zhengwen::testing
