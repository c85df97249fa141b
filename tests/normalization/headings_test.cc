// Heading markers, levels, and where a heading ends on a shared line.
#include "services/normalization/headings.h"

#include "gtest/gtest.h"

namespace zhengwen::normalization {
namespace {

TEST(HeadingMarkerTest, RecognisesTheNumberingStyles) {
  const std::tuple<const char*, HeadingStyle, int> cases[] = {
      {"一、提高站位", HeadingStyle::kChineseNumberComma, 1},
      {"十二、其他", HeadingStyle::kChineseNumberComma, 12},
      {"(三)压实责任", HeadingStyle::kParenChineseNumber, 3},
      {"2、集中整治", HeadingStyle::kArabicNumber, 2},
      {"3.建立机制", HeadingStyle::kArabicNumber, 3},
      {"(4)其他事项", HeadingStyle::kParenArabicNumber, 4},
      {"②加强培训", HeadingStyle::kCircledNumber, 2},
      {"一是强化监管", HeadingStyle::kEnumerative, 1},
      {"三要加大投入", HeadingStyle::kEnumerative, 3},
      {"第二,谈一谈重点", HeadingStyle::kEnumerative, 2},
      {"二“盯”在要处", HeadingStyle::kBareChineseNumber, 2},
      {"三 强化保障", HeadingStyle::kBareChineseNumber, 3},
  };
  for (const auto& [line, style, number] : cases) {
    const HeadingMarker marker = MatchHeadingMarker(line);
    EXPECT_EQ(marker.style, style) << line;
    EXPECT_EQ(marker.number, number) << line;
  }
  EXPECT_EQ(MatchHeadingMarker("一是强化").variant, U'是');
  EXPECT_EQ(MatchHeadingMarker("第一,").variant, U'第');
}

TEST(HeadingMarkerTest, IgnoresSentencesThatOnlyLookNumbered) {
  for (const char* line : {"三年来,全区成绩显著。", "1.2万家企业参加", "2021年是开局之年",
                           "十分重要的工作", "一些企业主体责任落实不到位", "(市、区)均成立"}) {
    EXPECT_EQ(MatchHeadingMarker(line).style, HeadingStyle::kNone) << line;
  }
}

TEST(HeadingMarkerTest, FixedLevels) {
  EXPECT_EQ(StyleLevel(HeadingStyle::kChineseNumberComma), 1);
  EXPECT_EQ(StyleLevel(HeadingStyle::kParenChineseNumber), 2);
  EXPECT_EQ(StyleLevel(HeadingStyle::kArabicNumber), 3);
  EXPECT_EQ(StyleLevel(HeadingStyle::kParenArabicNumber), 4);
  EXPECT_EQ(StyleLevel(HeadingStyle::kEnumerative), 0);  // relative
}

TEST(SplitHeadingTest, HeadingAndBodySeparatedByASpace) {
  HeadingSplit split;
  ASSERT_TRUE(
      SplitHeading("一、客观看待当前形势,切实增强责任感 上半年,全市各级各部门坚持人民至上。"
                   "主要体现在三个方面:",
                   &split));
  EXPECT_EQ(split.heading, "一、客观看待当前形势,切实增强责任感");
  EXPECT_EQ(split.heading_line, split.heading);
  EXPECT_EQ(split.rest, "上半年,全市各级各部门坚持人民至上。主要体现在三个方面:");
}

TEST(SplitHeadingTest, HeadingIsTheFirstSentence) {
  HeadingSplit split;
  ASSERT_TRUE(SplitHeading("(一)事故总量持续下降。1至6月,全市共发生事故41起。", &split));
  EXPECT_EQ(split.heading, "(一)事故总量持续下降");
  EXPECT_EQ(split.heading_line, "(一)事故总量持续下降。");
  EXPECT_EQ(split.rest, "1至6月,全市共发生事故41起。");
}

TEST(SplitHeadingTest, AShortLineIsAllHeading) {
  HeadingSplit split;
  ASSERT_TRUE(SplitHeading("三、强化担当,确保各项改革举措落地见效", &split));
  EXPECT_EQ(split.heading, "三、强化担当,确保各项改革举措落地见效");
  EXPECT_EQ(split.rest, "");
  ASSERT_TRUE(SplitHeading("二、聚焦重点 全力打造营商环境", &split));
  EXPECT_EQ(split.heading, "二、聚焦重点 全力打造营商环境");  // no paragraph after the space
}

TEST(SplitHeadingTest, ALongParagraphIsNoHeading) {
  HeadingSplit split;
  std::string paragraph = "一是";
  for (int i = 0; i < 30; ++i) paragraph += "要加强组织领导和统筹";
  EXPECT_FALSE(SplitHeading(paragraph, &split));
}

TEST(SplitRunOnLineTest, StartsAParagraphAtEachTopLevelMarkerAfterASentence) {
  EXPECT_EQ(
      SplitRunOnLine("我讲三点意见。一、提高站位,把握形势过去一年成绩显著。二、突出重点,"
                     "扎实推进一是做强产业。二是建设乡村。三 强化保障,凝聚合力一要压实责任。"),
      (std::vector<std::string>{"我讲三点意见。", "一、提高站位,把握形势过去一年成绩显著。",
                                "二、突出重点,扎实推进一是做强产业。二是建设乡村。",
                                "三 强化保障,凝聚合力一要压实责任。"}));
}

TEST(SplitRunOnLineTest, LeavesOrdinaryLinesWhole) {
  for (const char* line : {"一、提高站位", "全县三 个乡镇。三年来成绩显著。",
                           "主要职责:(一)资质要求。", "成绩显著。五、不是下一个"}) {
    EXPECT_EQ(SplitRunOnLine(line), std::vector<std::string>{line}) << line;
  }
}

}  // namespace
}  // namespace zhengwen::normalization
