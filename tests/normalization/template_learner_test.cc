// Template learner: a host built here (different bodies in one site's chrome)
// yields rules for its chrome lines only; with them loaded the chrome goes and
// the pages of a second host come out exactly as before.
#include "services/normalization/template_learner.h"

#include <fstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace zhengwen::normalization {
namespace {

using zhengwen::document::v1::Document;
using zhengwen::document::v1::Page;

constexpr const char* kBodies[] = {
    "同志们:\n今天召开全县乡村振兴工作会议,主要任务是总结去年的工作,部署今年的任务。\n谢谢大家!",
    "同志们:\n这次安全生产会议很重要,各单位要把责任落实到每一个岗位,不留死角。\n谢谢大家!",
    "同志们:\n环境保护是民生大事,我们要坚持问题导向,抓好大气和水体治理。\n谢谢大家!",
    "同志们:\n招商引资是发展的生命线,要以更大力度引进项目,优化营商环境。\n谢谢大家!",
    "同志们:\n教育事业关系千家万户,要办好人民满意的学校,关心每一位教师。\n谢谢大家!",
};

Page PageOf(const std::string& uri, const std::string& content) {
  Page page;
  page.set_source_uri(uri);
  page.set_content(content);
  page.set_content_type("text/plain");
  return page;
}

// Host A: every body wrapped in the same header and footer.
HostPages SiteA() {
  HostPages host{"news.example", {}};
  int n = 0;
  for (const char* body : kBodies) {
    ++n;
    host.pages.push_back(PageOf(absl::StrCat("a/", n, ".txt"),
                                absl::StrCat("县域新闻网 要闻 时政 民生 文化\n在第", n, "次会议上的讲话\n", body,
                                             "\n本网稿件欢迎各方媒体转载并注明出处\n关于本网 投稿须知 联系方式\n")));
  }
  return host;
}

// Host B: its own chrome, and bodies that share the speech structure.
HostPages SiteB() {
  HostPages host{"other.example", {}};
  for (int n = 0; n < 3; ++n) {
    host.pages.push_back(PageOf(absl::StrCat("b/", n, ".txt"),
                                absl::StrCat("另一个网站的栏目导航\n工作会议讲话\n", kBodies[n],
                                             "\n本网稿件欢迎各方媒体转载并注明出处\n")));
  }
  return host;
}

TEST(TemplateLearnerTest, LearnsTheChromeOfOneHostAndLeavesTheOtherAlone) {
  auto plain = Normalizer::Create({});
  ASSERT_TRUE(plain.ok()) << plain.status();
  const HostPages a = SiteA();
  auto rules = LearnTemplateRules(**plain, {a}, TemplateLearnOptions{});
  ASSERT_TRUE(rules.ok()) << rules.status();
  // The navigation lines at the top and bottom; not the titles (one page
  // each), the speech structure, or the notice a built-in rule drops already.
  EXPECT_TRUE(absl::StrContains(*rules, "version\tlearned-")) << *rules;
  EXPECT_TRUE(absl::StrContains(
      *rules, "template\tnews_example_1\t^县域新闻网\\ 要闻\\ 时政\\ 民生\\ 文化$"))
      << *rules;
  EXPECT_TRUE(absl::StrContains(*rules, "template\tnews_example_2\t^关于本网")) << *rules;
  EXPECT_FALSE(absl::StrContains(*rules, "news_example_3")) << *rules;
  EXPECT_FALSE(absl::StrContains(*rules, "讲话$")) << *rules;
  EXPECT_FALSE(absl::StrContains(*rules, "同志们")) << *rules;
  EXPECT_FALSE(absl::StrContains(*rules, "谢谢大家")) << *rules;

  const std::string path = ::testing::TempDir() + "/learned.rules";
  {
    std::ofstream out(path);
    out << *rules;
  }
  NormalizerOptions options;
  options.rules_file = path;
  auto learned = Normalizer::Create(options);
  ASSERT_TRUE(learned.ok()) << learned.status();

  auto doc = (*learned)->Normalize(a.pages[0]);
  ASSERT_TRUE(doc.ok()) << doc.status();
  ASSERT_EQ(doc->size(), 1u);
  EXPECT_EQ((*doc)[0].text(),
            "同志们:\n今天召开全县乡村振兴工作会议,主要任务是总结去年的工作,部署今年的任务。\n谢谢大家!");
  bool template_edit = false;
  for (const auto& edit : (*doc)[0].edits()) {
    template_edit = template_edit || absl::StartsWith(edit.rule(), "template/news_example_");
  }
  EXPECT_TRUE(template_edit);

  // The other host's pages: same documents with or without the learned rules
  // (apart from the rules version they are stamped with).
  for (const Page& page : SiteB().pages) {
    auto before = (*plain)->Normalize(page);
    auto after = (*learned)->Normalize(page);
    ASSERT_TRUE(before.ok() && after.ok());
    ASSERT_EQ(before->size(), after->size());
    for (size_t i = 0; i < before->size(); ++i) {
      Document x = (*before)[i];
      Document y = (*after)[i];
      x.clear_rules_version();
      y.clear_rules_version();
      EXPECT_EQ(x.SerializeAsString(), y.SerializeAsString()) << page.source_uri();
    }
  }
}

}  // namespace
}  // namespace zhengwen::normalization
