// Line features: shapes measured by character classes, the densest prose
// region, repetition and likeness to the top lines.
#include "common/text/line_features.h"

#include <algorithm>
#include <string>
#include <vector>

#include "common/text/utf8.h"
#include "gtest/gtest.h"

namespace zhengwen::text {
namespace {

std::vector<LineFeatureVector> Features(const std::vector<absl::string_view>& lines,
                                        LineRegion* region = nullptr) {
  return ComputeLineFeatures(lines, region);
}

TEST(LineFeaturesTest, EveryFeatureHasAName) {
  for (int f = 0; f < kLineFeatureCount; ++f) EXPECT_FALSE(LineFeatureName(f).empty()) << f;
  EXPECT_EQ(LineFeatureName(kLineFeatureCount), "");
  EXPECT_EQ(LineFeatureName(kDateTime), "date_time");
}

TEST(LineFeaturesTest, ShapesByCharacterClass) {
  const auto f = Features({"jk48人已围观日期:2023-04-10 12:04:48", "请访问 abc.com.cn 了解", "(未完,全文共2010字)",
                           "今天召开全县工作会议,主要任务是总结去年的工作。", "版本 1.2 说明"});
  EXPECT_EQ(f[0][kDateTime], 1);
  EXPECT_EQ(f[1][kLinkLike], 1);
  EXPECT_EQ(f[1][kDateTime], 0);
  EXPECT_EQ(f[2][kBracketed], 1);
  EXPECT_EQ(f[3][kBracketed], 0);
  EXPECT_EQ(f[3][kProse], 1);
  EXPECT_EQ(f[3][kEndsSentence], 1);
  EXPECT_GT(f[3][kFunctionChars], 0.1);
  EXPECT_DOUBLE_EQ(f[3][kCjkShare], 22.0 / 24.0);
  EXPECT_EQ(f[4][kLinkLike], 0);  // "1.2" is a number, not a domain
  EXPECT_EQ(f[4][kDateTime], 0);
}

// Footer and chrome shapes: "label:" lines, menus, markup; a ':' alone does
// not make a line prose; lines below the densest region are after the body.
TEST(LineFeaturesTest, LabelsMenusMarkupAndThePlaceAfterTheBody) {
  const auto f = Features({"首页 新闻 公告", "今天召开全县工作会议,主要任务是总结去年的工作。",
                           "全县上下要统一思想,提高认识,确保各项任务落到实处。",
                           "联系电话:0516-80800285", "<p><br></p>", "手机版 关于我们 网站地图"});
  EXPECT_EQ(f[0][kMenuLike], 1);
  EXPECT_EQ(f[0][kBeforeBody], 1);
  EXPECT_EQ(f[1][kMenuLike], 0);
  EXPECT_EQ(f[1][kEdgeProse], 1);
  EXPECT_EQ(f[2][kEdgeProse], 1);
  EXPECT_EQ(f[2][kAfterBody], 0);
  EXPECT_EQ(f[3][kLabelValue], 1);
  EXPECT_EQ(f[3][kProse], 0);  // 18 characters, but only a ':'
  EXPECT_EQ(f[3][kAfterBody], 1);
  EXPECT_EQ(f[1][kLabelValue], 0);
  EXPECT_EQ(f[4][kMarkup], 1);
  EXPECT_EQ(f[1][kMarkup], 0);
  EXPECT_EQ(f[5][kMenuLike], 1);
  EXPECT_EQ(f[5][kAfterBody], 1);
}

TEST(LineFeaturesTest, DensestRegionIsTheProseBetweenTheChrome) {
  LineRegion region;
  const auto f = Features({"首页 新闻 公告 范文", "关于 我们", "同志们:",
                           "今天召开全县工作会议,主要任务是总结去年的工作,部署今年的任务。",
                           "一、统一思想", "全县上下要统一思想,提高认识,确保各项任务落到实处。",
                           "友情链接 网站地图", "联系我们 关于我们 隐私"},
                          &region);
  EXPECT_EQ(region.first, 3);
  EXPECT_EQ(region.last, 5);
  EXPECT_EQ(f[4][kInBodyRegion], 1);
  EXPECT_EQ(f[0][kInBodyRegion], 0);
  EXPECT_GT(f[7][kDistanceToBody], f[6][kDistanceToBody]);
  EXPECT_EQ(f[4][kPrevProse], 1);
  EXPECT_EQ(f[4][kNextProse], 1);
}

TEST(LineFeaturesTest, RepetitionAndLikenessToTheTop) {
  LineRegion region;
  const auto f = Features({"县委书记在乡村振兴推进会上的讲话", "县委书记在乡村振兴推进会上的讲话", "上一篇",
                           "上一篇"},
                          &region);
  EXPECT_EQ(f[0][kRepeated], 1);
  EXPECT_EQ(f[0][kTopLikeness], 1);
  EXPECT_EQ(f[2][kTopLikeness], 1);
  EXPECT_EQ(region.first, -1);  // no prose at all
  EXPECT_EQ(f[0][kDistanceToBody], 1);
}

// top_likeness is computed through one table of the top lines' bigrams; it
// must equal its definition: the largest BigramShare of the line's bigrams
// (first 120 characters) in one of the other top five lines.
TEST(LineFeaturesTest, TopLikenessIsTheLargestShareWithAnotherTopLine) {
  const std::vector<absl::string_view> lines = {
      "乡村振兴推进会上的讲话", "县委书记在乡村振兴推进会上的讲话", "2023年4月10日 来源:县委办",
      "同志们:", "今天我们召开全县乡村振兴推进会,主要任务是总结工作。", "乡村振兴推进会",
      "县委书记讲话", "来源:县委办 2023年", "这是一段与上面无关的正文,说的是别的事情。", ""};
  const auto f = Features(lines);
  auto decode = [](absl::string_view line) {
    std::u32string out;
    for (size_t pos = 0; pos < line.size();) out.push_back(DecodeUtf8(line, &pos));
    return out;
  };
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::vector<uint64_t> mine = CharBigrams(decode(lines[i]), 120);
    double expected = 0;
    for (size_t j = 0; j < 5; ++j) {
      if (j != i) expected = std::max(expected, BigramShare(mine, CharBigrams(decode(lines[j]), 120)));
    }
    EXPECT_DOUBLE_EQ(f[i][kTopLikeness], expected) << i << " " << lines[i];
  }
  EXPECT_GT(f[5][kTopLikeness], 0.5);  // a part of the headline, below the top
}

}  // namespace
}  // namespace zhengwen::text
