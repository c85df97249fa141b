#include "services/normalization/headings.h"

#include <vector>

#include "re2/re2.h"
#include "services/normalization/compilation_split.h"
#include "common/text/utf8.h"

namespace zhengwen::normalization {
namespace {

// Headings are short; a "heading" longer than this is a paragraph.
constexpr int kMaxHeading = 80;
// Body text after a space must look like a paragraph for the space to end the heading.
constexpr int kMinParagraphAfterSpace = 40;

bool IsSentenceEnd(char32_t cp) { return cp == U'。' || cp == '!' || cp == '?'; }

bool IsChineseDigit(char32_t cp) {
  static constexpr char32_t kDigits[] = U"一二三四五六七八九十";
  for (char32_t d : kDigits) {
    if (d != 0 && cp == d) return true;
  }
  return false;
}

int NumberOf(absl::string_view text) {
  if (!text.empty() && text[0] >= '0' && text[0] <= '9') {
    int value = 0;
    for (char c : text) value = value * 10 + (c - '0');
    return value;
  }
  return ParseChineseNumber(text);
}

}  // namespace

HeadingMarker MatchHeadingMarker(absl::string_view line) {
  static const RE2 kChineseComma("^([一二三四五六七八九十]{1,3})、");
  static const RE2 kEnumerative("^([一二三四五六七八九十]{1,3})(是|要)");
  static const RE2 kOrdinal("^第([一二三四五六七八九十]{1,3})[,、:]");
  static const RE2 kBare("^([二三四五六七八九十]{1,3})(?: |“|\"|《)");
  static const RE2 kParenChinese("^\\(([一二三四五六七八九十]{1,3})\\)");
  static const RE2 kArabic("^(\\d{1,2})(?:、|\\.[^0-9]|．)");
  static const RE2 kParenArabic("^\\((\\d{1,2})\\)");
  static const RE2 kCircled("^[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳]");
  const re2::StringPiece input(line.data(), line.size());
  re2::StringPiece number;
  re2::StringPiece word;
  HeadingMarker marker;
  auto set = [&](HeadingStyle style, re2::StringPiece digits) {
    marker.style = style;
    marker.number = NumberOf(absl::string_view(digits.data(), digits.size()));
  };
  if (RE2::PartialMatch(input, kChineseComma, &number)) {
    set(HeadingStyle::kChineseNumberComma, number);
  } else if (RE2::PartialMatch(input, kEnumerative, &number, &word)) {
    set(HeadingStyle::kEnumerative, number);
    size_t pos = 0;
    marker.variant = DecodeUtf8(absl::string_view(word.data(), word.size()), &pos);
  } else if (RE2::PartialMatch(input, kOrdinal, &number)) {
    set(HeadingStyle::kEnumerative, number);
    marker.variant = U'第';
  } else if (RE2::PartialMatch(input, kParenChinese, &number)) {
    set(HeadingStyle::kParenChineseNumber, number);
  } else if (RE2::PartialMatch(input, kParenArabic, &number)) {
    set(HeadingStyle::kParenArabicNumber, number);
  } else if (RE2::PartialMatch(input, kArabic, &number)) {
    set(HeadingStyle::kArabicNumber, number);
  } else if (RE2::PartialMatch(input, kCircled)) {
    size_t pos = 0;
    marker.style = HeadingStyle::kCircledNumber;
    marker.number = static_cast<int>(DecodeUtf8(line, &pos) - U'①') + 1;
  } else if (RE2::PartialMatch(input, kBare, &number)) {
    set(HeadingStyle::kBareChineseNumber, number);
  }
  if (marker.number <= 0) marker.style = HeadingStyle::kNone;
  return marker;
}

int StyleLevel(HeadingStyle style) {
  switch (style) {
    case HeadingStyle::kChineseNumberComma:
    case HeadingStyle::kBareChineseNumber:
      return 1;
    case HeadingStyle::kParenChineseNumber:
      return 2;
    case HeadingStyle::kArabicNumber:
      return 3;
    case HeadingStyle::kParenArabicNumber:
      return 4;
    case HeadingStyle::kCircledNumber:
      return 5;
    default:
      return 0;
  }
}

bool SplitHeading(absl::string_view line, HeadingSplit* split) {
  std::vector<size_t> offsets;
  std::vector<char32_t> cps;
  for (size_t pos = 0; pos < line.size();) {
    offsets.push_back(pos);
    cps.push_back(DecodeUtf8(line, &pos));
  }
  offsets.push_back(line.size());
  const int n = static_cast<int>(cps.size());
  int first_space = -1;
  int first_end = -1;
  for (int i = 0; i < n; ++i) {
    if (cps[i] == ' ' && first_space < 0 && i >= 4) first_space = i;  // not right after the marker
    if (IsSentenceEnd(cps[i]) && first_end < 0) first_end = i;
  }
  // A space before any sentence end, followed by a paragraph.
  if (first_space >= 0 && first_space <= kMaxHeading &&
      (first_end < 0 || first_space < first_end)) {
    const absl::string_view rest = line.substr(offsets[first_space + 1]);
    const bool paragraph_follows = (first_end >= 0 && first_end > first_space + 1) ||
                                   CodePointCount(rest) >= kMinParagraphAfterSpace;
    if (paragraph_follows) {
      split->heading = std::string(line.substr(0, offsets[first_space]));
      split->heading_line = split->heading;
      split->rest = std::string(rest);
      return true;
    }
  }
  if (first_end >= 1 && first_end <= kMaxHeading) {
    split->heading = std::string(line.substr(0, offsets[first_end]));
    split->heading_line = std::string(line.substr(0, offsets[first_end + 1]));
    absl::string_view rest = line.substr(offsets[first_end + 1]);
    while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
    split->rest = std::string(rest);
    return true;
  }
  if (first_end < 0 && n <= kMaxHeading) {
    int end = n;
    while (end > 0 && (cps[end - 1] == ':' || cps[end - 1] == ',' || cps[end - 1] == ';')) --end;
    split->heading = std::string(line.substr(0, offsets[end]));
    split->heading_line = std::string(line);
    split->rest.clear();
    return true;
  }
  return false;
}

std::vector<std::string> SplitRunOnLine(absl::string_view line) {
  std::vector<std::string> parts;
  size_t part_start = 0;
  int last_number = 0;  // of the current "一、" sequence
  size_t pos = 0;
  char32_t previous = 0;
  while (pos < line.size()) {
    const size_t here = pos;
    const char32_t cp = DecodeUtf8(line, &pos);
    if (here > part_start && IsSentenceEnd(previous) && (cp == '(' || IsChineseDigit(cp))) {
      const HeadingMarker marker = MatchHeadingMarker(line.substr(here));
      bool split = false;
      if (marker.style == HeadingStyle::kChineseNumberComma) {
        split = marker.number == 1 || marker.number == last_number + 1;
        if (split) last_number = marker.number;
      } else if (marker.style == HeadingStyle::kBareChineseNumber) {
        split = last_number > 0 && marker.number == last_number + 1;
        if (split) last_number = marker.number;
      } else if (marker.style == HeadingStyle::kParenChineseNumber) {
        split = true;
      }
      if (split) {
        parts.emplace_back(line.substr(part_start, here - part_start));
        part_start = here;
      }
    }
    previous = cp;
  }
  parts.emplace_back(line.substr(part_start));
  return parts;
}

}  // namespace zhengwen::normalization
