#include "services/normalization/placeholders.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "common/text/utf8.h"

namespace zhengwen::normalization {
namespace {

struct Span {
  size_t begin = 0;
  size_t end = 0;
  const Rule* rule = nullptr;
};

bool IsAsciiLetterAt(absl::string_view text, size_t pos) {
  return pos < text.size() && absl::ascii_isalpha(static_cast<unsigned char>(text[pos]));
}

}  // namespace

std::vector<zhengwen::document::v1::Placeholder> FindPlaceholders(const RuleSet& rules,
                                                                  absl::string_view text) {
  std::vector<Span> spans;
  const re2::StringPiece input(text.data(), text.size());
  for (const Rule* rule : rules.OfKind(RuleKind::kPlaceholder)) {
    size_t pos = 0;
    re2::StringPiece match;
    while (pos < text.size() &&
           rule->pattern->Match(input, pos, text.size(), RE2::UNANCHORED, &match, 1)) {
      const size_t begin = static_cast<size_t>(match.data() - text.data());
      const size_t end = begin + match.size();
      if (match.empty()) {
        pos = begin + 1;
        continue;
      }
      pos = end;
      // "Xbox", "maxx": part of a Latin word, not a gap.
      if ((IsAsciiLetterAt(text, begin) && begin > 0 && IsAsciiLetterAt(text, begin - 1)) ||
          (IsAsciiLetterAt(text, end - 1) && IsAsciiLetterAt(text, end))) {
        continue;
      }
      spans.push_back({begin, end, rule});
    }
  }
  std::stable_sort(spans.begin(), spans.end(),
                   [](const Span& a, const Span& b) { return a.begin < b.begin; });
  std::vector<Span> merged;
  for (const Span& span : spans) {
    if (!merged.empty() && span.begin < merged.back().end) {
      merged.back().end = std::max(merged.back().end, span.end);
      continue;
    }
    merged.push_back(span);
  }
  std::vector<zhengwen::document::v1::Placeholder> out;
  out.reserve(merged.size());
  // Byte offsets to code point offsets, in one pass.
  size_t pos = 0;
  int code_points = 0;
  for (const Span& span : merged) {
    while (pos < span.begin) {
      DecodeUtf8(text, &pos);
      ++code_points;
    }
    zhengwen::document::v1::Placeholder placeholder;
    placeholder.set_offset(code_points);
    const absl::string_view matched = text.substr(span.begin, span.end - span.begin);
    placeholder.set_length(CodePointCount(matched));
    placeholder.set_text(std::string(matched));
    placeholder.set_rule(span.rule->Label());
    out.push_back(std::move(placeholder));
  }
  return out;
}

}  // namespace zhengwen::normalization
