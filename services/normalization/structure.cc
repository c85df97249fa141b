#include "services/normalization/structure.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "services/normalization/headings.h"
#include "services/normalization/speech_parts.h"
#include "common/text/utf8.h"

namespace zhengwen::normalization {
namespace {

using zhengwen::document::v1::Section;

// Header lines (titles) are short; an inline speech title before the
// salutation may be a little longer (it carries the date).
constexpr int kMaxHeaderLine = 60;
constexpr int kMaxInlineTitle = 80;
constexpr int kMaxHeaderNoise = 30;
// The title is one of the first header lines (a site line may come
// first); later ones are navigation.
constexpr size_t kMaxTitleCandidates = 2;
// A title made from the first body sentence is cut to this length.
constexpr int kMaxFallbackTitle = 30;

// A headline may hold a comma, '!' or '?' ("丹桂飘香启新程,师生聚首谱华章",
// "怎么写获奖感言?") when it is this short, has no 。/; and does not end by
// announcing what follows (":" — "…安排如下:" is the body's first sentence).
constexpr int kMaxPunctuatedTitle = 32;

// No sentence punctuation: a title, not a sentence.
bool TitleLike(absl::string_view text, int max_length) {
  int length = 0;
  bool clause_marks = false;
  char32_t last = 0;
  for (size_t pos = 0; pos < text.size();) {
    const char32_t cp = DecodeUtf8(text, &pos);
    if (cp == U'。' || cp == ';') return false;
    clause_marks = clause_marks || cp == ',' || cp == '!' || cp == '?';
    if (++length > max_length) return false;
    last = cp;
  }
  if (clause_marks && (length > kMaxPunctuatedTitle || last == ':' || last == ',')) return false;
  return length > 0;
}

std::string Trimmed(absl::string_view text) {
  return std::string(absl::StripAsciiWhitespace(text));
}

// The first clause of `text`, at most kMaxFallbackTitle characters.
std::string FallbackTitle(absl::string_view text) {
  std::string out;
  int length = 0;
  for (size_t pos = 0; pos < text.size() && length < kMaxFallbackTitle; ++length) {
    const size_t start = pos;
    const char32_t cp = DecodeUtf8(text, &pos);
    if (cp == U'。' || cp == ',' || cp == '!' || cp == '?' || cp == ';' || cp == ':' ||
        cp == '\n') {
      break;
    }
    out.append(text.data() + start, pos - start);
  }
  return out;
}

int HanCount(absl::string_view text, int enough) {
  int han = 0;
  for (size_t pos = 0; pos < text.size() && han < enough;) {
    han += IsHan(DecodeUtf8(text, &pos)) ? 1 : 0;
  }
  return han;
}

// A short line without words before the title, such as a date line.
bool IsHeaderNoise(absl::string_view text) {
  return HanCount(text, 2) < 2 && CodePointCount(text) <= kMaxHeaderNoise;
}

bool IsHeaderLine(const RuleSet& rules, absl::string_view text) {
  if (!TitleLike(text, kMaxHeaderLine)) return false;
  if (HanCount(text, 2) < 2) return false;  // a title has words
  if (MatchHeadingMarker(text).style != HeadingStyle::kNone) return false;
  SalutationMatch salutation;
  return !FindSalutation(rules, text, &salutation);
}

// Accumulates the document text, one line at a time, with code point offsets.
class TextBuilder {
 public:
  void AddLine(absl::string_view line) {
    if (line.empty()) return;
    if (!text_.empty()) {
      text_.push_back('\n');
      ++length_;
    }
    text_.append(line.data(), line.size());
    length_ += CodePointCount(line);
    last_line_ = std::string(line);
  }
  // Offset (in code points) where the next line will start.
  int NextOffset() const { return text_.empty() ? 0 : length_ + 1; }
  const std::string& last_line() const { return last_line_; }
  std::string Take() { return std::move(text_); }

