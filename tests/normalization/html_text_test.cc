// HTML to text lines: the blocks of a page become lines, scripts are dropped.
#include <string>

#include "gtest/gtest.h"
#include "services/normalization/html_text.h"

namespace zhengwen::normalization {
namespace {

TEST(HtmlTextTest, BlocksBecomeLinesAndScriptsAreDropped) {
  EditLog log;
  const HtmlText html = HtmlToText(
      "<html><head><title>标题</title><script>var x = '广告';</script></head>"
      "<body><div>当前位置:<a>首页</a> &gt; 正文</div><p>第一段。</p><p>第<b>二</b>段。</p>"
      "</body></html>",
      *LoadMainContentModel("").value(), &log);
  const std::string& text = html.text;
  EXPECT_EQ(html.title, "");  // too short to be a headline
  EXPECT_NE(text.find("当前位置:首页 > 正文\n"), std::string::npos) << text;
  EXPECT_NE(text.find("第一段。\n第二段。"), std::string::npos) << text;
  EXPECT_EQ(text.find("广告"), std::string::npos) << text;
  EXPECT_TRUE(html.limit.empty());
}

}  // namespace
}  // namespace zhengwen::normalization
