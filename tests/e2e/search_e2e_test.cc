// End to end: search, near-duplicates and reuse through real servers and the
// real `zw` (search --json, similar, reuse, export).
#include <google/protobuf/util/json_util.h>

#include <fstream>
#include <map>

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "common/text/utf8.h"
#include "gtest/gtest.h"
#include "common/text/script_converter.h"
#include "tests/support/server_cluster.h"
#include "zhengwen/document/v1/document.pb.h"
#include "zhengwen/query/v1/query_service.pb.h"

namespace zhengwen::testing {
namespace {

template <typename Message>
std::vector<Message> ParseLines(const std::string& jsonl) {
  std::vector<Message> out;
  for (absl::string_view line : absl::StrSplit(jsonl, '\n', absl::SkipEmpty())) {
    Message message;
    auto status = google::protobuf::util::JsonStringToMessage(
        google::protobuf::StringPiece(line.data(), line.size()), &message);
    EXPECT_TRUE(status.ok()) << status.ToString() << " in " << line;
    out.push_back(std::move(message));
  }
  return out;
}

// Highlight and span offsets count code points.
std::string Substr(const std::string& text, int offset, int length) {
  return CodePointSubstr(text, offset, length);
}

constexpr char kSpeech[] =
    "同志们：今天我们召开全县安全生产工作会议，主要任务是总结去年工作，部署今年任务。\n"
    "一、充分认识安全生产工作的重要性。安全生产事关人民群众生命财产安全，事关改革发展稳定大局。"
    "各级各部门要牢固树立安全发展理念，始终把人民生命安全放在首位，推进国家治理体系现代化。\n"
    "二、突出重点，深入开展隐患排查治理。要聚焦矿山、危险化学品、道路交通、建筑施工等重点行业领域，"
    "全面排查整治各类风险隐患，做到整改措施、责任、资金、时限和预案五落实。\n"
    "三、压紧压实各方责任，健全安全生产长效机制。安全生产责任重于泰山，关键在于把责任落实到每一个环"
    "节。\n";

TEST(SearchEndToEndTest, SearchSimilarAndReuseThroughZw) {
  TempDir pages;
  auto s2t = ScriptConverter::Create("s2t.json");  // Simplified -> Traditional
  ASSERT_TRUE(s2t.ok()) << s2t.status();
  std::ofstream(pages.path() + "/speech_hans.txt") << "安全生产工作会议讲话\n" << kSpeech;
  std::ofstream(pages.path() + "/speech_hant.txt")
      << (*s2t)->ToSimplified(std::string("安全生产工作会议讲话\n") + kSpeech);
  std::ofstream(pages.path() + "/other.txt")
      << "春季植树活动通知\n各单位：为改善生态环境，定于下周六开展义务植树活动，请各单位组织职工参"
         "加。"
         "要聚焦矿山、危险化学品、道路交通、建筑施工等重点行业领域，"
         "全面排查整治各类风险隐患，做到整改措施、责任、资金、时限和预案五落实。\n";

  ServerCluster cluster(/*split=*/false);
  ASSERT_TRUE(cluster.Start().ok()) << cluster.Logs();
  CommandResult ingest = cluster.Zw({"ingest", "--wait", pages.path()});
  ASSERT_EQ(ingest.exit_code, 0) << ingest.err << cluster.Logs();

  CommandResult exported = cluster.Zw({"export"});
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  std::map<std::string, document::v1::Document> by_file;
  for (auto& doc : ParseLines<document::v1::Document>(exported.out)) {
    by_file[doc.source_uri().substr(doc.source_uri().rfind('/') + 1)] = doc;
  }
  ASSERT_EQ(by_file.size(), 3u) << exported.out;
  const auto& hans = by_file["speech_hans.txt"];
  const auto& hant = by_file["speech_hant.txt"];
  const auto& other = by_file["other.txt"];
  // The speech in both scripts is one cluster; each lists the other.
  EXPECT_EQ(hans.cluster_id(), hant.cluster_id());
  EXPECT_NE(hans.cluster_id(), other.cluster_id());
  ASSERT_EQ(hans.near_duplicates_size(), 1);
  EXPECT_EQ(hans.near_duplicates(0).id(), hant.id());
  EXPECT_GE(hans.near_duplicates(0).similarity(), 0.8);
  EXPECT_EQ(hans.near_duplicates(0).relation(), document::v1::COPY_RELATION_DUPLICATE);
  EXPECT_GE(hans.near_duplicates(0).containment_in_other(), 0.9);

  // A Traditional query finds both copies; highlights point at the matched text.
  CommandResult search = cluster.Zw({"search", "--json", "國家治理"});
  ASSERT_EQ(search.exit_code, 0) << search.err;
  const auto hits = ParseLines<query::v1::SearchHit>(search.out);
  ASSERT_EQ(hits.size(), 2u) << search.out;
  EXPECT_TRUE(absl::StrContains(search.err, "2 of 2 hits")) << search.err;
  for (const auto& hit : hits) {
    EXPECT_FALSE(hit.page_id().empty());
    EXPECT_FALSE(hit.source_uri().empty());
    EXPECT_FALSE(hit.title().empty());
    EXPECT_GT(hit.score(), 0);
    ASSERT_FALSE(hit.highlights().empty());
    const std::string& text = hit.id() == hans.id() ? hans.text() : hant.text();
    for (const auto& span : hit.highlights()) {
      EXPECT_EQ(Substr(text, span.offset(), span.length()), "国家治理");
    }
    EXPECT_TRUE(absl::StrContains(hit.snippet(), "国家治理"));
  }
  // Phrases, exclusions and the plain output.
  CommandResult phrase = cluster.Zw({"search", "\"风险隐患\" -生产"});
  ASSERT_EQ(phrase.exit_code, 0) << phrase.err;
  EXPECT_TRUE(absl::StrContains(phrase.out, other.id())) << phrase.out;
  EXPECT_TRUE(absl::StrContains(phrase.out, "【风险隐患】")) << phrase.out;
  EXPECT_FALSE(absl::StrContains(phrase.out, hans.id()));
  CommandResult bad = cluster.Zw({"search", "--", "-只有排除"});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_TRUE(absl::StrContains(bad.err, "INVALID_QUERY")) << bad.err;

  CommandResult similar = cluster.Zw({"similar", hans.id()});
  ASSERT_EQ(similar.exit_code, 0) << similar.err;
  EXPECT_TRUE(absl::StrContains(similar.out, hant.id())) << similar.out;
  EXPECT_TRUE(absl::StrContains(similar.out, "cluster " + hans.cluster_id())) << similar.out;
  EXPECT_TRUE(absl::StrContains(similar.out, "DUPLICATE")) << similar.out;
  CommandResult copies = cluster.Zw({"copies", hans.id()});
  ASSERT_EQ(copies.exit_code, 0) << copies.err;
  EXPECT_TRUE(absl::StrContains(copies.out, hant.id())) << copies.out;
  EXPECT_TRUE(absl::StrContains(copies.out, "1 documents carry")) << copies.out;

  CommandResult reuse = cluster.Zw({"reuse", "--json", other.id()});
  ASSERT_EQ(reuse.exit_code, 0) << reuse.err;
  const auto reusing = ParseLines<query::v1::ReusingDocument>(reuse.out);
  ASSERT_EQ(reusing.size(), 2u) << reuse.out;
  for (const auto& doc : reusing) {
    ASSERT_EQ(doc.spans_size(), 1);
    const auto& span = doc.spans(0);
    const std::string& text = doc.id() == hans.id() ? hans.text() : hant.text();
    EXPECT_EQ(Substr(other.text(), span.source().offset(), span.source().length()),
              Substr(text, span.other().offset(), span.other().length()));
  }
  CommandResult templates = cluster.Zw({"reuse", "--templates", "--min_documents=3"});
  ASSERT_EQ(templates.exit_code, 0) << templates.err;
  EXPECT_TRUE(absl::StrContains(templates.out, "    3  要聚焦矿山")) << templates.out;

  EXPECT_EQ(cluster.Terminate(absl::Seconds(15)), 0) << cluster.Logs();
}

}  // namespace
}  // namespace zhengwen::testing
