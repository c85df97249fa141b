// The HTML pre-scan and the budgets: pathological pages finish fast, nothing
// the parser sees is deeper or longer than the budget, what was limited is
// logged, and a page with nothing left is refused with PAGE_TOO_COMPLEX.
#include <string>

#include "absl/strings/match.h"
#include "absl/time/clock.h"
#include "common/error_reason.h"
#include "common/text/html_prescan.h"
#include "gtest/gtest.h"
#include "services/normalization/normalizer.h"
#include "tests/normalization/html_pathological_pages.h"

namespace zhengwen::normalization {
namespace {

using zhengwen::testing::Repeat;
using zhengwen::text::HtmlBudget;
using zhengwen::text::PrescanHtml;

TEST(HtmlPrescanTest, OrdinaryPageIsUntouched) {
  const std::string page =
      "<html><head><title>t</title><script>if (a<b) x='<div>';</script></head><body>"
      "<ul><li>one<li>two</ul><p>a<p>b<br><img src=x><!-- <div> --><table><tr><td>c"
      "</table></body></html>";
  const auto scan = PrescanHtml(page);
  EXPECT_FALSE(scan.limited());
  EXPECT_EQ(scan.html, page);
  EXPECT_LE(scan.max_depth_seen, 10);  // an estimate, never below the real depth
}

TEST(HtmlPrescanTest, DeepNestingDropsTheDeepTagsAndKeepsText) {
  HtmlBudget budget;
  budget.max_depth = 50;
  const auto scan = PrescanHtml(Repeat("<div>", 1000) + "正文" + Repeat("</div>", 1000), budget);
  EXPECT_EQ(scan.max_depth_seen, 50);
  EXPECT_EQ(scan.dropped_deep_tags, 950);
  EXPECT_TRUE(absl::StrContains(scan.html, "正文"));
}

TEST(HtmlPrescanTest, StrayEndTagsDoNotHideDepth) {
  // `</i>` with no <i> open is ignored by the tree builder: it must not lower the depth.
  HtmlBudget budget;
  budget.max_depth = 40;
  const auto scan = PrescanHtml(Repeat("<b></i>", 1000), budget);
  EXPECT_EQ(scan.max_depth_seen, 40);
  EXPECT_GT(scan.dropped_deep_tags, 900);
  // The adoption agency closes <b> but keeps the blocks opened inside it.
  const auto agency = PrescanHtml(Repeat("<b><div><div></b>", 1000), budget);
  EXPECT_EQ(agency.max_depth_seen, 40);
}

TEST(HtmlPrescanTest, ListItemsCloseEachOtherButNotAcrossLists) {
  HtmlBudget budget;
  budget.max_depth = 40;
  EXPECT_FALSE(PrescanHtml("<ul>" + Repeat("<li>x", 1000) + "</ul>", budget).limited());
  EXPECT_GT(PrescanHtml(Repeat("<li><ul>", 1000), budget).dropped_deep_tags, 0);
}

TEST(HtmlPrescanTest, TagCountCutsThePage) {
  HtmlBudget budget;
  budget.max_tags = 100;
  const auto scan = PrescanHtml(Repeat("<p>x</p>", 1000), budget);
  EXPECT_EQ(scan.tags, 100);
  EXPECT_EQ(scan.truncated_at, 50u * 8);
}

TEST(HtmlPrescanTest, AttributeFloodDropsTheTag) {
  HtmlBudget budget;
  budget.max_attributes = 10;
  const auto scan = PrescanHtml("<div" + Repeat(" a=1", 11) + ">正文</div><p a='>' b=2>x</p>",
                                budget);
  EXPECT_EQ(scan.dropped_flood_tags, 1);
  EXPECT_TRUE(absl::StrContains(scan.html, "正文"));
  EXPECT_TRUE(absl::StrContains(scan.html, "<p a='>' b=2>x</p>"));
}

class HtmlLimitsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto created = Normalizer::Create({});
    ASSERT_TRUE(created.ok()) << created.status();
    normalizer_ = created->release();
  }
  static absl::StatusOr<std::vector<zhengwen::document::v1::Document>> Run(
      const std::string& html, absl::Duration* took) {
    zhengwen::document::v1::Page page;
    page.set_source_uri("limits.html");
    page.set_content_type("text/html");
    page.set_content(html);
    const absl::Time start = absl::Now();
    auto docs = normalizer_->Normalize(page);
    *took = absl::Now() - start;
    return docs;
  }
  static bool HasLimitEdit(const zhengwen::document::v1::Document& doc, const std::string& rule) {
    for (const auto& edit : doc.edits()) {
      if (edit.stage() == "html_limits" && edit.rule() == rule) return true;
    }
    return false;
  }
  static Normalizer* normalizer_;
};
Normalizer* HtmlLimitsTest::normalizer_ = nullptr;

// Generous for sanitizer builds; the parse of the 100k nesting alone took 27 s before.
constexpr absl::Duration kFast = absl::Seconds(10);

TEST_F(HtmlLimitsTest, NestedDivsKeepTheirTextAndSayWhatWasLimited) {
  for (const std::string& html :
       {zhengwen::testing::ClosedNestedDivs(), zhengwen::testing::UnclosedNestedDivs()}) {
    absl::Duration took;
    auto docs = Run(html, &took);
    ASSERT_TRUE(docs.ok()) << docs.status();
    EXPECT_LT(took, kFast);
    ASSERT_EQ(docs->size(), 1u);
    EXPECT_TRUE(absl::StrContains(docs->front().text(), "极深的嵌套"));
    EXPECT_TRUE(HasLimitEdit(docs->front(), "tag_depth"));
  }
}

TEST_F(HtmlLimitsTest, MillionUnclosedTagsFinishFast) {
  for (const std::string tag : {"<b>", "<li>", "<p>", "<font><table><tr><td>"}) {
    absl::Duration took;
    auto docs = Run(zhengwen::testing::MillionUnclosedTags(tag), &took);
    ASSERT_TRUE(docs.ok()) << tag << ": " << docs.status();
    EXPECT_LT(took, kFast) << tag;
    ASSERT_EQ(docs->size(), 1u) << tag;
    EXPECT_TRUE(HasLimitEdit(docs->front(), "tag_depth") ||
                HasLimitEdit(docs->front(), "tag_count"))
        << tag;
  }
}

TEST_F(HtmlLimitsTest, AttributeFloodFinishesFast) {
  absl::Duration took;
  auto docs = Run(zhengwen::testing::AttributeFlood(), &took);
  ASSERT_TRUE(docs.ok()) << docs.status();
  EXPECT_LT(took, kFast);
  ASSERT_EQ(docs->size(), 1u);
  EXPECT_TRUE(HasLimitEdit(docs->front(), "attribute_flood"));
}

TEST_F(HtmlLimitsTest, NothingLeftIsRefusedWithAReason) {
  absl::Duration took;
  auto docs = Run(zhengwen::testing::EmptyNestedDivs(), &took);
  EXPECT_LT(took, kFast);
  ASSERT_FALSE(docs.ok());
  EXPECT_EQ(docs.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ErrorReason(docs.status()), "PAGE_TOO_COMPLEX");
}

TEST_F(HtmlLimitsTest, EmptyPageWithinBudgetIsNoError) {
  absl::Duration took;
  auto docs = Run("<html><body><div></div></body></html>", &took);
  ASSERT_TRUE(docs.ok()) << docs.status();
  EXPECT_TRUE(docs->empty());
}

}  // namespace
}  // namespace zhengwen::normalization
