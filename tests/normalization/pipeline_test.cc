// The stage table (stages/pipeline): its order constraints, and RunPipeline
// running the rows in order and stopping where asked.
#include "services/normalization/stages/pipeline.h"

#include <algorithm>
#include <memory>
#include <string>

#include "gtest/gtest.h"

namespace zhengwen::normalization {
namespace {

using zhengwen::document::v1::Page;

template <typename Row>
int IndexOf(const std::vector<Row>& rows, absl::string_view name) {
  auto it = std::find_if(rows.begin(), rows.end(), [&](const Row& r) { return r.name == name; });
  return it == rows.end() ? -1 : static_cast<int>(it - rows.begin());
}

TEST(PipelineTest, TableKeepsTheOrderTheStagesRelyOn) {
  const auto& page = PageStages();
  const auto& line = LineStages();
  EXPECT_EQ(IndexOf(page, "decode"), 0);
  // Rules are written in Simplified Chinese with ASCII punctuation.
  EXPECT_LT(IndexOf(page, "script"), IndexOf(page, "boilerplate"));
  EXPECT_LT(IndexOf(page, "characters"), IndexOf(page, "script"));
  // Lines are judged on their own words, without injected text.
  EXPECT_LT(IndexOf(page, "injections"), IndexOf(page, "boilerplate"));
  EXPECT_LT(IndexOf(page, "boilerplate"), IndexOf(page, "classify"));
  EXPECT_LT(IndexOf(page, "split"), IndexOf(page, "structure"));
  // A lost mojibake byte can eat the "(" of a pinyin annotation.
  EXPECT_LT(IndexOf(line, "mojibake"), IndexOf(line, "pinyin"));
  EXPECT_GE(IndexOf(line, "unicode"), 0);
  for (const auto& row : page) EXPECT_NE(row.run, nullptr) << row.name;
  for (const auto& row : line) EXPECT_NE(row.run, nullptr) << row.name;
}

class PipelineRunTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto converter = ScriptConverter::Create("t2s.json");
    ASSERT_TRUE(converter.ok()) << converter.status();
    converter_ = std::move(*converter);
    auto rules = RuleSet::Load("", false);
    ASSERT_TRUE(rules.ok()) << rules.status();
    rules_ = std::move(*rules);
    auto html_model = LoadMainContentModel("");
    ASSERT_TRUE(html_model.ok()) << html_model.status();
    html_model_ = std::move(*html_model);
    auto line_model = LineModel::Load("");
    ASSERT_TRUE(line_model.ok()) << line_model.status();
    line_model_ = std::make_unique<LineModel>(std::move(*line_model));
  }
  PipelineResources resources() const {
    return {*converter_, *rules_, *html_model_, *line_model_, *line_model_};
  }

  std::unique_ptr<ScriptConverter> converter_;
  std::unique_ptr<const RuleSet> rules_;
  std::unique_ptr<const MainContentModel> html_model_;
  std::unique_ptr<LineModel> line_model_;
};

Page TextPage() {
  Page page;
  page.set_content_type("text/plain");
  page.set_content(
      "環保工作會議講話\n"
      "同志們:\n"
      "今天召開全縣環保工作會議,主要任務是總結去年的工作,部署今年的任務。\n"
      "一、肯定成績 過去一年,全縣空氣質(zhì)量優良天數比例達到90%,河流水質穩中向好。\n"
      "謝謝大家!\n");
  return page;
}

TEST_F(PipelineRunTest, StopsBeforeTheNamedRow) {
  const Page page = TextPage();
  EditLog log;
  PageContext context(page);
  ASSERT_TRUE(RunPipeline(resources(), &context, &log, "classify").ok());
  // Decoded, cleaned per line (pinyin gone) and converted, nothing past it.
  ASSERT_EQ(context.lines.size(), 6u);
  EXPECT_EQ(context.lines[0].text, "环保工作会议讲话");
  EXPECT_EQ(context.lines[3].text.find("zhì"), std::string::npos);
  EXPECT_TRUE(context.parts.empty());
  EXPECT_TRUE(context.structured.empty());
  for (const auto& edit : log.edits()) EXPECT_NE(edit.stage(), "classify");
}

TEST_F(PipelineRunTest, RunsEveryRowByDefault) {
  const Page page = TextPage();
  EditLog log;
  PageContext context(page);
  ASSERT_TRUE(RunPipeline(resources(), &context, &log).ok());
  ASSERT_EQ(context.parts.size(), 1u);
  ASSERT_EQ(context.structured.size(), 1u);
  EXPECT_NE(context.structured[0].text.find("今天召开全县环保工作会议"), std::string::npos);
}

}  // namespace
}  // namespace zhengwen::normalization
