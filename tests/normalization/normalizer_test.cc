// The whole pipeline on invented pages (not the seed corpus): one page in,
// documents out, with provenance, structure, quality and signatures.
#include "services/normalization/normalizer.h"

#include <cstdio>
#include <fstream>

#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "common/text/minhash.h"
#include "common/text/utf8.h"

namespace zhengwen::normalization {
namespace {

using zhengwen::document::v1::Document;
using zhengwen::document::v1::Page;

// A machine-converted Traditional page with pinyin, site furniture, and two
// speeches; written for this test.
constexpr char kCompilationPage[] =
    "熱門推薦,特價女裝包郵,彩票開獎結果,美女視頻直播\n"
    "\n"
    "範文網 > 講話稿 > 會議講話 > 環保工作會議講話(精選2篇)\n"
    "\n"
    "環保工作會議講話(精選2篇)\n"
    "\n"
    "發佈時間:2020-06-05\n"
    "\n"
    "下面是小編為大家整理的環保工作會議講話,供大家參考。\n"
    "\n"
    "環保工作會議講話 篇1\n"
    "\n"
    "  同志們:\n"
    "\n"
    "  今天召開全縣環保工作會議,主要任務是總結xx年工作。下面,我講兩點意見。\n"
    "\n"
    "  一、肯定成績,增強信心 過去一年,全縣空氣質(zhì)量優良天數比例達到90%,河流水質穩中向好。\n"
    "\n"
    "  (一)治理力度加大。全縣關停污染企業12家。\n"
    "\n"
    "  二、突出重點,狠抓落實\n"
    "\n"
    "  一是抓好大氣治理。要嚴控揚塵和秸稈焚燒。\n"
    "\n"
    "  二是抓好水體治理。要落實河長 當前隱藏內容免費查看制,做到有人管。\n"
    "\n"
    "  謝謝大家!\n"
    "\n"
    "環保工作會議講話 篇2\n"
    "\n"
    "  各位領導、同志們:\n"
    "\n"
    "  剛才,某某同志通報了全市環境質(zhì)量狀況,我完全同意。\n"
    "\n"
    "  我的發言完了,謝謝大家!\n"
    "\n"
    "環保工作會議講話(精選2篇) 相關內容:\n"
    "  • 環境保護倡議書\n"
    "    各位居民:為了保護環境…\n"
    "\n"
    "本站所有文章來自網友投稿,如有侵權請聯繫刪除\n"
    "8848123\n";

class NormalizerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto normalizer = Normalizer::Create({});
    ASSERT_TRUE(normalizer.ok()) << normalizer.status();
    normalizer_ = normalizer->release();
  }
  static std::vector<Document> Normalize(const std::string& content,
                                         const std::string& content_type = "text/plain",
                                         const Normalizer* normalizer = nullptr) {
    Page page;
    page.set_source_uri("fixtures/page.txt");
    page.set_content(content);
    page.set_content_type(content_type);
    auto documents = (normalizer != nullptr ? normalizer : normalizer_)->Normalize(page);
    EXPECT_TRUE(documents.ok()) << documents.status();
    return documents.ok() ? *std::move(documents) : std::vector<Document>{};
  }
  static bool HasEdit(const Document& doc, const std::string& stage, const std::string& rule) {
    for (const auto& edit : doc.edits()) {
      if (edit.stage() == stage && absl::StartsWith(edit.rule(), rule)) return true;
    }
    return false;
  }
  static const Normalizer* normalizer_;
};
const Normalizer* NormalizerTest::normalizer_ = nullptr;

