// Copy detection over a real DocumentStore: containment both ways, directed
// relations with the likely original, partial copies across scripts,
// clusters by representative (no chaining, independent of arrival order,
// split on replacement and removal).
#include <algorithm>
#include <functional>
#include <map>
#include <random>

#include "absl/strings/str_cat.h"
#include "common/error_reason.h"
#include "common/text/utf8.h"
#include "gtest/gtest.h"
#include "common/text/script_converter.h"
#include "services/query/document_store.h"
#include "tests/support/subprocess.h"

namespace zhengwen::query {
namespace {

using zhengwen::document::v1::COPY_RELATION_CONTAINED_IN;
using zhengwen::document::v1::COPY_RELATION_CONTAINS;
using zhengwen::document::v1::COPY_RELATION_DUPLICATE;
using zhengwen::document::v1::CopyRelation;

Document Doc(const std::string& page, const std::string& text, const std::string& date = "") {
  Document doc;
  doc.set_id(page + "-0");
  doc.set_page_id(page);
  doc.set_text(text);
  doc.set_published_at(date);
  return doc;
}

// Sentences first .. first + count - 1 of text `topic`, one per line, each of
// 15 CJK characters drawn from a generator seeded by (topic, sentence):
// different topics share no shingle by more than chance.
std::string Paragraphs(const std::string& topic, int first, int count) {
  std::string out;
  for (int i = first; i < first + count; ++i) {
    std::mt19937 random(static_cast<uint32_t>(std::hash<std::string>()(topic) * 131 + i));
    for (int j = 0; j < 15; ++j) EncodeUtf8(static_cast<char32_t>(0x4E00 + random() % 6000), &out);
    out += "。\n";
  }
  // Simplified already, as normalization delivers texts (FindSimilar converts
  // a text asked about).
  static const auto* to_simplified =
      ScriptConverter::Create("t2s.json").value().release();
  return to_simplified->ToSimplified(out);
}

class SimilarityCopiesTest : public ::testing::Test {
 protected:
  void SetUp() override { Open(); }
  void Open() {
    store_.reset();
    dirs_.push_back(std::make_unique<testing::TempDir>());
    auto store = DocumentStore::Open(dirs_.back()->path());
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = std::move(*store);
  }
  void Put(const Document& doc) {
    auto put = store_->PutDocuments(doc.page_id(), {doc}, "");
    ASSERT_TRUE(put.ok()) << put.status();
  }
  void Remove(const std::string& page) {
    auto put = store_->PutDocuments(page, {}, "");
    ASSERT_TRUE(put.ok()) << put.status();
  }
  Document Get(const std::string& id) {
    auto doc = store_->GetDocument(id);
    EXPECT_TRUE(doc.ok()) << doc.status();
    return doc.ok() ? *doc : Document();
  }
  std::string Cluster(const std::string& id) { return Get(id).cluster_id(); }
  // The near_duplicates entry of `id` for `other`, or nullptr.
  const document::v1::NearDuplicate* Entry(const Document& doc, const std::string& other) {
    for (const auto& entry : doc.near_duplicates()) {
      if (entry.id() == other) return &entry;
    }
    return nullptr;
  }

