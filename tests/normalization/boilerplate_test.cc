// Boilerplate stage: each kind of site line is dropped by the rule named in
// the edit, body lines stay, and the page's date and intro title are read.
#include "services/normalization/boilerplate.h"

#include "gtest/gtest.h"
#include "tests/normalization/test_util.h"

namespace zhengwen::normalization {
namespace {

using testing::BodyOf;
using testing::DefaultRules;
using testing::LinesOf;

// The rule (kind/name) that drops `line`, or "" when it is body.
std::string RuleFor(const std::string& line) {
  PageLines lines = LinesOf(line);
  EditLog log;
  ClassifyBoilerplate(DefaultRules(), &lines, &log);
  return log.edits().empty() ? "" : log.edits()[0].rule();
}

TEST(BoilerplateTest, EachKindOfSiteLine) {
  const std::pair<const char*, const char*> cases[] = {
      {"便宜机票特价,彩票开奖直播,亚洲美女视频,优惠券免费领", "spam/seo_keyword_list"},
      {"范文网 > 工作总结 > 年终总结 > 个人总结", "breadcrumb/gt_separated_path"},
      {"当前位置:首页 > 党建 > 正文", "breadcrumb/gt_separated_path"},
      {"首页 » 范文 » 讲话稿", "breadcrumb/gt_separated_path"},
      {"【打印本页】 【关闭窗口】", "site_meta/bracketed_controls"},
      {"分享到:", "site_meta/share_bar"},
      {"您的位置:首页", "breadcrumb/current_location"},
      {"时间: 小明123 分享", "site_meta/time_share_line"},
      {"发布日期:2020-01-02 来源:本站", "site_meta/time_share_line"},
      {"来源:网络 作者:佚名", "site_meta/source_author_views"},
      {"1234567", "site_meta/bare_number"},
      {"标签:党建 学习", "site_meta/tag_line"},
      {"范文大全 | 登录 | 注册", "site_meta/login_bar"},
      {"上传人:ab***cd 文档编号:123 页数:5", "site_meta/doc_upload_info"},
      {"亲,该文档总共8页,全部预览完了,如果喜欢就下载吧!", "site_meta/doc_preview_notice"},
      {"资源描述", "site_meta/resource_description"},
      {"收藏 分享 举报", "site_meta/ui_controls"},
      {"以下是小编精心整理的工作总结,欢迎阅读。", "editor_intro/editor_compiled"},
      {"本文为大家精选了三篇范文,仅供参考。", "editor_intro/for_reference_only"},
      {"猜你喜欢", "related_list/more_lists"},
      {"Copyright © 2010-2020 某某网 版权所有", "footer/copyright"},
      {"京ICP备12345678号-1", "footer/icp_license"},
      {"本站资源均来自网络,如有侵权请联系删除", "footer/site_disclaimer"},
      {"在线客服", "footer/customer_service"},
      {"第2页 / 共5页", "pager/page_of_pages"},
      {"下一篇:在全县大会上的讲话", "pager/prev_next"},
      {">>下一页更多精彩“工作总结”", "pager/prev_next"},
      {"工作总结的评论条评论", "comment_counter/n_comments"},
      {"发表评论", "comment_counter/n_comments"},
  };
  for (const auto& [line, rule] : cases) EXPECT_EQ(RuleFor(line), rule) << line;
}

TEST(BoilerplateTest, BodyLinesAreKept) {
  for (const char* line :
       {"同志们:", "今天,我们召开全县安全生产工作会议,我讲三点意见,供大家参考。",
        "一、提高站位,准确把握新形势新要求", "(一)事故总量持续下降。",
        "要加强食品经营许可证管理,严厉打击无证经营。", "为全市发展贡献更多精彩。",
        "我们要进一步做好宣传、分享经验。", "2、集中整治突出问题。", "谢谢大家!",
        "全面推行“河长+警长+检察长”协作机制,打造精品工程和高清监控视频系统。"}) {
    EXPECT_EQ(RuleFor(line), "") << line;
  }
}

TEST(BoilerplateTest, EndOfPageMarkerDropsEverythingAfterIt) {
  PageLines lines = LinesOf(
      "同志们:\n今天开会。\n谢谢大家!\n工作会议讲话(精选3篇) 相关内容:\n• "
      "另一篇讲话\n同志们:今天召开…");
  EditLog log;
  BoilerplateFindings findings = ClassifyBoilerplate(DefaultRules(), &lines, &log);
  EXPECT_EQ(BodyOf(lines), (std::vector<std::string>{"同志们:", "今天开会。", "谢谢大家!"}));
  EXPECT_EQ(findings.boilerplate_lines, 3);
  EXPECT_EQ(findings.content_lines, 6);
  ASSERT_EQ(log.edits().size(), 3u);
  EXPECT_EQ(log.edits()[0].rule(), "related_list/related_header");
  EXPECT_EQ(log.edits()[1].rule(), "related_list/related_header:after");
  EXPECT_EQ(log.edits()[2].line(), 6);
}

// Before any body text an end-of-page marker drops only its own line: a page
// may open with "展开阅读全文" or a "相关推荐" sidebar above the article.
TEST(BoilerplateTest, MarkerBeforeBodyTextDropsOnlyItsLine) {
  for (const char* marker : {"相关阅读:", "展开阅读全文", "相关推荐"}) {
    PageLines lines = LinesOf(std::string(marker) +
                              "\n另一篇讲话的标题\n同志们:\n今天召开全县大会,主要任务是部署工作。"
                              "\n谢谢大家!\n相关阅读:\n• 又一篇讲话");
    EditLog log;
    ClassifyBoilerplate(DefaultRules(), &lines, &log);
    EXPECT_EQ(BodyOf(lines),
              (std::vector<std::string>{"另一篇讲话的标题", "同志们:",
                                        "今天召开全县大会,主要任务是部署工作。", "谢谢大家!"}))
        << marker;
    ASSERT_EQ(log.edits().size(), 3u) << marker;
    EXPECT_EQ(log.edits()[0].line(), 1) << marker;
    EXPECT_EQ(log.edits()[1].rule(), "related_list/related_header") << marker;
    EXPECT_EQ(log.edits()[2].rule(), "related_list/related_header:after") << marker;
  }
}

// A site sentence above the article ("声明:…仅供学习参考。") is body-shaped, but a
// marker after it would cut more body text than it follows: it drops its own
// line only, and a marker after the article still ends it.
TEST(BoilerplateTest, MarkerBeforeMostOfTheBodyDropsOnlyItsLine) {
  PageLines lines = LinesOf(
      "声明:本站部分文章来源于网络,仅供学习参考。\n相关推荐:\n同志们:\n"
      "今天召开全县大会,主要任务是部署下半年的各项工作,确保完成全年目标任务。\n"
      "会议结束后,各单位要认真传达会议精神,抓好贯彻落实。\n相关阅读:\n• 又一篇讲话");
  EditLog log;
  ClassifyBoilerplate(DefaultRules(), &lines, &log);
  EXPECT_EQ(BodyOf(lines),
            (std::vector<std::string>{"声明:本站部分文章来源于网络,仅供学习参考。", "同志们:",
                                      "今天召开全县大会,主要任务是部署下半年的各项工作,确保完成全年目标任务。",
                                      "会议结束后,各单位要认真传达会议精神,抓好贯彻落实。"}));
  ASSERT_EQ(log.edits().size(), 3u);
  EXPECT_EQ(log.edits()[0].line(), 2);
  EXPECT_EQ(log.edits()[0].rule(), "related_list/related_header");
  EXPECT_EQ(log.edits()[1].rule(), "related_list/related_header");
  EXPECT_EQ(log.edits()[2].rule(), "related_list/related_header:after");
}

TEST(BoilerplateTest, ReadsPublishedDateAndIntroTitle) {
  PageLines lines = LinesOf(
      "河湖长制讲话\n\n发布时间:2023-3-2 09:30\n下面是小编为大家整理的在全县河长制会议上的讲话,"
      "供大家参考。\n同志们:");
  EditLog log;
  BoilerplateFindings findings = ClassifyBoilerplate(DefaultRules(), &lines, &log);
  EXPECT_EQ(findings.published_at, "2023-03-02");
  EXPECT_EQ(findings.intro_title, "在全县河长制会议上的讲话");
  EXPECT_EQ(BodyOf(lines), (std::vector<std::string>{"河湖长制讲话", "同志们:"}));
}

TEST(BoilerplateTest, DateNeedsALabelAndAValidDay) {
  EXPECT_EQ(FindPublishedDate(DefaultRules(), "发布时间:2021年5月18日"), "2021-05-18");
  EXPECT_EQ(FindPublishedDate(DefaultRules(), "2021年5月18日,我们召开会议"), "");
  EXPECT_EQ(FindPublishedDate(DefaultRules(), "日期:2021-13-40"), "");
  EXPECT_EQ(FindPublishedDate(DefaultRules(), "2019年12月3日"), "2019-12-03");
  EXPECT_EQ(FindPublishedDate(DefaultRules(), "2019-12-03 08:15"), "2019-12-03");
  EXPECT_EQ(FindPublishedDate(DefaultRules(), "来源:新华网 2021-05-18 09:30"), "2021-05-18");
}

}  // namespace
}  // namespace zhengwen::normalization
