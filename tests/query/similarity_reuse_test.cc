// Near-duplicate clusters (MinHash LSH) and passage reuse over a real
// DocumentStore: clusters across scripts, FindSimilar, FindReuse
// spans on both sides, shared sentences with counts.
#include "absl/strings/str_cat.h"
#include "common/text/utf8.h"
#include "gtest/gtest.h"
#include "common/text/script_converter.h"
#include "services/query/document_store.h"
#include "tests/support/subprocess.h"

namespace zhengwen::query {
namespace {

Document Doc(const std::string& page, const std::string& text, const std::string& uri = "") {
  Document doc;
  doc.set_id(page + "-0");
  doc.set_page_id(page);
  doc.set_text(text);
  doc.set_source_uri(uri);
  return doc;
}

// Highlight and span offsets count code points.
std::string Substr(const std::string& text, int offset, int length) {
  return CodePointSubstr(text, offset, length);
}

// A speech of a few hundred characters.
std::string Speech() {
  return "同志们：今天我们召开全县安全生产工作会议，主要任务是总结去年工作，部署今年任务。"
         "一、充分认识安全生产工作的重要性。安全生产事关人民群众生命财产安全，事关改革发展稳定大局"
         "。"
         "各级各部门要牢固树立安全发展理念，始终把人民生命安全放在首位。"
         "二、突出重点，深入开展隐患排查治理。要聚焦矿山、危险化学品、道路交通、建筑施工等重点行业"
         "领域，"
         "全面排查整治各类风险隐患，做到整改措施、责任、资金、时限和预案五落实。"
         "三、压紧压实各方责任，健全安全生产长效机制。安全生产责任重于泰山，关键在于把责任落实到每"
         "一个环节。";
}

class SimilarityReuseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = DocumentStore::Open(dir_.path());
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = std::move(*store);
  }
  void Put(const Document& doc) {
    auto put = store_->PutDocuments(doc.page_id(), {doc}, "");
    ASSERT_TRUE(put.ok()) << put.status();
  }
  std::string Cluster(const std::string& id) {
    auto doc = store_->GetDocument(id);
    EXPECT_TRUE(doc.ok()) << doc.status();
    return doc.ok() ? doc->cluster_id() : "";
  }

  testing::TempDir dir_;
  std::unique_ptr<DocumentStore> store_;
};

TEST_F(SimilarityReuseTest, CopiesAcrossSitesAndScriptsFormOneCluster) {
  // The same speech on three sites: Simplified, Traditional (as normalization
  // delivers it: converted to Simplified), and lightly edited.
  auto to_traditional = ScriptConverter::Create("s2t.json");
  ASSERT_TRUE(to_traditional.ok()) << to_traditional.status();
  auto to_simplified = ScriptConverter::Create("t2s.json");
  ASSERT_TRUE(to_simplified.ok());
  const std::string traditional = (*to_traditional)->ToSimplified(Speech());  // s2t really
  ASSERT_NE(traditional, Speech());
  std::string edited = Speech();
  edited.replace(edited.find("今天"), 6, "上午");
  Put(Doc("a", Speech(), "https://site-a.cn/1"));
  Put(Doc("b", (*to_simplified)->ToSimplified(traditional), "https://site-b.tw/2"));
  Put(Doc("c", edited + "（来源：某某网）", "https://site-c.com/3"));
  Put(Doc("d", "完全无关的另一篇文章：春天来了，花开了，小鸟在枝头歌唱，孩子们在草地上奔跑嬉戏。"));
  EXPECT_EQ(Cluster("a-0"), "a-0");
  EXPECT_EQ(Cluster("b-0"), "a-0");
  EXPECT_EQ(Cluster("c-0"), "a-0");
  EXPECT_EQ(Cluster("d-0"), "d-0");
  auto a = store_->GetDocument("a-0");
  ASSERT_TRUE(a.ok());
  ASSERT_EQ(a->near_duplicates_size(), 2);
  EXPECT_GE(a->near_duplicates(0).similarity(), 0.8);

  // FindSimilar by id and by a Traditional text.
  v1::FindSimilarRequest by_id;
  by_id.set_id("b-0");
  auto similar = store_->FindSimilar(by_id);
  ASSERT_TRUE(similar.ok()) << similar.status();
  EXPECT_EQ(similar->cluster_id(), "a-0");
  ASSERT_EQ(similar->documents_size(), 2);
  v1::FindSimilarRequest by_text;
  by_text.set_text(traditional);
  similar = store_->FindSimilar(by_text);
  ASSERT_TRUE(similar.ok());
  EXPECT_EQ(similar->documents_size(), 3);
  // A higher threshold leaves only the closest copies.
  by_id.set_min_similarity(0.999);
  similar = store_->FindSimilar(by_id);
  ASSERT_TRUE(similar.ok());
  EXPECT_LE(similar->documents_size(), 1);
}

