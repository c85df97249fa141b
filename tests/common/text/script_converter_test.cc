// Traditional -> Simplified (OpenCC phrase level), the fast dictionary
// converter's agreement with OpenCC, and the script-detection threshold.
#include <opencc/SimpleConverter.hpp>

#include "common/text/script_converter.h"
#include "gtest/gtest.h"

namespace zhengwen {
namespace {

const ScriptConverter& Converter() {
  static const ScriptConverter* const converter = ScriptConverter::Create().value().release();
  return *converter;
}

TEST(ScriptTest, ConvertsTraditionalAtPhraseLevel) {
  EXPECT_EQ(Converter().ToSimplified("質量強市工作領導講話"), "质量强市工作领导讲话");
  // Phrase-level choices: 乾 stays in 乾隆, becomes 干 in 乾淨.
  EXPECT_EQ(Converter().ToSimplified("乾隆年間,乾淨整潔"), "乾隆年间,干净整洁");
  EXPECT_EQ(Converter().ToSimplified("简体保持不变"), "简体保持不变");
}

TEST(ScriptTest, FastConverterAgreesWithOpencc) {
  ASSERT_TRUE(Converter().uses_dictionary_converter());
  opencc::SimpleConverter reference("t2s.json");
  const std::string texts[] = {
      "理髮師說:頭髮要剪短。後來皇后在宮中製造了鐘錶,一見鍾情。",
      "著名作家著書立說,穿著整齊;於是他們從此於北京團聚。",
      "麵條和面對,幹部與乾燥,瞭解與了結,藉口與憑藉。",
      "ASCII 123, 標點「」『』《》(括號) and mixed 簡體字 text\n第二行。",
      "𠀀𪚥 四字節字符與組合字符 é",
  };
  for (const std::string& text : texts) {
    EXPECT_EQ(Converter().ToSimplified(text), reference.Convert(text)) << text;
  }
}

TEST(ScriptTest, KnowsWhenTextCannotChange) {
  EXPECT_FALSE(Converter().MayConvert("今天我们召开全市质量工作会议。ABC 123"));
  EXPECT_TRUE(Converter().MayConvert("今天我們召開會議"));
}

TEST(ScriptTest, FallsBackToOpenccForOtherConfigurations) {
  auto tw2s = ScriptConverter::Create("tw2s.json");
  ASSERT_TRUE(tw2s.ok()) << tw2s.status();
  EXPECT_FALSE((*tw2s)->uses_dictionary_converter());
  EXPECT_EQ((*tw2s)->ToSimplified("軟體"), "软体");
  EXPECT_FALSE(ScriptConverter::Create("no-such-config.json").ok());
}

TEST(ScriptTest, TraditionalWhenOneHanCharacterInFiftyChanges) {
  EXPECT_TRUE(ScriptConverter::LooksTraditional(50, 1));
  EXPECT_TRUE(ScriptConverter::LooksTraditional(10, 10));
  EXPECT_FALSE(ScriptConverter::LooksTraditional(51, 1));
  EXPECT_FALSE(ScriptConverter::LooksTraditional(100, 0));
  EXPECT_FALSE(ScriptConverter::LooksTraditional(0, 0));
}

}  // namespace
}  // namespace zhengwen
