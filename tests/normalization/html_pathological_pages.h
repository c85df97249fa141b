// Pages built to break an HTML parser (issue 13, case 2), shared by the
// in-process and the loopback-server tests.
#ifndef ZHENGWEN_TESTS_NORMALIZATION_HTML_PATHOLOGICAL_PAGES_H_
#define ZHENGWEN_TESTS_NORMALIZATION_HTML_PATHOLOGICAL_PAGES_H_

#include <string>

#include "absl/strings/str_cat.h"

namespace zhengwen::testing {

inline std::string Repeat(const std::string& s, int n) {
  std::string out;
  out.reserve(s.size() * n);
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

inline const char kDeepBody[] =
    "<p>这是一段正文内容，用来检查页面在极深的嵌套之后是否还能得到文档。它有足够长的句子。</p>";

// 100,000 nested <div>, closed, around one paragraph.
inline std::string ClosedNestedDivs() {
  return absl::StrCat("<html><body>", Repeat("<div>", 100000), kDeepBody,
                      Repeat("</div>", 100000), "</body></html>");
}
// 100,000 nested <div>, never closed, before the paragraph.
inline std::string UnclosedNestedDivs() {
  return absl::StrCat("<html><body>", Repeat("<div>", 100000), kDeepBody);
}
// The same nesting with no text anywhere.
inline std::string EmptyNestedDivs() {
  return absl::StrCat("<html><body>", Repeat("<div>", 100000), Repeat("</div>", 100000));
}
// 1,000,000 unclosed tags after the paragraph: formatting ones nest, list items
// close each other.
inline std::string MillionUnclosedTags(const std::string& tag) {
  return absl::StrCat("<html><body>", kDeepBody, Repeat(tag, 1000000));
}
// One start tag with 200,000 attributes, then many tags with duplicates.
inline std::string AttributeFlood() {
  std::string attrs;
  for (int i = 0; i < 200000; ++i) absl::StrAppend(&attrs, " a", i, "=\"1\"");
  return absl::StrCat("<html><body><div", attrs, ">", kDeepBody,
                      Repeat("<span b=1 b=1 b=1 b=1 b=1>x</span>", 20000), "</div></body></html>");
}

}  // namespace zhengwen::testing

#endif  // ZHENGWEN_TESTS_NORMALIZATION_HTML_PATHOLOGICAL_PAGES_H_
