// Rules: parsing of the rules file format, the embedded defaults, and a
// user's file extending or replacing them.
#include "services/normalization/rules.h"

#include <cstdio>
#include <fstream>

#include "gtest/gtest.h"
#include "services/normalization/default_rules.h"
#include "common/text/utf8.h"

namespace zhengwen::normalization {
namespace {

absl::StatusOr<std::unique_ptr<const RuleSet>> Parse(const std::string& text) {
  return RuleSet::FromTexts({text}, {"test.rules"});
}

const Rule* Classify(const RuleSet& rules, const std::string& line) {
  return rules.ClassifyLine(line, CodePointCount(line));
}

TEST(RulesTest, DefaultsAreEmbeddedAndVersioned) {
  EXPECT_NE(DefaultRulesText().find("version\t"), absl::string_view::npos);
  auto rules = RuleSet::Load("", false);
  ASSERT_TRUE(rules.ok()) << rules.status();
  EXPECT_FALSE((*rules)->version().empty());
  for (RuleKind kind :
       {RuleKind::kSpam, RuleKind::kBreadcrumb, RuleKind::kSiteMeta, RuleKind::kEditorIntro,
        RuleKind::kRelatedList, RuleKind::kFooter, RuleKind::kPager, RuleKind::kCommentCounter,
        RuleKind::kInject, RuleKind::kPlaceholder, RuleKind::kTitleSuffix, RuleKind::kPublishedDate,
        RuleKind::kIntroTitle, RuleKind::kSalutation, RuleKind::kClosing}) {
    EXPECT_FALSE((*rules)->OfKind(kind).empty()) << RuleKindName(kind);
  }
}

TEST(RulesTest, ParsesKindsNamesPatternsAndOptions) {
  auto rules = Parse(
      "# comment\n"
      "version\tsite-7\n"
      "\n"
      "footer\tpowered_by\t(?i)powered by\tmax_len=30\n"
      "spam\tcasino\t赌场|娱乐城|博彩\tmin_hits=2\trequire=^[^。]*$\n"
      "related_list\tsee_also\t^延伸阅读$\tscope=tail\n");
  ASSERT_TRUE(rules.ok()) << rules.status();
  EXPECT_EQ((*rules)->version(), "site-7");
  const Rule* footer = Classify(**rules, "Powered by Example CMS");
  ASSERT_NE(footer, nullptr);
  EXPECT_EQ(footer->Label(), "footer/powered_by");
  EXPECT_EQ(Classify(**rules, "Powered by Example CMS, with a much longer line of text"), nullptr);
  EXPECT_EQ(Classify(**rules, "澳门赌场"), nullptr);  // one hit only
  EXPECT_NE(Classify(**rules, "澳门赌场,线上娱乐城"), nullptr);
  EXPECT_EQ(Classify(**rules, "赌场和娱乐城都要整治。"), nullptr);  // a sentence
  const Rule* tail = Classify(**rules, "延伸阅读");
  ASSERT_NE(tail, nullptr);
  EXPECT_TRUE(tail->tail);
}

TEST(RulesTest, ReportsErrorsWithFileAndLine) {
  const std::pair<const char*, const char*> bad[] = {
      {"footer\ta\tb\n", "missing 'version"},
      {"version\t1\nfooterz\ta\tb\n", "test.rules:2: unknown kind"},
      {"version\t1\nfooter\ta\t(unclosed\n", "test.rules:2: bad pattern"},
      {"version\t1\nfooter\ta\tb\tmax_len=x\n", "max_len"},
      {"version\t1\nfooter\ta\tb\tcolour=red\n", "unknown option"},
      {"version\t1\nfooter\ta\tb\nfooter\ta\tc\n", "already used"},
      {"version\t1\ndisable\tnothing\n", "no rule named"},
      {"version\t1\npublished_date\td\t\\d{4}\n", "groups"},
  };
  for (const auto& [text, message] : bad) {
    auto rules = Parse(text);
    ASSERT_FALSE(rules.ok()) << text;
    EXPECT_NE(rules.status().message().find(message), absl::string_view::npos)
        << rules.status() << " for " << text;
  }
}

class UserRulesFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = ::testing::TempDir() + "/user_rules.txt";
    std::ofstream out(path_);
    out << "version\tmysite-2\n"
           "footer\tmysite_footer\t^本页由我的网站生成$\n"
           "disable\tbare_number\n";
  }
  void TearDown() override { std::remove(path_.c_str()); }
  std::string path_;
};

TEST_F(UserRulesFileTest, ExtendsTheDefaults) {
  auto rules = RuleSet::Load(path_, false);
  ASSERT_TRUE(rules.ok()) << rules.status();
  EXPECT_NE((*rules)->version().find("+mysite-2"), std::string::npos) << (*rules)->version();
  EXPECT_NE(Classify(**rules, "本页由我的网站生成"), nullptr);
  EXPECT_NE(Classify(**rules, "京ICP备12345678号"), nullptr);  // a default rule still fires
  EXPECT_EQ(Classify(**rules, "1234567"), nullptr);            // disabled by the user
}

TEST_F(UserRulesFileTest, ReplacesTheDefaults) {
  // A replacing file cannot disable rules it does not have.
  {
    std::ofstream out(path_);
    out << "version\tmysite-3\nfooter\tmysite_footer\t^本页由我的网站生成$\n";
  }
  auto rules = RuleSet::Load(path_, true);
  ASSERT_TRUE(rules.ok()) << rules.status();
  EXPECT_EQ((*rules)->version(), "mysite-3");
  EXPECT_NE(Classify(**rules, "本页由我的网站生成"), nullptr);
  EXPECT_EQ(Classify(**rules, "京ICP备12345678号"), nullptr);
}

TEST(RulesTest, TheExampleInDocsParsesAndFires) {
  // The "adding rules for a new site" example of docs/normalization.md.
  auto rules = RuleSet::FromTexts(
      {DefaultRulesText(),
       "version\tmysite-1\n"
       "footer\tmysite_powered_by\t^技术支持[::].{1,20}$\tmax_len=40\n"
       "site_meta\tmysite_reading_count\t^阅读量[::]\\d+$\n"
       "related_list\tmysite_more\t^更多.{0,10}范文[::]?$\tmax_len=30\tscope=tail\n"
       "inject\tmysite_app_banner\t\\s*下载APP查看全文\\s*\n"
       "disable\tbare_number\n"},
      {"default_rules.txt", "mysite.rules"});
  ASSERT_TRUE(rules.ok()) << rules.status();
  EXPECT_EQ(Classify(**rules, "技术支持:某某网络科技公司")->Label(), "footer/mysite_powered_by");
  EXPECT_EQ(Classify(**rules, "阅读量:1024")->Label(), "site_meta/mysite_reading_count");
  EXPECT_TRUE(Classify(**rules, "更多讲话范文:")->tail);
}

TEST(RulesTest, MissingUserFileIsAnError) {
  EXPECT_EQ(RuleSet::Load("/nonexistent/rules.txt", false).status().code(),
            absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace zhengwen::normalization