  std::vector<std::unique_ptr<testing::TempDir>> dirs_;
  std::unique_ptr<DocumentStore> store_;
};

TEST_F(SimilarityCopiesTest, PartialCopyIsContainedInBothDirectionsWithTheOriginalMarked) {
  const std::string original = Paragraphs("全县", 0, 20);
  // A site's preview: the first half, with its own chrome line.
  const std::string preview = "首页 > 范文 > 讲话稿\n" + Paragraphs("全县", 0, 10);
  Put(Doc("orig", original, "2020-03-01"));
  Put(Doc("copy", preview, "2021-06-15"));
  Put(Doc("other", Paragraphs("植树", 0, 12), "2019-01-01"));

  const Document copy = Get("copy-0");
  const auto* to_original = Entry(copy, "orig-0");
  ASSERT_NE(to_original, nullptr) << copy.DebugString();
  EXPECT_EQ(to_original->relation(), COPY_RELATION_CONTAINED_IN);
  EXPECT_GE(to_original->containment_in_other(), 0.9);
  EXPECT_LT(to_original->containment_of_other(), 0.6);
  EXPECT_LT(to_original->similarity(), 0.8);  // MinHash alone would miss it
  EXPECT_TRUE(to_original->other_is_earlier());
  EXPECT_EQ(to_original->published_at(), "2020-03-01");

  const Document orig = Get("orig-0");
  const auto* to_copy = Entry(orig, "copy-0");
  ASSERT_NE(to_copy, nullptr);
  EXPECT_EQ(to_copy->relation(), COPY_RELATION_CONTAINS);
  EXPECT_DOUBLE_EQ(to_copy->containment_in_other(), to_original->containment_of_other());
  EXPECT_DOUBLE_EQ(to_copy->containment_of_other(), to_original->containment_in_other());
  EXPECT_FALSE(to_copy->other_is_earlier());
  EXPECT_EQ(Entry(orig, "other-0"), nullptr);
  EXPECT_EQ(orig.cluster_id(), "orig-0");
  EXPECT_EQ(copy.cluster_id(), "orig-0");
  EXPECT_EQ(Cluster("other-0"), "other-0");

  // Export (ListDocuments) carries the same relations.
  auto list = store_->ListDocuments(0, "", "");
  ASSERT_TRUE(list.ok()) << list.status();
  std::map<std::string, Document> by_id;
  for (const Document& doc : list->documents) by_id[doc.id()] = doc;
  ASSERT_NE(Entry(by_id["copy-0"], "orig-0"), nullptr);
  EXPECT_EQ(Entry(by_id["copy-0"], "orig-0")->relation(), COPY_RELATION_CONTAINED_IN);

  // FindSimilar says the same, by id and by text.
  zhengwen::query::v1::FindSimilarRequest request;
  request.set_id("copy-0");
  auto similar = store_->FindSimilar(request);
  ASSERT_TRUE(similar.ok()) << similar.status();
  ASSERT_EQ(similar->documents_size(), 1);
  EXPECT_EQ(similar->documents(0).id(), "orig-0");
  EXPECT_EQ(similar->documents(0).relation(), COPY_RELATION_CONTAINED_IN);
  EXPECT_TRUE(similar->documents(0).other_is_earlier());
  request.clear_id();
  request.set_text(Paragraphs("全县", 2, 7));
  similar = store_->FindSimilar(request);
  ASSERT_TRUE(similar.ok()) << similar.status();
  ASSERT_EQ(similar->documents_size(), 2);  // found in the original and in the preview
  for (const auto& doc : similar->documents()) {
    EXPECT_EQ(doc.relation(), COPY_RELATION_CONTAINED_IN) << doc.id();
  }
}

TEST_F(SimilarityCopiesTest, TraditionalPartialCopyIsFound) {
  auto to_traditional = ScriptConverter::Create("s2t.json");
  auto to_simplified = ScriptConverter::Create("t2s.json");
  ASSERT_TRUE(to_traditional.ok() && to_simplified.ok());
  const std::string original =
      "同志们：今天我们召开全县安全生产工作会议，主要任务是总结去年工作，部署今年任务。\n"
      "一、充分认识安全生产工作的重要性。安全生产事关人民群众生命财产安全，事关改革发展稳定大局。\n"
      "各级各部门要牢固树立安全发展理念，始终把人民生命安全放在首位。\n"
      "二、突出重点，深入开展隐患排查治理。要聚焦矿山、危险化学品、道路交通、建筑施工等重点行业领域，"
      "全面排查整治各类风险隐患，做到整改措施、责任、资金、时限和预案五落实。\n"
      "三、压紧压实各方责任，健全安全生产长效机制。安全生产责任重于泰山，关键在于把责任落实到每一个"
      "环节。\n"
      "四、加强组织领导，确保各项措施落到实处。各乡镇要成立专门工作机构，明确分管领导和工作人员。\n"
      "五、严格督查考核，对工作不力的单位和个人严肃追责问责，绝不姑息迁就。\n";
  // The first two thirds on a Traditional site, as normalization delivers it.
  const std::string cut = original.substr(0, original.find("三、"));
  const std::string copy =
      (*to_simplified)->ToSimplified((*to_traditional)->ToSimplified(cut)) + "\n上一篇：无";
  Put(Doc("hans", original, "2022-01-10"));
  Put(Doc("hant", copy, "2022-02-01"));
  const Document hant = Get("hant-0");
  const auto* entry = Entry(hant, "hans-0");
  ASSERT_NE(entry, nullptr);
  EXPECT_EQ(entry->relation(), COPY_RELATION_CONTAINED_IN);
  EXPECT_EQ(Cluster("hant-0"), "hans-0");
}

TEST_F(SimilarityCopiesTest, NearIdenticalCopiesAreDuplicates) {
  const std::string text = Paragraphs("全市", 0, 15);
  Put(Doc("a", text, "2021-01-01"));
  Put(Doc("b", "发布时间：2021-02-01 来源：本站\n" + text + "（未完，请翻页）\n", "2021-02-01"));
  const Document a = Get("a-0");
  const auto* entry = Entry(a, "b-0");
  ASSERT_NE(entry, nullptr);
  EXPECT_EQ(entry->relation(), COPY_RELATION_DUPLICATE);
  EXPECT_EQ(Cluster("b-0"), "a-0");
}

TEST_F(SimilarityCopiesTest, ChainingIsRefused) {
  // b carries a's text and c's text (half each); a and c share nothing.
  // Transitive closure would put c with a; by representative c goes with b,
  // its earliest relative, and a keeps its own.
  const std::string a = Paragraphs("甲", 0, 11);
  const std::string c = Paragraphs("乙", 0, 11);
  Put(Doc("a", a, "2020-01-01"));
  Put(Doc("b", a + c, "2020-06-01"));
  Put(Doc("c", c, "2021-01-01"));
  EXPECT_EQ(Cluster("a-0"), "a-0");
  EXPECT_EQ(Cluster("b-0"), "a-0");
  EXPECT_EQ(Cluster("c-0"), "b-0");
  const Document a_doc = Get("a-0");
  EXPECT_EQ(Entry(a_doc, "c-0"), nullptr);
}

TEST_F(SimilarityCopiesTest, ClustersDoNotDependOnArrivalOrder) {
  const std::string text = Paragraphs("全省", 0, 16);
  const std::vector<Document> docs = {
      Doc("p1", text, "2022-05-01"), Doc("p2", Paragraphs("全省", 0, 11), "2021-05-01"),
      Doc("p3", "责任编辑：某某\n" + text, ""), Doc("p4", Paragraphs("全省", 3, 13), "2022-05-01")};
  std::map<std::string, std::string> first;
  for (int order = 0; order < 3; ++order) {
    Open();
    std::vector<Document> sequence = docs;
    std::rotate(sequence.begin(), sequence.begin() + order, sequence.end());
    if (order == 2) {
      // All in one write, too.
      std::vector<PageDocuments> pages;
      for (const Document& doc : sequence) pages.push_back({doc.page_id(), {doc}, ""});
      ASSERT_TRUE(store_->PutPages(pages).ok());
    } else {
      for (const Document& doc : sequence) Put(doc);
    }
    for (const Document& doc : docs) {
      const std::string cluster = Cluster(doc.id());
      if (order == 0) {
        first[doc.id()] = cluster;
      } else {
        EXPECT_EQ(cluster, first[doc.id()]) << doc.id() << " in order " << order;
      }
    }
  }
  // Earliest date wins (p2), undated p3 too is in it.
  EXPECT_EQ(first["p1-0"], "p2-0");
  EXPECT_EQ(first["p3-0"], "p2-0");
}

TEST_F(SimilarityCopiesTest, ClustersSplitOnRemovalAndReplacement) {
  const std::string text = Paragraphs("全区", 0, 14);
  Put(Doc("o", text, "2020-01-01"));
  Put(Doc("x", "首页\n" + text, "2021-01-01"));
  Put(Doc("y", text + "打印本页\n", "2022-01-01"));
  EXPECT_EQ(Cluster("x-0"), "o-0");
  EXPECT_EQ(Cluster("y-0"), "o-0");
  // The original is removed (its page now yields no document): the copies
  // regroup under the earliest of them.
  Remove("o");
  EXPECT_EQ(Cluster("x-0"), "x-0");
  EXPECT_EQ(Cluster("y-0"), "x-0");
  // x's page is replaced by an unrelated text: y is on its own again.
  Put(Doc("x", Paragraphs("植树", 0, 12), "2021-01-01"));
  EXPECT_EQ(Cluster("x-0"), "x-0");
  EXPECT_EQ(Cluster("y-0"), "y-0");
  EXPECT_EQ(Get("y-0").near_duplicates_size(), 0);
  // A replacement under a new page id that carries the text again rejoins.
  auto put = store_->PutDocuments("o2", {Doc("o2", text, "2019-12-01")}, "o");
  ASSERT_TRUE(put.ok()) << put.status();
  EXPECT_EQ(Cluster("y-0"), "o2-0");
}

TEST_F(SimilarityCopiesTest, BadFindSimilarRequestsCarryAReason) {
  Put(Doc("a", Paragraphs("全县", 0, 5)));
  zhengwen::query::v1::FindSimilarRequest both;
  both.set_id("a-0");
  both.set_text("x");
  zhengwen::query::v1::FindSimilarRequest range;
  range.set_id("a-0");
  range.set_min_similarity(1.5);
  zhengwen::query::v1::FindSimilarRequest huge;
  huge.set_text(std::string((1 << 20) + 1, 'a'));
  for (const auto& request : {both, range, huge, zhengwen::query::v1::FindSimilarRequest()}) {
    auto response = store_->FindSimilar(request);
    ASSERT_FALSE(response.ok());
    EXPECT_EQ(response.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_EQ(ErrorReason(response.status()), "INVALID_SIMILAR_REQUEST") << response.status();
  }
}

TEST(SimilarityRecordTest, DecodesBareSignaturesAndRefusesCorruptRecords) {
  const SimilarityProfile profile = ProfileOf("同志们：今天我们召开全县安全生产工作会议，部署今年任务。");
  ASSERT_FALSE(profile.signature.empty());
  const std::string record = EncodeSimilarityRecord(profile);
  SimilarityProfile decoded;
  ASSERT_TRUE(DecodeSimilarityRecord(record, &decoded));
  EXPECT_EQ(decoded.signature, profile.signature);
  EXPECT_EQ(decoded.shingles, profile.shingles);
  EXPECT_EQ(decoded.sentence_content, profile.sentence_content);
  // Written before containment existed: a bare signature, counts unknown.
  ASSERT_TRUE(DecodeSimilarityRecord(EncodeMinHash(profile.signature), &decoded));
  EXPECT_EQ(decoded.shingles, 0u);
  EXPECT_FALSE(DecodeSimilarityRecord(record.substr(0, 100), &decoded));
  EXPECT_FALSE(DecodeSimilarityRecord(record + "\xff", &decoded));
}

}  // namespace
}  // namespace zhengwen::query
