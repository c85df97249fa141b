// Title choice: the headline among the header lines, from evidence that
// names no site (recurrence, the body's words, what follows, shape).
#include "services/normalization/stages/title_choice.h"

#include "gtest/gtest.h"

namespace zhengwen::normalization {
namespace {

HeaderCandidate Candidate(const std::string& text, const std::string& next = "",
                          bool adjacent = false) {
  return {text, 0.05, adjacent, next};
}

TEST(TitleChoiceTest, TheLineRepeatedOnThePageBeatsASiteLineAboveIt) {
  const std::vector<HeaderCandidate> candidates = {Candidate("精选范文网信函频道"),
                                                   Candidate("端午节致全校师生的慰问信")};
  const std::vector<absl::string_view> context = {"精选范文网信函频道", "端午节致全校师生的慰问信",
                                                  "首页 > 信函 > 端午节致全校师生的慰问信"};
  EXPECT_EQ(ChooseTitle(candidates, context, "同学们,老师们:端午节到了。").text,
            "端午节致全校师生的慰问信");
}

TEST(TitleChoiceTest, SiteNameLosesToTheLineSharingTheBodysWords) {
  const std::vector<HeaderCandidate> candidates = {Candidate("励志人生知识库"),
                                                   Candidate("会议通知是什么")};
  EXPECT_EQ(
      ChooseTitle(candidates, {}, "会议通知是在会议准备工作基本就绪后发给与会者的通知。").text,
      "会议通知是什么");
}

TEST(TitleChoiceTest, ChromeShapesAndSubtitlesAreNotTheTitle) {
  const std::vector<HeaderCandidate> candidates = {
      Candidate("服务热线:4001108558"), Candidate("本帖最后由 张三 于 2012-9-10 09:25 编辑"),
      Candidate("简约不简单", "——怎样写好会议主持词"), Candidate("——怎样写好会议主持词")};
  EXPECT_EQ(ChooseTitle(candidates, {}, "会议主持词是主持人在会议上的讲话。").text, "简约不简单");
  EXPECT_TRUE(IsSubtitleLine("——党的十八大以来污染防治纪实"));
  EXPECT_TRUE(IsSubtitleLine("一一致大余中学开学典礼"));
  EXPECT_FALSE(IsSubtitleLine("一、提高认识"));
}

TEST(TitleChoiceTest, AHeadlineWrappedOntoAShortLineIsJoined) {
  const std::vector<HeaderCandidate> candidates = {
      Candidate("在全市春节期间疫情防控工作电视电话会议上的", "讲话", true), Candidate("讲话")};
  const TitleChoice choice = ChooseTitle(candidates, {}, "同志们:");
  EXPECT_TRUE(choice.joined);
  EXPECT_EQ(choice.text, "在全市春节期间疫情防控工作电视电话会议上的讲话");
  // Not joined when the second line is not adjacent on the page.
  const std::vector<HeaderCandidate> apart = {
      Candidate("在全市春节期间疫情防控工作电视电话会议上的", "发布时间:2024-05-12", false),
      Candidate("讲话")};
  EXPECT_FALSE(ChooseTitle(apart, {}, "同志们:").joined);
  // Nor an addressee line after the headline.
  const std::vector<HeaderCandidate> addressed = {
      Candidate("关于加强城市绿化工作的通知", "各区、各部门:", true), Candidate("各区、各部门:")};
  EXPECT_EQ(ChooseTitle(addressed, {}, "为进一步改善城市生态环境,现通知如下。").text,
            "关于加强城市绿化工作的通知");
}

TEST(TitleChoiceTest, TheFullerFormOfTheHeadlineWinsAndAPartLabelLoses) {
  const std::vector<HeaderCandidate> candidates = {Candidate("五一劳动节放假安排通知(精选18篇)"),
                                                   Candidate("五一劳动节放假安排通知")};
  EXPECT_EQ(
      ChooseTitle(candidates, {"五一劳动节放假安排通知"}, "五一劳动节放假安排通知如下。").text,
      "五一劳动节放假安排通知(精选18篇)");
  const std::vector<HeaderCandidate> labelled = {Candidate("文章获奖感言"),
                                                 Candidate("【篇一:作文大赛获奖感言】")};
  EXPECT_EQ(ChooseTitle(labelled, {}, "我参加了作文大赛。").text, "文章获奖感言");
}

TEST(TitleChoiceTest, ASuffixSharingTheBodysWordsIsPartOfTheHeadline) {
  EXPECT_TRUE(
      SharesBodyWords(" | 打赢蓝天保卫战是重中之重", "会议强调,打赢蓝天保卫战是重中之重。"));
  EXPECT_FALSE(SharesBodyWords("_北极星环保网", "会议强调,打赢蓝天保卫战是重中之重。"));
}

}  // namespace
}  // namespace zhengwen::normalization
