// Mojibake stage. Fixtures were made the way such runs arise: a Traditional
// phrase encoded as GBK, one lead byte lost ('?'), the rest decoded out of
// step until an ASCII-range trail byte brings the stream back in step.
#include "gtest/gtest.h"
#include "services/normalization/mojibake_repair.h"
#include "tests/normalization/test_util.h"

namespace zhengwen::normalization {
namespace {

using testing::RulesOf;

TEST(MojibakeTest, RepairsAShiftedRunAndDropsOnlyTheLostCharacter) {
  // "我們要加強領導" with the lead byte of 加 lost.
  EditLog log;
  MojibakeResult result = RepairMojibake("我們要?訌婎I導,狠抓落實", 9, &log);
  EXPECT_EQ(result.text, "我們要強領導,狠抓落實");
  EXPECT_EQ(result.runs, 1);
  ASSERT_EQ(log.edits().size(), 1u);
  EXPECT_EQ(log.edits()[0].rule(), "shifted_gbk_run");
  EXPECT_EQ(log.edits()[0].removed(), "?訌婎I");
  EXPECT_EQ(log.edits()[0].replacement(), "強領");
  EXPECT_EQ(log.edits()[0].line(), 9);
}

TEST(MojibakeTest, RunEndingInAPunctuationTrail) {
  // "關於質量" with the lead byte of 於 lost; '|' is the trail byte of 質.
  EditLog log;
  EXPECT_EQ(RepairMojibake("這是一個關?顿|量發展的報告", 1, &log).text, "這是一個關質量發展的報告");
}

TEST(MojibakeTest, RestoresASentenceEndBeforeAnOpeningMark) {
  // "強調。《條例》" with the lead byte of 。 lost; the page folded ！ to !.
  for (const char* page : {"會議強調?！稐l例》指出", "會議強調?!稐l例》指出"}) {
    EditLog log;
    EXPECT_EQ(RepairMojibake(page, 1, &log).text, "會議強調。《條例》指出") << page;
  }
}

TEST(MojibakeTest, RemovesACharacterReducedToItsTrailByte) {
  EditLog log;
  EXPECT_EQ(RepairMojibake("全市經濟社會?l展取得新成績", 1, &log).text, "全市經濟社會展取得新成績");
}

TEST(MojibakeTest, RemovesATrailLetterLeftBeforeItsAnnotation) {
  EditLog log;
  MojibakeResult result = RepairMojibake("一個地區的生命,F(xiàn)在的社會", 2, &log);
  EXPECT_EQ(result.text, "一個地區的生命,在的社會");
  EXPECT_EQ(RulesOf(log), std::vector<std::string>{"mojibake/lost_lead_byte"});
}

TEST(MojibakeTest, RemovesAnOrphanAnnotationMarker) {
  // A lost character whose annotation lost its '(' and that does not re-decode.
  EditLog log;
  MojibakeResult result = RepairMojibake("經過足夠?qū)學習,", 1, &log);
  EXPECT_EQ(result.text, "經過足夠學習,");
  EXPECT_EQ(result.runs, 1);
}

TEST(MojibakeTest, RemovesPrivateUseCharacters) {
  EditLog log;
  MojibakeResult result = RepairMojibake("質量\uE5DD發展", 1, &log);
  EXPECT_EQ(result.text, "質量發展");
  EXPECT_EQ(RulesOf(log), std::vector<std::string>{"mojibake/private_use_char"});
}

TEST(MojibakeTest, LeavesRealQuestionMarksAlone) {
  for (const char* line : {"你們同意嗎?我們要加強", "有什麼問題?我們一起解決,好不好", "是不是這樣?",
                           "Is it OK? Yes", "第(1)項?"}) {
    EditLog log;
    MojibakeResult result = RepairMojibake(line, 1, &log);
    EXPECT_EQ(result.text, line);
    EXPECT_EQ(result.runs, 0) << line;
    EXPECT_TRUE(log.edits().empty()) << line;
  }
}

TEST(MojibakeTest, FlagsARunThatDoesNotRedecode) {
  // Ends at an ASCII trail byte, but the shifted bytes are not valid GBK.
  EditLog log;
  MojibakeResult result = RepairMojibake("報告?亐A完成", 1, &log);
  EXPECT_EQ(result.text, "報告?亐A完成");
  EXPECT_EQ(result.runs, 1);
  ASSERT_EQ(log.edits().size(), 1u);
  EXPECT_TRUE(log.edits()[0].flagged());
  EXPECT_EQ(log.edits()[0].removed(), "?亐A");
}

}  // namespace
}  // namespace zhengwen::normalization
