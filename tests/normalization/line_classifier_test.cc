// Line classifier stage and its model file: weights as data, drops with the
// features that decided them, smoothing, structural lines kept, and the
// densest-region fallback.
#include "services/normalization/stages/line_classifier.h"

#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "tests/normalization/test_util.h"

namespace zhengwen::normalization {
namespace {

using testing::BodyOf;
using testing::DefaultRules;
using testing::LinesOf;

// A hand-written model: lines without sentence punctuation are boilerplate.
LineModel NoPunctuationModel() {
  auto model = LineModel::Parse(
      "version\ttest-1\nthreshold\t0.5\nweight\tbias\t2\nweight\tsentence_punct\t-100\n", "test");
  EXPECT_TRUE(model.ok()) << model.status();
  return *std::move(model);
}

TEST(LineModelTest, ParsesAndRejectsBadFiles) {
  const LineModel model = NoPunctuationModel();
  EXPECT_EQ(model.version(), "test-1");
  EXPECT_DOUBLE_EQ(model.threshold(), 0.5);
  for (const char* bad : {"threshold\t0.5\n", "version\tv\n", "version\tv\nthreshold\t2\n",
                          "version\tv\nthreshold\t0.5\nweight\tno_such_feature\t1\n",
                          "version\tv\nthreshold\t0.5\nweight\tbias\tnan\n", "version v\n"}) {
    EXPECT_EQ(LineModel::Parse(bad, "bad").status().code(), absl::StatusCode::kInvalidArgument)
        << bad;
  }
  EXPECT_EQ(LineModel::Load("/nonexistent/model.txt").status().code(),
            absl::StatusCode::kNotFound);
  auto builtin = LineModel::Load("");
  ASSERT_TRUE(builtin.ok()) << builtin.status();
  EXPECT_FALSE(builtin->version().empty());
}

TEST(LineClassifierTest, DropsWithTheFeaturesThatDecided) {
  PageLines lines = LinesOf(
      "网站首页 新闻中心\n今天召开全县工作会议,主要任务是总结工作。\n全县上下要统一思想,提高认识。");
  EditLog log;
  const LineClassification result = ClassifyLines(NoPunctuationModel(), DefaultRules(), &lines, &log);
  EXPECT_EQ(result.dropped, 1);
  EXPECT_FALSE(result.body_fallback);
  EXPECT_EQ(BodyOf(lines), (std::vector<std::string>{"今天召开全县工作会议,主要任务是总结工作。",
                                                     "全县上下要统一思想,提高认识。"}));
  ASSERT_EQ(log.edits().size(), 1u);
  EXPECT_EQ(log.edits()[0].stage(), "classify");
  EXPECT_EQ(log.edits()[0].line(), 1);
  // The line has no sentence punctuation: the bias alone decided.
  EXPECT_EQ(log.edits()[0].rule(), "boilerplate p=0.88: bias=+2.00");
  EXPECT_EQ(log.edits()[0].removed(), "网站首页 新闻中心");
}

TEST(LineClassifierTest, StructuralLinesAndUncertainLinesBetweenBodyStay) {
  // "同志们:" and "一、统一思想" have no sentence punctuation but are speech
  // structure; "工作安排" is uncertain (p < (1 + threshold) / 2) between body lines.
  auto model = LineModel::Parse(
      "version\tt\nthreshold\t0.5\nweight\tbias\t0.5\nweight\tsentence_punct\t-100\n", "t");
  ASSERT_TRUE(model.ok());
  PageLines lines = LinesOf(
      "同志们:\n今天召开全县工作会议,主要任务是总结工作。\n工作安排\n全县上下要统一思想。\n一、统一思想\n谢谢大家!");
  EditLog log;
  ClassifyLines(*model, DefaultRules(), &lines, &log);
  EXPECT_EQ(BodyOf(lines).size(), 6u);
  EXPECT_TRUE(log.edits().empty());
}

TEST(LineClassifierTest, LinesARuleDroppedAreNotTouched) {
  PageLines lines = LinesOf("首页 > 范文 > 讲话\n今天召开全县工作会议,主要任务是总结工作。");
  lines[0].state = LineState::kDropped;
  EditLog log;
  ClassifyLines(NoPunctuationModel(), DefaultRules(), &lines, &log);
  EXPECT_TRUE(log.edits().empty());
  const std::vector<ScoredLine> scored = ScoreLines(NoPunctuationModel(), lines);
  ASSERT_EQ(scored.size(), 2u);
  EXPECT_TRUE(scored[0].forced);
  EXPECT_FALSE(scored[1].forced);
}

TEST(LineClassifierTest, APageItWouldEmptyKeepsItsDensestRegion) {
  // A model that calls everything boilerplate.
  auto model = LineModel::Parse("version\tall\nthreshold\t0.5\nweight\tbias\t5\n", "all");
  ASSERT_TRUE(model.ok());
  PageLines lines = LinesOf(
      "网站首页 新闻中心\n今天召开全县工作会议,主要任务是总结去年的工作。\n全县上下要统一思想,提高认识,抓好落实。\n"
      "友情链接 网站地图");
  EditLog log;
  const LineClassification result = ClassifyLines(*model, DefaultRules(), &lines, &log);
  EXPECT_TRUE(result.body_fallback);
  EXPECT_EQ(result.dropped, 2);
  EXPECT_EQ(BodyOf(lines), (std::vector<std::string>{"今天召开全县工作会议,主要任务是总结去年的工作。",
                                                     "全县上下要统一思想,提高认识,抓好落实。"}));
}

}  // namespace
}  // namespace zhengwen::normalization
