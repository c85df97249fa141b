// Placeholder stage: template gaps are marked as spans; the text is not changed.
#include "services/normalization/placeholders.h"

#include "gtest/gtest.h"
#include "tests/normalization/test_util.h"

namespace zhengwen::normalization {
namespace {

using testing::DefaultRules;

std::vector<std::string> Texts(const std::string& text) {
  std::vector<std::string> out;
  for (const auto& p : FindPlaceholders(DefaultRules(), text)) out.push_back(p.text());
  return out;
}

TEST(PlaceholdersTest, MarksTheUsualGaps) {
  EXPECT_EQ(
      Texts("总结20xx年xx区工作,表彰xxxx年度XX同志,* *区长和*县,某某镇、xx某书记"),
      (std::vector<std::string>{"20xx", "xx", "xxxx", "XX", "* *", "*", "某某", "xx", "某书记"}));
}

TEST(PlaceholdersTest, OffsetsAreCodePoints) {
  const auto found = FindPlaceholders(DefaultRules(), "今天在xx区召开会议");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].offset(), 3);
  EXPECT_EQ(found[0].length(), 2);
  EXPECT_EQ(found[0].rule(), "placeholder/x_run");
}

TEST(PlaceholdersTest, OrdinaryWordsAreNotGaps) {
  EXPECT_TRUE(Texts("某些企业存在某种问题,Xbox 和 Linux 用户,2020年").empty());
}

}  // namespace
}  // namespace zhengwen::normalization
