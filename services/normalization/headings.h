// Headings of Chinese official speeches and reports: the numbering markers
// ("一、" "(一)" "1." "(1)" "①" "一是" "第一,"), their outline levels, and
// where a heading ends when it shares a line with the first body sentence.
// These are conventions of the language, not of a site, so they are code.
#ifndef ZHENGWEN_SERVICES_NORMALIZATION_HEADINGS_H_
#define ZHENGWEN_SERVICES_NORMALIZATION_HEADINGS_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace zhengwen::normalization {

enum class HeadingStyle {
  kNone,
  kChineseNumberComma,  // 一、      level 1
  kBareChineseNumber,   // 二“盯”…  level 1, a "、" left out (only after 一、)
  kParenChineseNumber,  // (一)     level 2
  kArabicNumber,        // 1、 1.   level 3
  kParenArabicNumber,   // (1)      level 4
  kCircledNumber,       // ①        level 5
  kEnumerative,         // 一是 一要 第一,  one level below the heading it follows
};

struct HeadingMarker {
  HeadingStyle style = HeadingStyle::kNone;
  int number = 0;
  // For kEnumerative: which word numbers the items ('是', '要' or '第'),
  // so "一是…二是…" and "第一,第二," are told apart when nested.
  char32_t variant = 0;
};

// The numbering marker `line` starts with, if any.
HeadingMarker MatchHeadingMarker(absl::string_view line);

// Fixed outline level of a style; 0 for kEnumerative (relative) and kNone.
int StyleLevel(HeadingStyle style);

struct HeadingSplit {
  // The heading without its closing punctuation: "(一)工作氛围日益浓厚".
  std::string heading;
  // The heading as a line of text: "(一)工作氛围日益浓厚。".
  std::string heading_line;
  // What followed on the same line: the first body sentence onward, or "".
  std::string rest;
};

// Where the heading of a marker line ends: at a space followed by a body
// paragraph ("…的成绩 今年以来,…"), else at its first sentence end
// ("(一)工作氛围日益浓厚。截止目前…"), else the whole line when it is short.
// False when the line is a long paragraph with no such end.
bool SplitHeading(absl::string_view line, HeadingSplit* split);

// Document-site previews run a whole speech into one line: "…我讲三点意见。
// 一、提高站位…。二、突出重点…". Splits such a line before each top-level
// marker ("一、" "(一)", or a bare "三 " that continues a "一、" sequence)
// that follows a sentence end, so each part starts a paragraph of its own.
// Lines without such markers come back whole.
std::vector<std::string> SplitRunOnLine(absl::string_view line);

}  // namespace zhengwen::normalization

#endif  // ZHENGWEN_SERVICES_NORMALIZATION_HEADINGS_H_
