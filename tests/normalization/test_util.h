// Helpers shared by the normalization unit tests: the built-in rules, page
// lines from a text, and the edits a stage logged.
#ifndef ZHENGWEN_TESTS_NORMALIZATION_TEST_UTIL_H_
#define ZHENGWEN_TESTS_NORMALIZATION_TEST_UTIL_H_

#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "gtest/gtest.h"
#include "services/normalization/edit_log.h"
#include "services/normalization/page_line.h"
#include "services/normalization/rules.h"

namespace zhengwen::normalization::testing {

// The built-in rules (rules/default_rules.txt as embedded).
inline const RuleSet& DefaultRules() {
  static const RuleSet* const rules = [] {
    auto loaded = RuleSet::Load("", false);
    EXPECT_TRUE(loaded.ok()) << loaded.status();
    return loaded.ok() ? loaded->release() : nullptr;
  }();
  return *rules;
}

// One PageLine per '\n'-separated line, numbered from 1, all kBody.
inline PageLines LinesOf(const std::string& text) {
  PageLines lines;
  int number = 0;
  for (absl::string_view piece : absl::StrSplit(text, '\n')) {
    PageLine line;
    line.text = std::string(piece);
    line.number = ++number;
    lines.push_back(std::move(line));
  }
  return lines;
}

// Texts of the lines still in the body, in order.
inline std::vector<std::string> BodyOf(const PageLines& lines) {
  std::vector<std::string> body;
  for (const PageLine& line : lines) {
    if (line.state == LineState::kBody) body.push_back(line.text);
  }
  return body;
}

// "stage/rule" of every edit, in order.
inline std::vector<std::string> RulesOf(const EditLog& log) {
  std::vector<std::string> rules;
  for (const auto& edit : log.edits()) rules.push_back(edit.stage() + "/" + edit.rule());
  return rules;
}

}  // namespace zhengwen::normalization::testing

#endif  // ZHENGWEN_TESTS_NORMALIZATION_TEST_UTIL_H_