 private:
  std::string text_;
  std::string last_line_;
  int length_ = 0;
};

// Tracks heading levels. Numbered styles have fixed levels ("一、" 1,
// "(一)" 2, ...). Enumerations ("一是…", "第一,") sit below what precedes
// them: "一是" starts one level below the previous heading, and "二是" takes
// the level of its "一是" (the same word, else the shallowest earlier item).
class OutlineTracker {
 public:
  // Level for a heading with `marker`, or 0 when it should not be a heading.
  int LevelFor(const HeadingMarker& marker) const {
    switch (marker.style) {
      case HeadingStyle::kBareChineseNumber:
        // "二“盯”…" only continues a "一、" sequence.
        return last_chinese_number_ + 1 == marker.number ? 1 : 0;
      case HeadingStyle::kEnumerative:
        return EnumerationLevel(marker);
      default:
        return StyleLevel(marker.style);
    }
  }

  void Record(const HeadingMarker& marker, int level) {
    last_level_ = level;
    if (marker.style == HeadingStyle::kChineseNumberComma ||
        marker.style == HeadingStyle::kBareChineseNumber) {
      last_chinese_number_ = marker.number;
    }
    if (marker.style == HeadingStyle::kEnumerative) {
      items_.push_back({level, marker.number, marker.variant});
      return;
    }
    last_fixed_level_ = level;
    // Enumerations nested deeper than this heading are closed.
    items_.erase(std::remove_if(items_.begin(), items_.end(),
                                [level](const Item& item) { return item.level > level; }),
                 items_.end());
  }

 private:
  struct Item {
    int level;
    int number;
    char32_t variant;
  };

  int EnumerationLevel(const HeadingMarker& marker) const {
    if (marker.number == 1) return last_level_ + 1;
    for (auto it = items_.rbegin(); it != items_.rend(); ++it) {
      if (it->variant == marker.variant && it->number == marker.number - 1) return it->level;
    }
    int shallowest = 0;
    for (const Item& item : items_) {
      if (item.number == marker.number - 1 && (shallowest == 0 || item.level < shallowest)) {
        shallowest = item.level;
      }
    }
    return shallowest > 0 ? shallowest : last_fixed_level_ + 1;
  }

