// Punctuation stage: fullwidth ASCII forms fold to ASCII, nothing else changes.
#include "services/normalization/punctuation_width.h"

#include "gtest/gtest.h"

namespace zhengwen::normalization {
namespace {

TEST(PunctuationWidthTest, FoldsFullwidthAsciiForms) {
  int folded = 0;
  EXPECT_EQ(FoldWidth("同志们：今天，我们（市、区）开会！对吗？１２３ＡＢＣ；", &folded),
            "同志们:今天,我们(市、区)开会!对吗?123ABC;");
  EXPECT_EQ(folded, 13);
}

TEST(PunctuationWidthTest, KeepsChinesePunctuationWithoutAnAsciiForm) {
  int folded = -1;
  const std::string text = "“质量第一”。《条例》、…—「引」　";
  EXPECT_EQ(FoldWidth(text, &folded), text);
  EXPECT_EQ(folded, 0);
}

TEST(PunctuationWidthTest, IsIdempotentAndLossless) {
  const std::string once = FoldWidth("１，０００元（含税）", nullptr);
  EXPECT_EQ(once, "1,000元(含税)");
  EXPECT_EQ(FoldWidth(once, nullptr), once);
}

}  // namespace
}  // namespace zhengwen::normalization
