// Main-content extraction and the HTML title, on pages written here (not the
// development pages): the article is kept and the chrome around it goes, a
// thread keeps every post, a page of short items is kept whole, and the title
// comes from the evidence without the site's name.
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/text/html_blocks.h"
#include "gtest/gtest.h"
#include "services/normalization/html_text.h"
#include "services/normalization/stages/html_title.h"
#include "services/normalization/stages/main_content.h"

namespace zhengwen::normalization {
namespace {

const MainContentModel& Model() {
  static const MainContentModel* model = LoadMainContentModel("").value().release();
  return *model;
}

std::string Paragraph(int i) {
  return absl::StrCat("<p>这是第", i, "段正文，记者在现场看到，工作人员正在忙碌，",
                      "群众也纷纷表示满意。这一段话足够长，也有标点。</p>");
}

std::string Nav() {
  std::string nav = "<div class=\"nav\">";
  for (int i = 0; i < 12; ++i) absl::StrAppend(&nav, "<a href=\"/c", i, "\">栏目", i, "</a> ");
  return nav + "</div>";
}

TEST(MainContentTest, KeepsTheArticleAndDropsTheChromeAroundIt) {
  std::string article;
  for (int i = 1; i <= 6; ++i) article += Paragraph(i);
  const std::string html = absl::StrCat(
      "<html><head><title>一篇新闻的标题_新闻中心_某某网</title></head><body>", Nav(),
      "<div class=\"sidebar\"><ul><li><a href=/x>热门文章一</a></li><li><a href=/y>热门文章二</a>"
      "</li></ul></div><div class=\"article\"><h1>一篇新闻的标题</h1>",
      article, "</div><div class=\"footer\">版权所有 联系我们 网站地图</div></body></html>");
  EditLog log;
  const HtmlText out = HtmlToText(html, Model(), &log);
  EXPECT_TRUE(absl::StrContains(out.text, "这是第1段正文")) << out.text;
  EXPECT_TRUE(absl::StrContains(out.text, "这是第6段正文")) << out.text;
  EXPECT_FALSE(absl::StrContains(out.text, "栏目3")) << out.text;
  EXPECT_FALSE(absl::StrContains(out.text, "热门文章")) << out.text;
  EXPECT_FALSE(absl::StrContains(out.text, "版权所有")) << out.text;
  EXPECT_EQ(out.title, "一篇新闻的标题");
  bool logged = false;
  for (const auto& edit : log.edits()) {
    logged |= edit.stage() == "main_content" && absl::StrContains(edit.removed(), "栏目3");
  }
  EXPECT_TRUE(logged);
}

TEST(MainContentTest, KeepsEveryPostOfAThread) {
  std::string thread = "<div class=\"thread\">";
  for (int i = 1; i <= 5; ++i) {
    absl::StrAppend(&thread, "<div class=\"postbit\"><div class=\"author\"><a href=/u", i,
                    ">用户", i, "</a></div><div class=\"message\">", Paragraph(10 * i),
                    Paragraph(10 * i + 1), Paragraph(10 * i + 2), "</div></div>");
  }
  thread += "</div>";
  EditLog log;
  const HtmlText out =
      HtmlToText(absl::StrCat("<html><body>", Nav(), thread, "</body></html>"), Model(), &log);
  for (int i = 1; i <= 5; ++i) {
    EXPECT_TRUE(absl::StrContains(out.text, absl::StrCat("这是第", 10 * i, "段正文")))
        << i << "\n" << out.text;
  }
  EXPECT_FALSE(absl::StrContains(out.text, "栏目3")) << out.text;
}

TEST(MainContentTest, APageOfShortItemsIsKeptWhole) {
  std::string chapters = "<html><body><div class=\"list\">";
  for (int i = 1; i <= 30; ++i) absl::StrAppend(&chapters, "<div>第", i, "章 出发</div>");
  chapters += "</div></body></html>";
  EditLog log;
  const HtmlText out = HtmlToText(chapters, Model(), &log);
  EXPECT_TRUE(absl::StrContains(out.text, "第1章 出发")) << out.text;
  EXPECT_TRUE(absl::StrContains(out.text, "第30章 出发")) << out.text;
}

// A feed or thread whose posts are each wrapped in their own table: the posts
// are not siblings, but one template (same tag, class and depth) repeats.
TEST(MainContentTest, PostsInTheirOwnWrappersAreKeptAsPeers) {
  std::string posts;
  const int paragraphs[] = {2, 6, 3};
  for (int p = 0; p < 3; ++p) {
    absl::StrAppend(&posts, "<table><tr><td><table><tr><td class=\"post-title\">帖子", p,
                    "</td></tr><tr><td class=\"post-body\">");
    for (int i = 0; i < paragraphs[p]; ++i) posts += Paragraph(100 * (p + 1) + i);
    posts += "</td></tr></table></td></tr></table>";
  }
  const std::string html = absl::StrCat("<html><body>", Nav(), "<div>", posts, "</div></body></html>");
  MainContentModel model = Model();
  model.peer_share = 0.2;
  EditLog log;
  const HtmlText out = HtmlToText(html, model, &log);
  for (int p = 0; p < 3; ++p) {
    EXPECT_TRUE(absl::StrContains(out.text, absl::StrCat("这是第", 100 * (p + 1), "段正文")))
        << p << "\n" << out.text;
  }
  EXPECT_FALSE(absl::StrContains(out.text, "栏目3")) << out.text;
  // Without peers only the longest post is the main content.
  model.peer_share = 2;
  const HtmlText alone = HtmlToText(html, model, &log);
  EXPECT_FALSE(absl::StrContains(alone.text, "这是第100段正文")) << alone.text;
  EXPECT_TRUE(absl::StrContains(alone.text, "这是第200段正文")) << alone.text;
}

// The article's container also holds a table of short cells (part of the
// text, worth nothing by length) and a list of related links (chrome).
TEST(MainContentTest, CleanNeighboursOfTheArticleJoinItAndLinkListsDoNot) {
  std::string article = "<div class=\"text\">";
  for (int i = 1; i <= 6; ++i) article += Paragraph(i);
  article += "</div>";
  const std::string html = absl::StrCat(
      "<html><body>", Nav(), "<div id=\"wrap\"><div class=\"story\">", article,
      "</div><table><tr><td>专业名称</td><td>招生人数</td></tr><tr><td>艺术学</td><td>七人</td>"
      "</tr></table><ul><li><a href=/r1>相关文章一</a></li><li><a href=/r2>相关文章二</a></li>"
      "</ul></div></body></html>");
  MainContentModel model = Model();
  model.grow_levels = 2;
  model.grow_link_share = 0.1;
  EditLog log;
  const HtmlText out = HtmlToText(html, model, &log);
  EXPECT_TRUE(absl::StrContains(out.text, "这是第6段正文")) << out.text;
  EXPECT_TRUE(absl::StrContains(out.text, "专业名称")) << out.text;
  EXPECT_TRUE(absl::StrContains(out.text, "招生人数")) << out.text;
  EXPECT_FALSE(absl::StrContains(out.text, "相关文章")) << out.text;
  EXPECT_FALSE(absl::StrContains(out.text, "栏目3")) << out.text;
  model.grow_levels = 0;
  const HtmlText without = HtmlToText(html, model, &log);
  EXPECT_FALSE(absl::StrContains(without.text, "专业名称")) << without.text;
}

TEST(MainContentTest, ModelFileIsCheckedAndVersioned) {
  EXPECT_FALSE(Model().version.empty());
  EXPECT_FALSE(ParseMainContentModel("punct_weight 1\n").ok());            // no version
  EXPECT_FALSE(ParseMainContentModel("version x\nunknown_key 1\n").ok());  // unknown key
  EXPECT_FALSE(ParseMainContentModel("version x\npunct_weight one\n").ok());
  auto parsed = ParseMainContentModel("# c\nversion v7\npunct_weight 2.5\n");
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->version, "v7");
  EXPECT_DOUBLE_EQ(parsed->punct_weight, 2.5);
  auto newer = ParseMainContentModel(
      "version v8\npeer_share 0.2\ngrow_levels 3\ngrow_link_share 0.25\nline_threshold 0.9\n");
  ASSERT_TRUE(newer.ok()) << newer.status();
  EXPECT_DOUBLE_EQ(newer->peer_share, 0.2);
  EXPECT_DOUBLE_EQ(newer->grow_levels, 3);
  EXPECT_DOUBLE_EQ(newer->grow_link_share, 0.25);
  EXPECT_DOUBLE_EQ(newer->line_threshold, 0.9);
  EXPECT_FALSE(LoadMainContentModel("/nonexistent/model.txt").ok());
}

zhengwen::text::HtmlPage PageWith(const std::string& title, const std::string& h1,
                                  const std::string& og = "") {
  zhengwen::text::HtmlPage page;
  page.title = title;
  if (!h1.empty()) page.h1.push_back(h1);
  page.og_title = og;
  return page;
}

TEST(HtmlTitleTest, SiteSegmentsGoAndHeadlinePunctuationStays) {
  EXPECT_EQ(StripSiteSegments("标题很长的新闻_国内新闻_新浪网"), "标题很长的新闻");
  EXPECT_EQ(StripSiteSegments("央行宣布降准 - 人民网"), "央行宣布降准");
  EXPECT_EQ(StripSiteSegments("专题 | 春风又绿江南岸，乡村振兴正当时"),
            "专题 | 春风又绿江南岸，乡村振兴正当时");
  EXPECT_EQ(StripSiteSegments("年度工作总结报告.docx"), "年度工作总结报告");
  EXPECT_EQ(HtmlTitle(PageWith("为什么会这样？专家解读：原因有三-某某报-某某网", "为什么会这样？专家解读：原因有三")),
            "为什么会这样？专家解读：原因有三");
  // An <h1> that is the headline plus more gives the cleaned <title>.
  EXPECT_EQ(HtmlTitle(PageWith("乡村学校的民乐团--某某网", "乡村学校的民乐团 2022-02-13 来源：某某")),
            "乡村学校的民乐团");
  EXPECT_EQ(HtmlTitle(PageWith("某某网", "", "一条只在og里的标题_某某网")), "一条只在og里的标题");
  EXPECT_EQ(HtmlTitle(PageWith("", "")), "");
}

}  // namespace
}  // namespace zhengwen::normalization
