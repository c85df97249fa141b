// Split stage: compilations of several speeches become several documents;
// sub-headings and lone markers do not split.
#include "services/normalization/compilation_split.h"

#include "gtest/gtest.h"
#include "tests/normalization/test_util.h"

namespace zhengwen::normalization {
namespace {

using testing::DefaultRules;
using testing::LinesOf;

std::vector<std::string> Markers(const std::vector<DocumentPart>& parts) {
  std::vector<std::string> markers;
  for (const auto& part : parts) markers.push_back(part.marker);
  return markers;
}

TEST(CompilationSplitTest, NumberedPianMarkers) {
  PageLines lines = LinesOf(
      "安全生产讲话(精选2篇)\n安全生产讲话 篇1\n同志们:\n第一篇正文。\n安全生产讲话 "
      "篇2\n各位领导:\n"
      "第二篇正文。");
  EditLog log;
  const auto parts = SplitCompilation(DefaultRules(), &lines, &log);
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(Markers(parts), (std::vector<std::string>{"安全生产讲话 篇1", "安全生产讲话 篇2"}));
  EXPECT_EQ(parts[0].begin, 2u);
  EXPECT_EQ(parts[0].end, 4u);
  EXPECT_EQ(parts[1].begin, 5u);
  EXPECT_EQ(parts[1].end, 7u);
  EXPECT_EQ(lines[1].state, LineState::kDropped);
  EXPECT_EQ(log.edits().size(), 2u);
  EXPECT_EQ(log.edits()[0].stage(), "split");
}

TEST(CompilationSplitTest, TitleWithChineseNumberInParentheses) {
  PageLines lines = LinesOf(
      "环保讲话(一)\n同志们:\n(一)成绩。正文。\n(二)问题。正文。\n环保讲话(二)\n同志们:\n正文。");
  EditLog log;
  const auto parts = SplitCompilation(DefaultRules(), &lines, &log);
  EXPECT_EQ(Markers(parts), (std::vector<std::string>{"环保讲话(一)", "环保讲话(二)"}));
}

TEST(CompilationSplitTest, PartLabelsBeforeTheTitle) {
  PageLines lines = LinesOf(
      "述职报告(通用3篇)\n篇一:个人述职报告\n正文一。\n篇二:个人述职报告\n正文二。\n"
      "【篇3】年度述职报告\n正文三。");
  EditLog log;
  EXPECT_EQ(
      Markers(SplitCompilation(DefaultRules(), &lines, &log)),
      (std::vector<std::string>{"篇一:个人述职报告", "篇二:个人述职报告", "【篇3】年度述职报告"}));
  PageLines ordinal = LinesOf("第一篇 讲话\n正文一。\n第二篇 讲话\n正文二。");
  EXPECT_EQ(SplitCompilation(DefaultRules(), &ordinal, &log).size(), 2u);
  // "第一:" and "第二:" are points of one speech, not parts.
  PageLines points = LinesOf("同志们:\n第一:加强领导\n正文。\n第二:落实责任\n正文。");
  EXPECT_EQ(SplitCompilation(DefaultRules(), &points, &log).size(), 1u);
}

TEST(CompilationSplitTest, BareParenthesisOnlyBeforeASalutation) {
  PageLines speeches = LinesOf("(一)\n同志们:\n正文一。\n(二)\n各位代表:\n正文二。");
  EditLog log;
  EXPECT_EQ(SplitCompilation(DefaultRules(), &speeches, &log).size(), 2u);

  PageLines headings = LinesOf("同志们:\n(一)\n成绩显著。\n(二)\n问题突出。");
  EXPECT_EQ(SplitCompilation(DefaultRules(), &headings, &log).size(), 1u);
}

TEST(CompilationSplitTest, ALoneMarkerDoesNotSplit) {
  PageLines lines = LinesOf("工作会议讲话范文(一):\n同志们:\n(一)成绩。\n(二)问题。");
  EditLog log;
  const auto parts = SplitCompilation(DefaultRules(), &lines, &log);
  ASSERT_EQ(parts.size(), 1u);
  EXPECT_EQ(parts[0].marker, "");
  EXPECT_EQ(parts[0].begin, 0u);
  EXPECT_EQ(parts[0].end, lines.size());
  EXPECT_TRUE(log.edits().empty());
}

TEST(CompilationSplitTest, SentencesEndingInParenthesesAreNotMarkers) {
  PageLines lines = LinesOf("会议要求,各单位落实(一)\n正文。\n会议要求,各单位落实(二)\n正文。");
  EditLog log;
  EXPECT_EQ(SplitCompilation(DefaultRules(), &lines, &log).size(), 1u);
}

TEST(CompilationSplitTest, ParsesChineseNumbers) {
  EXPECT_EQ(ParseChineseNumber("一"), 1);
  EXPECT_EQ(ParseChineseNumber("十"), 10);
  EXPECT_EQ(ParseChineseNumber("十二"), 12);
  EXPECT_EQ(ParseChineseNumber("二十"), 20);
  EXPECT_EQ(ParseChineseNumber("九十九"), 99);
  EXPECT_EQ(ParseChineseNumber("百"), 0);
  EXPECT_EQ(ParseChineseNumber("一二"), 0);
}

}  // namespace
}  // namespace zhengwen::normalization

namespace zhengwen::normalization {
namespace {

// Complete documents bundled without markers end with their date lines; a
// date line followed by a heading of the same outline, or by a line or two at
// the end, does not split.
TEST(CompilationSplitTest, BundledDocumentsSplitAfterTheirClosingDates) {
  PageLines lines = LinesOf(
      "政府单位中秋节放假通知\n2019年中秋节假期安排为:9月13日放假,与周末连休,"
      "请各地区、各部门和单位妥善安排好值班和安全工作。\n"
      "江苏省人民政府办公厅\n2019年9月6日\n学校中秋节放假通知\n"
      "根据国务院办公厅的安排,我校放假时间为:9月13日至9月15日,共三天,请家长注意安全。\n"
      "某某学校\n20xx年9月xx日。\n温馨提示:");
  EditLog log;
  const auto parts = SplitCompilation(DefaultRules(), &lines, &log);
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(parts[0].begin, 0u);
  EXPECT_EQ(parts[0].end, 4u);
  EXPECT_EQ(parts[1].begin, 4u);
  EXPECT_EQ(parts[1].end, lines.size());
  EXPECT_EQ(Markers(parts), (std::vector<std::string>{"", ""}));
  ASSERT_EQ(log.edits().size(), 1u);
  EXPECT_EQ(log.edits()[0].rule(), "after_closing_date");
  EXPECT_EQ(log.edits()[0].line(), 5);

  PageLines outline = LinesOf(
      "一、正式停电通知\n由于线路检修,定于6月1日全天停电,请各用户提前做好准备,特此通知。\n"
      "XX电力局\nXX月XX日\n二、临时停电通知\n各类小型检修、突发故障排除,可发公告或通知,"
      "告知用户停电时间。");
  EXPECT_EQ(SplitCompilation(DefaultRules(), &outline, &log).size(), 1u);
}

}  // namespace
}  // namespace zhengwen::normalization
