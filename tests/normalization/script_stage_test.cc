// Script stage: the page converted to Simplified in one call, and the script
// it arrived in (the converter itself: tests/common/text/script_converter_test.cc).
#include "common/text/script_converter.h"
#include "gtest/gtest.h"
#include "services/normalization/script_stage.h"
#include "tests/normalization/test_util.h"

namespace zhengwen::normalization {
namespace {

using testing::LinesOf;

const ScriptConverter& Converter() {
  static const ScriptConverter* const converter = ScriptConverter::Create().value().release();
  return *converter;
}

TEST(ScriptStageTest, ConvertsThePageAndDetectsItsScript) {
  PageLines hant = LinesOf("質量強市工作領導講話\n\n同志們:今天我們開會。");
  EXPECT_EQ(ConvertPageToSimplified(Converter(), &hant), zhengwen::document::v1::SCRIPT_HANT);
  EXPECT_EQ(testing::BodyOf(hant),
            (std::vector<std::string>{"质量强市工作领导讲话", "", "同志们:今天我们开会。"}));
  EXPECT_GT(hant[0].converted_chars, 0);

  // Simplified body, one Traditional breadcrumb: a Simplified page.
  PageLines hans = LinesOf(
      "首頁 > 范文\n同志们:今天我们召开全市质量工作会议,研究部署下半年工作。"
      "刚才,各地各部门作了交流发言,讲得都很好。下面,我讲三点意见。");
  EXPECT_EQ(ConvertPageToSimplified(Converter(), &hans), zhengwen::document::v1::SCRIPT_HANS);
  EXPECT_EQ(hans[0].text, "首页 > 范文");
  EXPECT_EQ(hans[1].converted_chars, 0);

  PageLines none = LinesOf("abc\n123");
  EXPECT_EQ(ConvertPageToSimplified(Converter(), &none),
            zhengwen::document::v1::SCRIPT_UNSPECIFIED);
}

}  // namespace
}  // namespace zhengwen::normalization