TEST_F(NormalizerTest, CompilationPageBecomesCleanSimplifiedDocuments) {
  const auto docs = Normalize(kCompilationPage);
  ASSERT_EQ(docs.size(), 2u);
  const Document& first = docs[0];
  const Document& second = docs[1];

  EXPECT_EQ(first.part(), 0);
  EXPECT_EQ(second.part(), 1);
  EXPECT_EQ(first.id(), first.page_id() + "-0");
  EXPECT_EQ(first.page_id().size(), 32u);  // Hash128Hex of the content
  EXPECT_EQ(first.source_uri(), "fixtures/page.txt");
  EXPECT_EQ(first.title(), "环保工作会议讲话 篇1");
  EXPECT_EQ(second.title(), "环保工作会议讲话 篇2");
  EXPECT_EQ(first.published_at(), "2020-06-05");
  EXPECT_EQ(first.salutation(), "同志们:");
  EXPECT_EQ(second.salutation(), "各位领导、同志们:");
  EXPECT_EQ(first.closing(), "谢谢大家!");
  EXPECT_EQ(second.closing(), "我的发言完了,谢谢大家!");
  EXPECT_FALSE(first.rules_version().empty());

  // Clean Simplified text: no furniture, no pinyin, no paywall, sentence rejoined.
  const std::string& text = first.text();
  EXPECT_TRUE(absl::StartsWith(text, "同志们:\n今天召开全县环保工作会议")) << text;
  EXPECT_TRUE(absl::StrContains(text, "要落实河长制,做到有人管")) << text;
  EXPECT_TRUE(absl::StrContains(text, "空气质量优良天数")) << text;
  for (const char* gone : {"(zhì)", "范文网", "小编", "发布时间", "相关内容", "特价", "8848123",
                           "侵权", "当前隐藏", "篇2"}) {
    EXPECT_FALSE(absl::StrContains(first.text() + second.text(), gone)) << gone;
  }

  // Outline with levels; the first heading split from its first sentence.
  ASSERT_EQ(first.sections_size(), 5);
  EXPECT_EQ(first.sections(0).heading(), "一、肯定成绩,增强信心");
  EXPECT_EQ(first.sections(0).level(), 1);
  EXPECT_EQ(first.sections(1).heading(), "(一)治理力度加大");
  EXPECT_EQ(first.sections(1).level(), 2);
  EXPECT_EQ(first.sections(3).heading(), "一是抓好大气治理");
  EXPECT_EQ(first.sections(3).level(), 2);
  EXPECT_TRUE(absl::StrContains(text, "一、肯定成绩,增强信心\n过去一年"));

  // Provenance: every removal names its stage and rule.
  EXPECT_TRUE(HasEdit(first, "boilerplate", "spam/"));
  EXPECT_TRUE(HasEdit(first, "boilerplate", "breadcrumb/"));
  EXPECT_TRUE(HasEdit(first, "boilerplate", "editor_intro/"));
  EXPECT_TRUE(HasEdit(first, "boilerplate", "related_list/"));
  EXPECT_TRUE(HasEdit(first, "boilerplate", "related_list/related_header:after"));
  EXPECT_TRUE(HasEdit(first, "pinyin", "annotation_after_han"));
  EXPECT_TRUE(HasEdit(first, "injections", "inject/paywall_hidden_content"));
  EXPECT_TRUE(HasEdit(first, "split", "numbered_pian"));
  EXPECT_FALSE(HasEdit(second, "injections", ""));  // that edit was in speech one

  // Quality.
  EXPECT_EQ(first.quality().input_encoding(), "UTF-8");
  EXPECT_EQ(first.quality().input_script(), zhengwen::document::v1::SCRIPT_HANT);
  EXPECT_GT(first.quality().boilerplate_ratio(), 0.2);
  EXPECT_LT(first.quality().boilerplate_ratio(), 0.8);
  EXPECT_GT(first.quality().converted_chars(), 30);
  EXPECT_EQ(first.quality().placeholder_count(), 1);   // xx
  EXPECT_EQ(second.quality().placeholder_count(), 1);  // 某某
  EXPECT_EQ(first.placeholders(0).text(), "xx");
  EXPECT_EQ(first.quality().length(), CodePointCount(first.text()));

  // Signatures.
  EXPECT_EQ(first.signatures().exact_hash().size(), 16u);
  EXPECT_EQ(first.signatures().minhash_size(), kMinHashSize);
  EXPECT_GT(first.signatures().sentence_hashes_size(), 3);
}

TEST_F(NormalizerTest, SameBytesSameDocuments) {
  const auto a = Normalize(kCompilationPage);
  const auto b = Normalize(kCompilationPage);
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i)
    EXPECT_EQ(a[i].SerializeAsString(), b[i].SerializeAsString());
}

TEST_F(NormalizerTest, GbkHtmlPage) {
  // <meta charset="gbk"> page: "<p>同志们:</p><p>今天召开会议。</p>" and furniture, in GBK.
  std::string html =
      "<html><head><meta charset=\"gbk\"><title>\xd4\xda\xbb\xe1\xc9\xcf\xb5\xc4\xbd\xb2\xbb\xb0"
      "_\xb9\xab\xce\xc4\xcd\xf8</title></head><body>"
      "<div>\xb5\xb1\xc7\xb0\xce\xbb\xd6\xc3:<a>\xca\xd7\xd2\xb3</a> &gt; <a>\xbd\xb2\xbb\xb0</a> "
      "&gt; \xd5\xfd\xce\xc4</div>"
      "<p>\xcd\xac\xd6\xbe\xc3\xc7:</p><p>\xbd\xf1\xcc\xec\xd5\xd9\xbf\xaa\xbb\xe1\xd2\xe9\xa1\xa3"
      "</p></body></html>";
  const auto docs = Normalize(html, "text/html");
  ASSERT_EQ(docs.size(), 1u);
  EXPECT_EQ(docs[0].quality().input_encoding(), "GB18030");
  EXPECT_EQ(docs[0].title(), "在会上的讲话");
  EXPECT_EQ(docs[0].text(), "同志们:\n今天召开会议。");
}

