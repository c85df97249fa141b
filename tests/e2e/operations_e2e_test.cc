// The operator's jobs end to end through `zw`, all-in-one and split: versions
// of a source, taking a page down (and that search, similar, reuse and export
// never return it again), and re-normalizing after a rules change.
#include <fstream>
#include <set>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "tests/support/export_jsonl.h"
#include "tests/support/server_cluster.h"
#include "zhengwen/document/v1/document.pb.h"

namespace zhengwen::testing {
namespace {

using zhengwen::document::v1::Document;

constexpr absl::Duration kDrainDeadline = absl::Seconds(7);

std::string Write(const std::string& dir, const std::string& name, const std::string& text) {
  const std::string path = dir + "/" + name;
  std::ofstream(path) << text;
  return path;
}

// A speech whose sentences are distinct to `topic` (so pages are not near-duplicates).
std::string Speech(const std::string& topic, const std::string& source_line = "") {
  std::string text = absl::StrCat(topic, "工作会议讲话\n");
  if (!source_line.empty()) absl::StrAppend(&text, source_line, "\n");
  absl::StrAppend(&text, "同志们:\n");
  for (int i = 1; i <= 6; ++i) {
    absl::StrAppend(&text, "第", i, "点,", topic, "工作要坚持问题导向,", topic,
                    "领域第", i, "项任务必须在年底前完成并接受群众监督。\n");
  }
  return text;
}

// The page id `zw ingest` printed for `source_uri` ("URI: ID vN STATUS").
std::string PageIdOf(const CommandResult& ingest, const std::string& source_uri) {
  for (absl::string_view line : absl::StrSplit(ingest.err, '\n')) {
    if (!absl::StartsWith(line, source_uri + ": ")) continue;
    std::vector<std::string> fields = absl::StrSplit(line.substr(source_uri.size() + 2), ' ');
    if (!fields.empty()) return fields[0];
  }
  return "";
}

class OperationsE2eTest : public ::testing::TestWithParam<bool> {};

TEST_P(OperationsE2eTest, VersionsDeleteAndRenormalizeThroughZw) {
  ServerCluster cluster(/*split=*/GetParam());
  ASSERT_TRUE(cluster.Start().ok()) << cluster.Logs();
  TempDir dir;
  const std::string v1 = Write(dir.path(), "v1.txt", Speech("防汛", "本文来源:测试网"));
  const std::string v2 = Write(dir.path(), "v2.txt", Speech("教育"));
  const std::string shared = Write(dir.path(), "shared.txt", Speech("交通"));
  const std::string page_uri = "https://www.example.cn/news/1.html";

  // Versions: v1 -> v2 -> v1 makes v1 current again.
  for (const std::string& file : {v1, v2, v1}) {
    CommandResult ingest = cluster.Zw({"ingest", "--wait", "--source_uri=" + page_uri,
                                       "--content_type=text/plain", "--encoding=UTF-8", file});
    ASSERT_EQ(ingest.exit_code, 0) << ingest.err << cluster.Logs();
  }
  CommandResult history = cluster.Zw({"get", "--source_uri=" + page_uri, "--history"});
  ASSERT_EQ(history.exit_code, 0) << history.err;
  EXPECT_TRUE(absl::StrContains(history.out, "\"version\":\"3\"")) << history.out;
  EXPECT_TRUE(absl::StrContains(history.out, "  v1 ")) << history.out;
  EXPECT_TRUE(absl::StrContains(history.out, "  v3* ")) << history.out;
  // Re-sending the current bytes makes no new version.
  CommandResult same = cluster.Zw({"ingest", "--source_uri=" + page_uri, v1});
  EXPECT_TRUE(absl::StrContains(same.err, "(1 already present)")) << same.err;

  // Identical bytes from two URLs (and stdin): two pages sharing one blob.
  const std::string copy_a = "https://a.example.cn/shared";
  const std::string copy_b = "https://b.example.cn/shared";
  CommandResult a = cluster.Zw({"ingest", "--wait", "--source_uri=" + copy_a, shared});
  ASSERT_EQ(a.exit_code, 0) << a.err;
  CommandResult b = cluster.Zw(
      {"ingest", "--wait", "--source_uri=" + copy_b, "--content_type=text/plain", "-"},
      absl::Seconds(120));
  // RunCommand gives the child no stdin: an empty page is refused with its reason.
  EXPECT_NE(b.exit_code, 0);
  EXPECT_TRUE(absl::StrContains(b.err, "EMPTY_PAGE")) << b.err;
  CommandResult b_file = RunCommand(
      {"/bin/sh", "-c",
       absl::StrCat(CliBinary(), " --server=", cluster.ingest_address(),
                    " ingest --wait --source_uri=", copy_b, " --content_type=text/plain - < ",
                    shared)});
  ASSERT_EQ(b_file.exit_code, 0) << b_file.err;
  const std::string a_id = PageIdOf(a, copy_a);
  const std::string b_id = PageIdOf(b_file, copy_b);
  ASSERT_FALSE(a_id.empty()) << a.err;
  ASSERT_NE(a_id, b_id);
  CommandResult listed = cluster.Zw({"list", "--host=a.example.cn", "--since=2020-01-01"});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_TRUE(absl::StrContains(listed.out, a_id)) << listed.out;
  EXPECT_FALSE(absl::StrContains(listed.out, b_id)) << listed.out;
  // b's document is a copy of a's: similar and reuse find it before the delete.
  CommandResult similar_before = cluster.Zw({"similar", b_id + "-0"});
  EXPECT_TRUE(absl::StrContains(similar_before.out, a_id)) << similar_before.out;

  // Take a down.
  CommandResult deleted = cluster.Zw({"delete", "--source_uri=" + copy_a});
  ASSERT_EQ(deleted.exit_code, 0) << deleted.err;
  EXPECT_TRUE(absl::StrContains(deleted.out, "DELETING") ||
              absl::StrContains(deleted.out, "DELETED"))
      << deleted.out;
  bool gone = false;
  for (const absl::Time deadline = absl::Now() + absl::Seconds(30);
       !gone && absl::Now() < deadline; absl::SleepFor(absl::Milliseconds(100))) {
    gone = absl::StrContains(cluster.Zw({"list", "--status=deleted"}).out, a_id);
  }
  ASSERT_TRUE(gone) << cluster.Zw({"list"}).out << cluster.Logs();
  for (const std::vector<std::string>& args :
       std::vector<std::vector<std::string>>{{"export"},
                                             {"search", "--limit=50", "交通工作要坚持问题导向"},
                                             {"similar", b_id + "-0"},
                                             {"reuse", b_id + "-0"},
                                             {"similar", "--text=" + Speech("交通")},
                                             {"reuse", "--templates", "--min_documents=1"}}) {
    CommandResult out = cluster.Zw(args);
    EXPECT_EQ(out.exit_code, 0) << args[0] << ": " << out.err;
    EXPECT_FALSE(absl::StrContains(out.out, a_id)) << args[0] << " returned the deleted page\n"
                                                   << out.out;
  }
  EXPECT_TRUE(absl::StrContains(cluster.Zw({"export"}).out, b_id));
  CommandResult status = cluster.Zw({"status"});
  EXPECT_TRUE(absl::StrContains(status.out, "deleted 1")) << status.out;
  // The shared bytes stayed for b: a later re-normalization still reads them.

  // A rules change: the normalizer restarts with a rules file dropping the source line.
  const std::string rules = Write(dir.path(), "site.rules",
                                  "version\tsite-1\nsite_meta\tsource_line\t^本文来源\n");
  ServerProcess& normalizer = cluster.processes()[0];
  normalizer.flags.push_back("--rules_file=" + rules);
  ASSERT_TRUE(cluster.Restart(0).ok()) << cluster.Logs();
  CommandResult renormalize = cluster.Zw(
      {"renormalize", "--rules_version_other_than=builtin-2+site-1", "--wait"});
  ASSERT_EQ(renormalize.exit_code, 0) << renormalize.out << renormalize.err << cluster.Logs();
  EXPECT_TRUE(absl::StrContains(renormalize.out, "done job 1 DONE")) << renormalize.out;
  EXPECT_TRUE(absl::StrContains(renormalize.out, "2 of 2 pages re-normalized (0 failed)"))
      << renormalize.out;
  const auto docs = ParseExport(cluster.Zw({"export"}).out);
  ASSERT_EQ(docs.size(), 2u);
  for (const Document& doc : docs) {
    EXPECT_EQ(doc.rules_version(), "builtin-2+site-1") << doc.source_uri();
    EXPECT_FALSE(absl::StrContains(doc.text(), "本文来源")) << doc.text();
  }
  CommandResult after = cluster.Zw({"status"});
  EXPECT_TRUE(absl::StrContains(after.out, "renormalize job 1 DONE")) << after.out;
  EXPECT_EQ(cluster.Terminate(kDrainDeadline), 0) << cluster.Logs();
}

INSTANTIATE_TEST_SUITE_P(Modes, OperationsE2eTest, ::testing::Values(false, true),
                         [](const ::testing::TestParamInfo<bool>& info) {
                           return info.param ? "Split" : "AllInOne";
                         });

}  // namespace
}  // namespace zhengwen::testing
