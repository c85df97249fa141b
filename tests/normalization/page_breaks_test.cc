// Page-break stage: page numbers that cut a sentence are joined away; real
// numbered lists are left alone.
#include "services/normalization/page_breaks.h"

#include "gtest/gtest.h"
#include "tests/normalization/test_util.h"

namespace zhengwen::normalization {
namespace {

using testing::BodyOf;
using testing::LinesOf;
using testing::RulesOf;

TEST(PageBreaksTest, JoinsSentencesCutByPageNumbers) {
  PageLines lines = LinesOf(
      "1、在全县大会上的讲话同志们:今天我们开会,农村生活\n\n"
      "2、垃圾集中收运处理全覆盖。我们要保持\n\n"
      "3、清醒头脑。最后祝大会成功!");
  lines[1].state = LineState::kDropped;  // empty lines, as boilerplate leaves them
  lines[3].state = LineState::kDropped;
  EditLog log;
  JoinPageBreaks(&lines, &log);
  EXPECT_EQ(BodyOf(lines),
            std::vector<std::string>{"在全县大会上的讲话同志们:今天我们开会,农村生活垃圾集中收运"
                                     "处理全覆盖。我们要保持清醒头脑。最后祝大会成功!"});
  EXPECT_EQ(RulesOf(log), (std::vector<std::string>{"page_breaks/page_number_mid_sentence",
                                                    "page_breaks/page_number_mid_sentence",
                                                    "page_breaks/first_page_number"}));
  EXPECT_EQ(log.edits()[0].removed(), "2、");
  EXPECT_EQ(log.edits()[0].line(), 3);
}

TEST(PageBreaksTest, KeepsNumberedListsAfterFinishedSentences) {
  const std::string text =
      "下面我讲三点意见:\n1、重点突破。要把资源用在刀刃上。\n2、整体互动。各部门要协调。\n"
      "3、惩防并举,民生为重。";
  PageLines lines = LinesOf(text);
  EditLog log;
  JoinPageBreaks(&lines, &log);
  EXPECT_EQ(BodyOf(lines).size(), 4u);
  EXPECT_TRUE(log.edits().empty());
}

TEST(PageBreaksTest, KeepsShortHeadingLikeItemsWithoutPunctuation) {
  PageLines lines = LinesOf("工作要求如下\n1、加强领导\n2、落实责任\n3、强化考核");
  EditLog log;
  JoinPageBreaks(&lines, &log);
  EXPECT_EQ(BodyOf(lines).size(), 4u);
  EXPECT_TRUE(log.edits().empty());
}

TEST(PageBreaksTest, NumbersMustCountUp) {
  PageLines lines = LinesOf("要加强质量\n5、工作取得成效。");
  EditLog log;
  JoinPageBreaks(&lines, &log);
  EXPECT_EQ(BodyOf(lines).size(), 1u);  // 5 can open a preview that starts later...
  PageLines gap = LinesOf("要加强质量\n2、工作取得\n4、明显成效。");
  EditLog gap_log;
  JoinPageBreaks(&gap, &gap_log);
  EXPECT_EQ(BodyOf(gap).size(), 2u);  // ...but 4 after 2 is not the next page
}

TEST(PageBreaksTest, EndsSentence) {
  EXPECT_TRUE(EndsSentence("完成任务。"));
  EXPECT_TRUE(EndsSentence("讲三点意见:"));
  EXPECT_TRUE(EndsSentence("“质量第一”"));
  EXPECT_FALSE(EndsSentence("质量"));
  EXPECT_FALSE(EndsSentence("确保质量,"));
}

}  // namespace
}  // namespace zhengwen::normalization
