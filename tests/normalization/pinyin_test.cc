// Pinyin stage: annotations inserted after characters go, real parentheses stay.
#include "gtest/gtest.h"
#include "services/normalization/pinyin_stage.h"

namespace zhengwen::normalization {
namespace {

TEST(PinyinTest, RemovesAnnotationsAfterHanCharacters) {
  EditLog log;
  EXPECT_EQ(RemovePinyin("質(zhì)量強市工作領(lǐng)導講話", 4, &log), "質量強市工作領導講話");
  ASSERT_EQ(log.edits().size(), 1u);
  EXPECT_EQ(log.edits()[0].stage(), "pinyin");
  EXPECT_EQ(log.edits()[0].rule(), "annotation_after_han");
  EXPECT_EQ(log.edits()[0].removed(), "(zhì)(lǐng)");
  EXPECT_EQ(log.edits()[0].line(), 4);
}

TEST(PinyinTest, RemovesFullwidthParenthesesAndUmlauts) {
  EditLog log;
  EXPECT_EQ(RemovePinyin("綠（lǜ）色發(fā)展", 1, &log), "綠色發展");
}

TEST(PinyinTest, NeverTouchesRealParentheses) {
  EditLog log;
  for (const char* line :
       {"(一)工作氛圍日益濃厚", "全市9個縣(市、區)均成立", "鄉鎮(街道)應急", "中國(南京)軟件谷",
        "新版GMP(2010)要求", "詞(ci)無聲調", "標準(abc)不是拼音", "見附件(see)"}) {
    EXPECT_EQ(RemovePinyin(line, 1, &log), line);
  }
  EXPECT_TRUE(log.edits().empty());
}

TEST(PinyinTest, RecognisesTonedSyllablesOnly) {
  EXPECT_TRUE(IsTonedPinyinSyllable("zhì"));
  EXPECT_TRUE(IsTonedPinyinSyllable("lǐng"));
  EXPECT_TRUE(IsTonedPinyinSyllable("lǜ"));
  EXPECT_TRUE(IsTonedPinyinSyllable("chuàng"));
  EXPECT_FALSE(IsTonedPinyinSyllable("zhi"));  // no tone mark: could be anything
  EXPECT_FALSE(IsTonedPinyinSyllable("qxé"));  // not a Mandarin syllable
  EXPECT_FALSE(IsTonedPinyinSyllable("café"));
}

}  // namespace
}  // namespace zhengwen::normalization
