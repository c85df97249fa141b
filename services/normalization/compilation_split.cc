#include "services/normalization/compilation_split.h"

#include <algorithm>

#include "re2/re2.h"
#include "services/normalization/speech_parts.h"
#include "common/text/utf8.h"

namespace zhengwen::normalization {
namespace {

enum Style { kPian = 0, kParen = 1, kBareParen = 2, kPianPrefix = 3, kStyleCount = 4 };

constexpr const char* kStyleNames[kStyleCount] = {"numbered_pian", "title_paren_number",
                                                  "bare_paren_number", "pian_prefix"};

struct Marker {
  size_t index = 0;
  int number = 0;
};

int ParseNumber(absl::string_view text) {
  if (!text.empty() && text[0] >= '0' && text[0] <= '9') {
    int value = 0;
    for (char c : text) value = value * 10 + (c - '0');
    return value;
  }
  return ParseChineseNumber(text);
}

// The title before a marker is a title: no sentence punctuation in it.
bool TitleLike(absl::string_view prefix) {
  for (size_t pos = 0; pos < prefix.size();) {
    const char32_t cp = DecodeUtf8(prefix, &pos);
    if (cp == U'。' || cp == ',' || cp == '!' || cp == '?' || cp == ';' || cp == ':') {
      return false;
    }
  }
  return true;
}

// "篇一:…", "【篇2】…", "第三篇 …", "范文四:…": a numbered part label at the
// start of a short title line; `digits` gets the number.
bool PianPrefix(absl::string_view text, re2::StringPiece* digits) {
  static const RE2 kPianFirst(
      "^(?:篇|范文)([一二三四五六七八九十]{1,3}|\\d{1,2})(?:[::] ?| |$)(.{0,60})$");
  static const RE2 kOrdinalPian(
      "^第([一二三四五六七八九十]{1,3}|\\d{1,2})篇(?:[::] ?| |$)(.{0,60})$");
  static const RE2 kBracketed(
      "^【(?:篇|范文|第)?([一二三四五六七八九十]{1,3}|\\d{1,2})篇?】[::]? ?(.{0,60})$");
  const re2::StringPiece input(text.data(), text.size());
  re2::StringPiece rest;
  if (!RE2::FullMatch(input, kPianFirst, digits, &rest) &&
      !RE2::FullMatch(input, kOrdinalPian, digits, &rest) &&
      !RE2::FullMatch(input, kBracketed, digits, &rest)) {
    return false;
  }
  return TitleLike(absl::string_view(rest.data(), rest.size()));
}

// Style and number of a marker line, or false.
bool ParseMarker(absl::string_view text, Style* style, int* number) {
  static const RE2 kPianMarker(
      "^(.{0,60}?) ?(?:篇|范文) ?(\\d{1,2}|[一二三四五六七八九十]{1,3}):?$");
  static const RE2 kParenMarker("^([^(]{1,60}?)\\(([一二三四五六七八九十]{1,3})\\):?$");
  static const RE2 kBareMarker("^\\(([一二三四五六七八九十]{1,3})\\)$");
  const re2::StringPiece input(text.data(), text.size());
  re2::StringPiece prefix;
  re2::StringPiece digits;
  if (RE2::FullMatch(input, kPianMarker, &prefix, &digits) &&
      TitleLike(absl::string_view(prefix.data(), prefix.size()))) {
    *style = kPian;
  } else if (RE2::FullMatch(input, kParenMarker, &prefix, &digits) &&
             TitleLike(absl::string_view(prefix.data(), prefix.size()))) {
    *style = kParen;
  } else if (RE2::FullMatch(input, kBareMarker, &digits)) {
    *style = kBareParen;
  } else if (PianPrefix(text, &digits)) {
    *style = kPianPrefix;
  } else {
    return false;
  }
  *number = ParseNumber(absl::string_view(digits.data(), digits.size()));
  return *number > 0;
}

}  // namespace

int ParseChineseNumber(absl::string_view text) {
  static constexpr char32_t kDigits[] = U"零一二三四五六七八九";
  auto digit = [](char32_t cp) {
    for (int d = 0; d < 10; ++d) {
      if (kDigits[d] == cp) return d;
    }
    return -1;
  };
  std::vector<char32_t> cps;
  for (size_t pos = 0; pos < text.size();) cps.push_back(DecodeUtf8(text, &pos));
  if (cps.empty() || cps.size() > 3) return 0;
  if (cps.size() == 1) return cps[0] == U'十' ? 10 : std::max(0, digit(cps[0]));
  int tens = 0;
  size_t i = 0;
  if (cps[0] == U'十') {
    tens = 1;
    i = 1;
  } else if (cps.size() >= 2 && cps[1] == U'十' && digit(cps[0]) > 0) {
    tens = digit(cps[0]);
    i = 2;
  } else {
    return 0;
  }
  if (i == cps.size()) return tens * 10;
  if (i + 1 != cps.size()) return 0;
  const int ones = digit(cps[i]);
  return ones > 0 ? tens * 10 + ones : 0;
}

std::vector<DocumentPart> SplitCompilation(const RuleSet& rules, PageLines* lines, EditLog* log) {
  std::vector<size_t> body;
  for (size_t i = 0; i < lines->size(); ++i) {
    if ((*lines)[i].state == LineState::kBody) body.push_back(i);
  }
  std::vector<Marker> markers[kStyleCount];
  for (size_t k = 0; k < body.size(); ++k) {
    const std::string& text = (*lines)[body[k]].text;
    Style style;
    int number = 0;
    if (!ParseMarker(text, &style, &number)) continue;
    if (style == kBareParen) {
      // "(一)" alone opens a speech only when a salutation follows it.
      SalutationMatch salutation;
      if (k + 1 >= body.size() || !FindSalutation(rules, (*lines)[body[k + 1]].text, &salutation) ||
          salutation.begin != 0) {
        continue;
      }
    }
    markers[style].push_back({body[k], number});
  }
  // The style whose markers count up from 1 the furthest.
  std::vector<Marker> chosen;
  int chosen_style = -1;
  for (int style = 0; style < kStyleCount; ++style) {
    std::vector<Marker> sequence;
    for (const Marker& marker : markers[style]) {
      if (marker.number == static_cast<int>(sequence.size()) + 1) sequence.push_back(marker);
    }
    if (sequence.size() >= 2 && sequence.size() > chosen.size()) {
      chosen = std::move(sequence);
      chosen_style = style;
    }
  }
  std::vector<DocumentPart> parts;
  if (chosen.empty()) {
    parts.push_back({0, lines->size(), ""});
    return parts;
  }
  for (size_t m = 0; m < chosen.size(); ++m) {
    PageLine& marker_line = (*lines)[chosen[m].index];
    DocumentPart part;
    part.begin = chosen[m].index + 1;
    part.end = m + 1 < chosen.size() ? chosen[m + 1].index : lines->size();
    part.marker = marker_line.text;
    log->Add("split", kStyleNames[chosen_style], marker_line.text, "", marker_line.number);
    marker_line.state = LineState::kDropped;
    parts.push_back(std::move(part));
  }
  return parts;
}

}  // namespace zhengwen::normalization
