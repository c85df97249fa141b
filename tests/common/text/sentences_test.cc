// Sentence splitting and the content hash of each sentence.
#include "common/text/sentences.h"

#include "gtest/gtest.h"

namespace zhengwen {
namespace {

TEST(SentencesTest, SplitsAtSentenceEndsAndLineBreaksKeepingClosingQuotes) {
  const auto sentences = SplitSentences("今天我们召开会议。\n  下面我讲三点意见！好。“这是引用的一句话。”");
  ASSERT_EQ(sentences.size(), 3u);  // "好。" is too short
  EXPECT_EQ(sentences[0].offset, 0);
  EXPECT_EQ(sentences[0].length, 9);
  EXPECT_EQ(sentences[1].offset, 12);
  EXPECT_EQ(sentences[2].length, 11);  // with its closing quote
  EXPECT_EQ(sentences[0].content_length, 8);
}

TEST(SentencesTest, PunctuationAndWidthDoNotChangeAHash) {
  EXPECT_EQ(SplitSentences("下面，我讲三点意见。")[0].hash, SplitSentences("下面,我讲三点意见!")[0].hash);
  EXPECT_NE(SplitSentences("下面,我讲三点意见!")[0].hash, SplitSentences("下面,我讲四点意见!")[0].hash);
}

TEST(SentencesTest, OffsetsAndTheShortSentencesLeftOut) {
  const auto s = SplitSentences("同志们:\n今天我们开会研究工作。安全生产非常重要!谢谢大家!");
  // "同志们:" and "谢谢大家!" are shorter than kMinSentenceContent.
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s[0].offset, 5);
  EXPECT_EQ(s[1].offset, 16);
  EXPECT_EQ(SplitSentences("谢谢大家!", 4).size(), 1u);
  EXPECT_TRUE(SplitSentences("").empty());
}

}  // namespace
}  // namespace zhengwen