  int last_chinese_number_ = 0;
  int last_fixed_level_ = 0;
  int last_level_ = 0;
  std::vector<Item> items_;
};

}  // namespace

std::string CleanTitle(const RuleSet& rules, absl::string_view title) {
  std::string out = Trimmed(title);
  for (int round = 0; round < 3; ++round) {
    bool changed = false;
    for (const Rule* rule : rules.OfKind(RuleKind::kTitleSuffix)) {
      std::string candidate = out;
      if (RE2::Replace(&candidate, *rule->pattern, "") && !Trimmed(candidate).empty()) {
        out = Trimmed(candidate);
        changed = true;
      }
    }
    if (!changed) break;
  }
  return out;
}

std::string ConsumeHeader(const RuleSet& rules, PageLines* lines, size_t begin, size_t end,
                          EditLog* log) {
  std::vector<size_t> header;
  bool body_follows = false;
  for (size_t i = begin; i < end; ++i) {
    PageLine& line = (*lines)[i];
    if (line.state != LineState::kBody) continue;
    if (header.empty() && IsHeaderNoise(line.text)) {
      log->Add("structure", "header_noise", line.text, "", line.number);
      line.state = LineState::kDropped;
      continue;
    }
    if (!IsHeaderLine(rules, line.text)) {
      body_follows = true;
      break;
    }
    header.push_back(i);
  }
  if (header.empty()) return "";
  // A page of short lines only ("标题\n正文"): the first is the title and the
  // rest is the text; a single line is both.
  if (!body_follows) header.resize(1);
  // Of several header lines (site name, title, date line), the title has
  // the most words the line classifier believes are body.
  auto title_score = [&](size_t i) {
    const PageLine& line = (*lines)[i];
    return HanCount(line.text, kMaxHeaderLine) * (1.0 - line.boilerplate_probability);
  };
  size_t best = header.front();
  for (size_t k = 1; k < header.size() && k < kMaxTitleCandidates; ++k) {
    if (title_score(header[k]) > title_score(best)) best = header[k];
  }
  const std::string title = CleanTitle(rules, (*lines)[best].text);
  if (!body_follows && header.size() == 1 &&
      std::none_of(lines->begin() + static_cast<long>(header.front()) + 1,
                   lines->begin() + static_cast<long>(end),
                   [](const PageLine& l) { return l.state == LineState::kBody; })) {
    return title;
  }
  for (size_t k = 0; k < header.size(); ++k) {
    PageLine& line = (*lines)[header[k]];
    log->Add("structure", k == 0 ? "title_line" : "header_line", line.text, "", line.number);
    line.state = LineState::kDropped;
  }
  return title;
}

StructuredDocument BuildStructure(const RuleSet& rules, PageLines* lines, const DocumentPart& part,
                                  absl::string_view page_title, absl::string_view intro_title,
                                  EditLog* log) {
  StructuredDocument doc;
  if (!part.marker.empty()) doc.title = CleanTitle(rules, part.marker);
  const std::string header_title = ConsumeHeader(rules, lines, part.begin, part.end, log);
  if (doc.title.empty()) doc.title = header_title;

  std::vector<const PageLine*> body;
  for (size_t i = part.begin; i < part.end; ++i) {
    if ((*lines)[i].state == LineState::kBody) body.push_back(&(*lines)[i]);
  }
  if (!body.empty()) {
    doc.first_line = body.front()->number;
    doc.last_line = body.back()->number;
  }

  TextBuilder text;
  OutlineTracker outline;
  // Lines still to place; the first may be split into title, salutation and rest.
  struct Pending {
    std::string text;
    int line;
    // Cut out of a run-on line: where its heading ends cannot be told
    // ("一、提高站位…新要求过去一年,…"), so it is a paragraph, not a heading.
    bool run_on;
  };
  std::vector<Pending> pending;
  for (const PageLine* line : body) {
    std::vector<std::string> pieces = SplitRunOnLine(line->text);
    for (size_t k = 0; k < pieces.size(); ++k) {
      pending.push_back({std::move(pieces[k]), line->number, k > 0});
    }
  }

  // Salutation: on the first body line, or the second after a short line (a date).
  for (size_t k = 0; k < pending.size() && k < 2; ++k) {
    std::string& line = pending[k].text;
    SalutationMatch salutation;
    if (!FindSalutation(rules, line, &salutation)) {
      if (!TitleLike(line, kMaxHeaderLine)) break;
      continue;
    }
    if (salutation.begin > 0) {
      const std::string prefix = Trimmed(absl::string_view(line).substr(0, salutation.begin));
      if (!TitleLike(prefix, kMaxInlineTitle)) break;
      // "在…上的讲话(*年9月22日)同志们:": the speech's own title line.
      log->Add("structure", "inline_title", prefix, "", pending[k].line);
      if (doc.title.empty()) doc.title = CleanTitle(rules, prefix);
      line.erase(0, salutation.begin);
      salutation.end -= salutation.begin;
      salutation.begin = 0;
    }
    doc.salutation = line.substr(0, salutation.end);
    std::string rest = Trimmed(absl::string_view(line).substr(salutation.end));
    line = doc.salutation;
    if (!rest.empty()) {
      pending.insert(pending.begin() + static_cast<long>(k) + 1,
                     Pending{std::move(rest), pending[k].line, false});
    }
    break;
  }

  for (const Pending& piece : pending) {
    const std::string& line = piece.text;
    const HeadingMarker marker = piece.run_on ? HeadingMarker{} : MatchHeadingMarker(line);
    const int level = marker.style == HeadingStyle::kNone ? 0 : outline.LevelFor(marker);
    HeadingSplit split;
    if (level > 0 && SplitHeading(line, &split)) {
      Section section;
      section.set_level(level);
      section.set_heading(split.heading);
      section.set_offset(text.NextOffset());
      doc.sections.push_back(std::move(section));
      outline.Record(marker, level);
      text.AddLine(split.heading_line);
      text.AddLine(split.rest);
      continue;
    }
    text.AddLine(line);
  }
  doc.closing = FindClosing(rules, text.last_line());
  doc.text = text.Take();
  if (doc.title.empty()) doc.title = std::string(page_title);
  if (doc.title.empty()) doc.title = CleanTitle(rules, intro_title);
  if (doc.title.empty()) doc.title = FallbackTitle(doc.text);
  return doc;
}

}  // namespace zhengwen::normalization
