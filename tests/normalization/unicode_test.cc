// Unicode stage: NFC, invisible characters, whitespace, split CJK words.
#include "gtest/gtest.h"
#include "services/normalization/unicode_cleanup.h"
#include "tests/normalization/test_util.h"

namespace zhengwen::normalization {
namespace {

using testing::RulesOf;

TEST(CleanUnicodeTest, ComposesToNfc) {
  EditLog log;
  // e + combining acute -> é; a CJK compatibility ideograph -> its unified form.
  EXPECT_EQ(CleanUnicode("Cafe\u0301 \uF900", 1, &log), "Café \u8C48");
}

TEST(CleanUnicodeTest, RemovesInvisibleCharactersAndLogsThem) {
  EditLog log;
  EXPECT_EQ(CleanUnicode("质\u200B量\uFEFF强\u00AD市\x07", 3, &log), "质量强市");
  ASSERT_EQ(log.edits().size(), 1u);
  EXPECT_EQ(log.edits()[0].stage(), "unicode");
  EXPECT_EQ(log.edits()[0].rule(), "invisible_char");
  EXPECT_EQ(log.edits()[0].removed(), "U+200B U+FEFF U+00AD U+0007");
  EXPECT_EQ(log.edits()[0].line(), 3);
}

TEST(CleanUnicodeTest, WhitespaceBecomesOneSpaceAndIsTrimmed) {
  EditLog log;
  EXPECT_EQ(CleanUnicode("\u3000\u3000同志们:\t今天\u00A0\u00A0 我们  ", 1, &log),
            "同志们: 今天 我们");
  EXPECT_TRUE(log.edits().empty());
}

TEST(JoinSplitCjkWordsTest, JoinsALoneCharacterSplitOff) {
  EditLog log;
  EXPECT_EQ(JoinSplitCjkWords("活动启动仪式上的讲 话(*年9月22日)", 7, &log),
            "活动启动仪式上的讲话(*年9月22日)");
  ASSERT_EQ(log.edits().size(), 1u);
  EXPECT_EQ(log.edits()[0].removed(), "讲 话");
  EXPECT_EQ(log.edits()[0].replacement(), "讲话");
  EXPECT_EQ(log.edits()[0].line(), 7);
}

TEST(JoinSplitCjkWordsTest, KeepsTheSpaceBetweenAHeadingAndItsBody) {
  EditLog log;
  const std::string line = "一、充分肯定今年以来的成绩 今年以来,我市明确工作目标";
  EXPECT_EQ(JoinSplitCjkWords(line, 1, &log), line);
  EXPECT_TRUE(log.edits().empty());
}

TEST(JoinSplitCjkWordsTest, KeepsAHeadingNumeralAfterASentenceEnd) {
  EditLog log;
  const std::string line = "做出新的贡献。三 加强宣传,积极作为";
  EXPECT_EQ(JoinSplitCjkWords(line, 1, &log), line);
}

TEST(JoinSplitCjkWordsTest, KeepsALabelBeforeANumber) {
  EditLog log;
  const std::string line = "工作会议讲话 篇1";
  EXPECT_EQ(JoinSplitCjkWords(line, 1, &log), line);
  EXPECT_EQ(JoinSplitCjkWords("下载 相关 举报", 1, &log), "下载 相关 举报");
}

TEST(JoinSplitCjkWordsTest, LeavesLatinAndDigitsAlone) {
  EditLog log;
  EXPECT_EQ(JoinSplitCjkWords("3502 和三兴 GMP 要求", 1, &log), "3502 和三兴 GMP 要求");
  EXPECT_TRUE(RulesOf(log).empty());
}

}  // namespace
}  // namespace zhengwen::normalization
