#include "services/normalization/boilerplate.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/text/utf8.h"

namespace zhengwen::normalization {
namespace {

// Metadata lines are short; longer lines are not searched for a date.
constexpr int kMaxDateLineLength = 120;
// Body text is a kept line that ends a sentence, or a long one with clause
// punctuation (titles and link lists have neither). Only after body text may
// an end-of-page marker ("相关阅读:") end the body.
constexpr int kMinClauseLineLength = 16;

bool IsBodyText(absl::string_view line, int length) {
  bool clause = false;
  for (size_t pos = 0; pos < line.size();) {
    const char32_t cp = DecodeUtf8(line, &pos);
    if (cp == U'。' || cp == '!' || cp == '?') return true;
    clause = clause || cp == ',' || cp == ';' || cp == U'、';
  }
  return clause && length >= kMinClauseLineLength;
}

std::string IntroTitle(const RuleSet& rules, absl::string_view line) {
  for (const Rule* rule : rules.OfKind(RuleKind::kIntroTitle)) {
    re2::StringPiece title;
    if (RE2::PartialMatch(re2::StringPiece(line.data(), line.size()), *rule->pattern, &title) &&
        !title.empty()) {
      return std::string(title.data(), title.size());
    }
  }
  return "";
}

}  // namespace

std::string FindPublishedDate(const RuleSet& rules, absl::string_view line) {
  for (const Rule* rule : rules.OfKind(RuleKind::kPublishedDate)) {
    int year = 0;
    int month = 0;
    int day = 0;
    if (!RE2::PartialMatch(re2::StringPiece(line.data(), line.size()), *rule->pattern, &year,
                           &month, &day)) {
      continue;
    }
    if (year < 1900 || year > 2100 || month < 1 || month > 12 || day < 1 || day > 31) continue;
    return absl::StrFormat("%04d-%02d-%02d", year, month, day);
  }
  return "";
}

BoilerplateFindings ClassifyBoilerplate(const RuleSet& rules, PageLines* lines, EditLog* log) {
  BoilerplateFindings findings;
  const Rule* tail_rule = nullptr;
  bool body_text_seen = false;
  for (PageLine& line : *lines) {
    if (line.state != LineState::kBody) continue;
    if (line.text.empty()) {
      line.state = LineState::kDropped;
      continue;
    }
    ++findings.content_lines;
    const int length = CodePointCount(line.text);
    if (findings.published_at.empty() && length <= kMaxDateLineLength) {
      findings.published_at = FindPublishedDate(rules, line.text);
    }
    const Rule* rule = tail_rule;
    if (rule == nullptr) {
      rule = rules.ClassifyLine(line.text, length);
      if (rule == nullptr) {
        body_text_seen = body_text_seen || IsBodyText(line.text, length);
        continue;
      }
      // Before any body text (a sidebar list above the article, a page that
      // opens with "展开阅读全文") the marker drops its own line only.
      if (rule->tail && body_text_seen) tail_rule = rule;
      if (rule->kind == RuleKind::kEditorIntro && findings.intro_title.empty()) {
        findings.intro_title = IntroTitle(rules, line.text);
      }
      log->Add("boilerplate", rule->Label(), line.text, "", line.number);
    } else {
      // Everything after an end-of-page marker ("相关内容:") goes with it.
      log->Add("boilerplate", absl::StrCat(rule->Label(), ":after"), line.text, "", line.number);
    }
    line.state = LineState::kDropped;
    ++findings.boilerplate_lines;
  }
  return findings;
}

}  // namespace zhengwen::normalization