TEST_F(NormalizerTest, EmptyAndBoilerplateOnlyPagesGiveNoDocuments) {
  EXPECT_TRUE(Normalize("").empty());
  EXPECT_TRUE(Normalize("\n\n   \n").empty());
  EXPECT_TRUE(Normalize("首页 > 范文 > 讲话\n京ICP备12345678号\n").empty());
}

TEST_F(NormalizerTest, BoilerplateOnlyPageKeepsItsEdits) {
  Page page;
  page.set_source_uri("fixtures/page.txt");
  page.set_content("首页 > 范文 > 讲话\n京ICP备12345678号\n");
  auto result = normalizer_->NormalizeWithEdits(page);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_TRUE(result->documents.empty());
  ASSERT_EQ(result->edits.size(), 2u);
  EXPECT_EQ(result->edits[0].rule(), "breadcrumb/gt_separated_path");
  EXPECT_EQ(result->edits[1].rule(), "footer/icp_license");
}

// Issue 13 case 10: a page whose first line is an end-of-page marker, or an
// article below a "相关推荐" sidebar, keeps its speech.
TEST_F(NormalizerTest, MarkerBeforeTheBodyDoesNotEmptyThePage) {
  const std::string speech =
      "同志们:\n今天召开全县工作会议,主要任务是总结去年的工作,部署今年的任务。\n谢谢大家!\n";
  for (const std::string head : {"相关阅读:\n", "展开阅读全文\n", "相关推荐\n• 另一篇讲话\n"}) {
    const auto docs = Normalize(head + speech);
    ASSERT_EQ(docs.size(), 1u) << head;
    EXPECT_TRUE(absl::StartsWith(docs[0].text(), "同志们:\n今天召开全县工作会议")) << docs[0].text();
    EXPECT_TRUE(absl::EndsWith(docs[0].text(), "谢谢大家!")) << docs[0].text();
  }
  const auto html = Normalize(
      "<html><body><h3>相关推荐</h3><ul><li><a href=/a>另一篇讲话</a></li></ul>"
      "<p>同志们:</p><p>今天召开全县工作会议,主要任务是总结去年的工作。</p></body></html>",
      "text/html");
  ASSERT_EQ(html.size(), 1u);
  EXPECT_TRUE(absl::StrContains(html[0].text(), "今天召开全县工作会议")) << html[0].text();
}

TEST_F(NormalizerTest, UndecodableBytesFail) {
  Page page;
  page.set_content("\xff\xfe\xfd");
  page.set_declared_encoding("utf-8");
  EXPECT_EQ(normalizer_->Normalize(page).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(NormalizerTest, UserRulesFileExtendsTheDefaults) {
  const std::string path = ::testing::TempDir() + "/site_rules.txt";
  {
    std::ofstream out(path);
    out << "version\tmy-site-1\n"
           "footer\tmy_site_footer\t^本文由我的站点收集$\n";
  }
  NormalizerOptions options;
  options.rules_file = path;
  auto custom = Normalizer::Create(options);
  ASSERT_TRUE(custom.ok()) << custom.status();
  EXPECT_TRUE(absl::EndsWith((*custom)->rules_version(), "+my-site-1"));
  const std::string page = "同志们:\n今天召开会议。\n本文由我的站点收集\n京ICP备12345678号";
  const auto with_rule = Normalize(page, "text/plain", custom->get());
  ASSERT_EQ(with_rule.size(), 1u);
  EXPECT_EQ(with_rule[0].text(), "同志们:\n今天召开会议。");
  EXPECT_EQ(with_rule[0].rules_version(), (*custom)->rules_version());
  const auto without = Normalize(page);
  ASSERT_EQ(without.size(), 1u);
  EXPECT_TRUE(absl::StrContains(without[0].text(), "本文由我的站点收集"));
  std::remove(path.c_str());

  options.rules_file = "/nonexistent/rules.txt";
  EXPECT_FALSE(Normalizer::Create(options).ok());
}

}  // namespace
}  // namespace zhengwen::normalization
