#include "services/normalization/speech_parts.h"

#include <algorithm>
#include <vector>

#include "common/text/utf8.h"

namespace zhengwen::normalization {
namespace {

// A salutation is short: the line's first ':' must come this early.
constexpr int kMaxSalutationPrefix = 60;
// An item joined to the address words by '、' ("xx局长、") is at most this long.
constexpr int kMaxAddressItem = 15;
constexpr int kMaxClosing = 40;

bool IsSentenceEnd(char32_t cp) {
  return cp == U'。' || cp == U'!' || cp == U'?' || cp == U';' || cp == U'！' || cp == U'？' ||
         cp == U'；';
}

}  // namespace

bool FindSalutation(const RuleSet& rules, absl::string_view line, SalutationMatch* match) {
  std::vector<char32_t> cps;
  std::vector<size_t> offsets;  // offsets[i]: where cps[i] starts; one extra entry at the end
  size_t pos = 0;
  while (pos < line.size() && static_cast<int>(cps.size()) <= kMaxSalutationPrefix) {
    offsets.push_back(pos);
    cps.push_back(DecodeUtf8(line, &pos));
  }
  offsets.push_back(pos);
  // The end: the first ':' or the '!' of "...好!".
  int end = -1;
  for (int i = 0; i < static_cast<int>(cps.size()); ++i) {
    const char32_t cp = cps[i];
    if (cp == ':' || cp == U'：' || ((cp == '!' || cp == U'！') && i > 0 && cps[i - 1] == U'好')) {
      end = i;
      break;
    }
    if (IsSentenceEnd(cp)) return false;
  }
  if (end <= 0) return false;
  const absl::string_view segment = line.substr(0, offsets[end]);
  size_t earliest = absl::string_view::npos;
  for (const Rule* rule : rules.OfKind(RuleKind::kSalutation)) {
    re2::StringPiece found;
    if (rule->pattern->Match(re2::StringPiece(segment.data(), segment.size()), 0, segment.size(),
                             RE2::UNANCHORED, &found, 1)) {
      earliest = std::min(earliest, static_cast<size_t>(found.data() - segment.data()));
    }
  }
  if (earliest == absl::string_view::npos) return false;
  int start = 0;
  while (start < end && offsets[start] < earliest) ++start;
  // Extend back over "item、" pieces that belong to the address.
  auto is_separator = [](char32_t c) { return c == U'、' || c == ','; };
  while (start > 0 && is_separator(cps[start - 1])) {
    const int separator = start - 1;
    int item = separator;
    while (item > 0 && !is_separator(cps[item - 1]) && separator - item < kMaxAddressItem) {
      const char32_t c = cps[item - 1];
      if (c == '(' || c == ')' || c == U'“' || c == U'”' || c == U'》') break;
      --item;
    }
    if (item == separator || (item > 0 && !is_separator(cps[item - 1]))) break;
    start = item;
  }
  match->begin = offsets[start];
  match->end = offsets[end + 1];
  return true;
}

std::string FindClosing(const RuleSet& rules, absl::string_view line) {
  size_t earliest = absl::string_view::npos;
  for (const Rule* rule : rules.OfKind(RuleKind::kClosing)) {
    re2::StringPiece found;
    if (rule->pattern->Match(re2::StringPiece(line.data(), line.size()), 0, line.size(),
                             RE2::UNANCHORED, &found, 1)) {
      earliest = std::min(earliest, static_cast<size_t>(found.data() - line.data()));
    }
  }
  if (earliest == absl::string_view::npos) return "";
  // Back to the start of the sentence the phrase is in.
  size_t start = 0;
  for (size_t pos = 0; pos < earliest;) {
    const char32_t cp = DecodeUtf8(line, &pos);
    if (IsSentenceEnd(cp) && pos <= earliest) start = pos;
  }
  const absl::string_view closing = line.substr(start);
  if (CodePointCount(closing) > kMaxClosing) return "";
  return std::string(closing);
}

}  // namespace zhengwen::normalization
