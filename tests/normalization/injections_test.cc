// Injection stage: paywall text inside a sentence is cut and the sentence rejoined.
#include "services/normalization/injections.h"

#include "gtest/gtest.h"
#include "tests/normalization/test_util.h"

namespace zhengwen::normalization {
namespace {

using testing::DefaultRules;

TEST(InjectionsTest, RemovesPaywallTextAndRejoinsTheSentence) {
  EditLog log;
  EXPECT_EQ(RemoveInjections(DefaultRules(), "我们也要清醒地看 当前隐藏内容免费查看到,差距还很大。",
                             5, &log),
            "我们也要清醒地看到,差距还很大。");
  ASSERT_EQ(log.edits().size(), 1u);
  EXPECT_EQ(log.edits()[0].stage(), "injections");
  EXPECT_EQ(log.edits()[0].rule(), "inject/paywall_hidden_content");
  EXPECT_EQ(log.edits()[0].removed(), " 当前隐藏内容免费查看");
  EXPECT_EQ(log.edits()[0].line(), 5);
}

TEST(InjectionsTest, RemovesEveryOccurrence) {
  EditLog log;
  EXPECT_EQ(RemoveInjections(DefaultRules(), "第一隐藏内容查看句,第二剩余80%未读句。", 1, &log),
            "第一句,第二句。");
  EXPECT_EQ(log.edits().size(), 2u);
}

TEST(InjectionsTest, LeavesOrdinaryTextAlone) {
  EditLog log;
  const std::string line = "要及时查看隐患整改情况,当前重点是隐藏的风险。";
  EXPECT_EQ(RemoveInjections(DefaultRules(), line, 1, &log), line);
  EXPECT_TRUE(log.edits().empty());
}

}  // namespace
}  // namespace zhengwen::normalization