TEST_F(SimilarityReuseTest, ReuseReportsSharedSpansOnBothSides) {
  const std::string shared =
      "要聚焦矿山、危险化学品、道路交通等重点行业领域。全面排查整治各类风险隐患。";
  const std::string source = "开头的话说在前面。" + shared + "最后提几点要求和希望。";
  const std::string other = "另一篇文章另起炉灶谈起。" + shared + "结尾完全不一样的话语。";
  Put(Doc("src", source));
  Put(Doc("oth", other));
  Put(Doc("none", "这一篇什么都不共享，只是凑数的文字而已。"));
  v1::FindReuseRequest request;
  request.set_id("src-0");
  auto reuse = store_->FindReuse(request);
  ASSERT_TRUE(reuse.ok()) << reuse.status();
  ASSERT_EQ(reuse->documents_size(), 1);
  const auto& doc = reuse->documents(0);
  EXPECT_EQ(doc.id(), "oth-0");
  ASSERT_EQ(doc.spans_size(), 1);  // two adjacent sentences joined into one passage
  const auto& span = doc.spans(0);
  EXPECT_EQ(Substr(source, span.source().offset(), span.source().length()), shared);
  EXPECT_EQ(Substr(other, span.other().offset(), span.other().length()), shared);
  EXPECT_EQ(doc.shared_length(), span.source().length());

  // By text: a Traditional sentence is found in the Simplified documents.
  request.Clear();
  request.set_text("前言。全面排查整治各類風險隱患。");
  reuse = store_->FindReuse(request);
  ASSERT_TRUE(reuse.ok());
  ASSERT_EQ(reuse->documents_size(), 2);
  EXPECT_EQ(reuse->documents(0).spans(0).source().offset(), 3);

  // The sentences shared by at least two documents, with counts.
  Put(Doc("third", "再一篇。全面排查整治各类风险隐患。"));
  v1::ListSharedSentencesRequest templates;
  templates.set_min_documents(2);
  auto listed = store_->ListSharedSentences(templates);
  ASSERT_TRUE(listed.ok()) << listed.status();
  ASSERT_EQ(listed->sentences_size(), 2);
  EXPECT_EQ(listed->sentences(0).text(), "全面排查整治各类风险隐患。");
  EXPECT_EQ(listed->sentences(0).document_count(), 3);
  EXPECT_EQ(listed->sentences(1).document_count(), 2);
  // Pagination.
  templates.set_page_size(1);
  listed = store_->ListSharedSentences(templates);
  ASSERT_TRUE(listed.ok());
  ASSERT_FALSE(listed->next_page_token().empty());
  templates.set_page_token(listed->next_page_token());
  auto second_page = store_->ListSharedSentences(templates);
  ASSERT_TRUE(second_page.ok());
  ASSERT_EQ(second_page->sentences_size(), 1);
  EXPECT_EQ(second_page->sentences(0).document_count(), 2);
  EXPECT_TRUE(second_page->next_page_token().empty());
}

}  // namespace
}  // namespace zhengwen::query
