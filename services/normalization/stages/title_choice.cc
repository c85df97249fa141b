#include "services/normalization/stages/title_choice.h"

#include <algorithm>

#include "common/text/line_features.h"
#include "common/text/utf8.h"
#include "re2/re2.h"

namespace zhengwen::normalization {
namespace {

// A headline has this many Han characters at least for full marks (a site
// name such as "励志" or "大国新村" has fewer).
constexpr double kFullHanCount = 10;
// Evidence weights. Recurring elsewhere at the top (title printed twice,
// breadcrumb, intro) is the strongest; a subtitle or date line after the
// line is a headline's company; each shape of site chrome costs.
constexpr double kRecursBonus = 3.0;
constexpr double kFollowedBonus = 1.5;
constexpr double kChromePenalty = 0.25;
constexpr double kSubtitlePenalty = 0.05;
constexpr double kPositionStep = 0.05;
// Share of the candidate's bigrams in the body's opening, weighted: a
// headline shares words with its text, a site name does not.
constexpr double kBodyShareWeight = 0.5;
// Recurrence needs this many code points (a two-character word recurs anywhere).
constexpr size_t kMinRecurring = 4;
constexpr size_t kMinContainedContext = 6;
// Body opening compared with a candidate, in code points.
constexpr size_t kBodyStart = 300;
// A headline wrapped onto a second line: the first is this long at least,
// the second at most this share of it.
constexpr size_t kMinWrappedHead = 10;
constexpr double kMaxWrappedTailShare = 0.6;
// The longer form of the chosen headline wins from this share of its score.
constexpr double kFullerFormShare = 0.5;
// A title segment is about the body when this share of its bigrams is in it.
constexpr double kBodyWordsShare = 0.5;
constexpr size_t kBodyWordsWindow = 1000;
// A date or author line after a headline is short; a body line with a date is not.
constexpr int kMaxMetaLine = 40;
// Digit runs this long are phone numbers or counters, not a headline's.
constexpr int kCounterDigits = 6;

std::u32string Canon(absl::string_view text) {
  std::u32string out;
  for (size_t pos = 0; pos < text.size();) {
    const char32_t cp = DecodeUtf8(text, &pos);
    if (cp == ' ' || cp == U'《' || cp == U'》') continue;
    out.push_back(cp);
  }
  return out;
}

bool IsClauseEnd(char32_t cp) {
  return cp == U'。' || cp == '!' || cp == '?' || cp == ':' || cp == ',' || cp == ';' ||
         cp == U'、';
}

bool IsAsciiDigit(char32_t cp) { return cp >= '0' && cp <= '9'; }

// Site chrome shapes: a menu or path (separators, several bracketed
// segments, several spaces), a line opening with punctuation (a path cut
// over two lines), a date, a link, a counter or phone number.
int ChromeShapes(const std::u32string& s, absl::string_view text) {
  int shapes = 0;
  int separators = 0;
  int brackets = 0;
  int spaces = 0;
  int digit_run = 0;
  bool counter = false;
  for (char32_t cp : s) {
    separators += cp == '|' || cp == U'｜' || cp == '>' || cp == U'»';
    brackets += cp == U'【' || cp == '[';
    spaces += cp == ' ';
    digit_run = IsAsciiDigit(cp) ? digit_run + 1 : 0;
    counter = counter || digit_run >= kCounterDigits;
  }
  if (separators > 0 || brackets >= 2 || spaces >= 2) ++shapes;
  if (!s.empty() && !IsHan(s.front()) && !IsAsciiDigit(s.front()) && s.front() != U'“' &&
      s.front() != U'《' && s.front() != U'【' && s.front() != '(' && s.front() != '"') {
    ++shapes;
  }
  const text::LineFeatureVector f = text::ComputeLineFeatures({text}).front();
  if (f[text::kDateTime] > 0 || f[text::kLinkLike] > 0 || counter) ++shapes;
  return shapes;
}

// "【篇一:…】", "…演讲稿 篇二": a compilation's part label names one piece,
// not the page.
bool HasPartLabel(absl::string_view text) {
  static const RE2 kLabel(
      "^【?(?:篇|第)(?:[一二三四五六七八九十]{1,3}|\\d{1,2})篇?[::】 ]|"
      "(?:篇|范文) ?(?:[一二三四五六七八九十]{1,3}|\\d{1,2})】?$");
  return RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), kLabel);
}

std::vector<uint64_t> Bigrams(const std::u32string& s) { return text::CharBigrams(s, s.size()); }

double BodyShare(const std::u32string& candidate, const std::vector<uint64_t>& body) {
  return text::BigramShare(Bigrams(candidate), body);
}

bool Contains(const std::u32string& hay, const std::u32string& needle) {
  return !needle.empty() && hay.find(needle) != std::u32string::npos;
}

struct Scorer {
  const std::vector<absl::string_view>& context;
  std::vector<std::u32string> canon_context;
  std::vector<uint64_t> body;

  // Lines of the context other than `own` (the candidate's own lines, by text).
  bool Recurs(const std::u32string& s, const std::vector<std::u32string>& own) const {
    if (s.size() < kMinRecurring) return false;
    size_t own_seen = 0;
    for (const std::u32string& line : canon_context) {
      if (own_seen < own.size() && std::find(own.begin(), own.end(), line) != own.end()) {
        ++own_seen;  // the candidate's own line, once
        continue;
      }
      if (Contains(line, s)) return true;
      if (line.size() >= kMinContainedContext && Contains(s, line)) return true;
    }
    return false;
  }

  double Score(absl::string_view text, const std::vector<std::u32string>& own,
               const HeaderCandidate& last, double probability, size_t position) const {
    const std::u32string s = Canon(text);
    int han = 0;
    for (char32_t cp : s) han += IsHan(cp) ? 1 : 0;
    // "各基层工会、全体职工代表:" announces what follows: an address, not a title.
    if (han < 2 || s.back() == ':') return 0;
    double score = std::min(1.0, han / kFullHanCount) * (1.0 - probability);
    if (IsSubtitleLine(text)) score *= kSubtitlePenalty;
    if (HasPartLabel(text)) score *= kChromePenalty;
    for (int k = ChromeShapes(s, text); k > 0; --k) score *= kChromePenalty;
    if (Recurs(s, own)) score *= kRecursBonus;
    if (IsSubtitleLine(last.next_line) ||
        (!last.next_line.empty() && CodePointCount(last.next_line) <= kMaxMetaLine &&
         ChromeShapes(Canon(last.next_line), last.next_line) > 0)) {
      score *= kFollowedBonus;
    }
    score *= 1.0 + kBodyShareWeight * BodyShare(s, body);
    score *= std::max(0.0, 1.0 - kPositionStep * static_cast<double>(position));
    return score;
  }
};

// `next` continues `head`: a headline wrapped onto a short second line.
bool Continues(const HeaderCandidate& head, const HeaderCandidate& next) {
  if (!head.adjacent_to_next || IsSubtitleLine(next.text)) return false;
  const std::u32string a = Canon(head.text);
  const std::u32string b = Canon(next.text);
  if (a.size() < kMinWrappedHead || IsClauseEnd(a.back())) return false;
  // "各区、各部门:" after a headline is its addressee, not its second line.
  if (b.empty() || IsClauseEnd(b.back())) return false;
  if (static_cast<double>(b.size()) > kMaxWrappedTailShare * static_cast<double>(a.size())) {
    return false;
  }
  int han = 0;
  for (char32_t cp : b) han += IsHan(cp) ? 1 : 0;
  return han >= 2 && ChromeShapes(b, next.text) == 0;
}

}  // namespace

bool SharesBodyWords(absl::string_view segment, absl::string_view body_start) {
  std::u32string body = Canon(body_start);
  if (body.size() > kBodyWordsWindow) body.resize(kBodyWordsWindow);
  std::u32string han;  // the words only, without the separator
  for (char32_t cp : Canon(segment)) {
    if (IsHan(cp)) han.push_back(cp);
  }
  return han.size() >= 2 && BodyShare(han, Bigrams(body)) >= kBodyWordsShare;
}

bool IsSubtitleLine(absl::string_view text) {
  size_t pos = 0;
  if (text.empty()) return false;
  const char32_t first = DecodeUtf8(text, &pos);
  if (first == U'—' || first == U'―') return true;
  // "--…", and "一一致…" (a dash typed as two 一).
  size_t next = pos;
  const char32_t second = next < text.size() ? DecodeUtf8(text, &next) : 0;
  return (first == '-' && second == '-') || (first == U'一' && second == U'一');
}

TitleChoice ChooseTitle(const std::vector<HeaderCandidate>& candidates,
                        const std::vector<absl::string_view>& context,
                        absl::string_view body_start) {
  Scorer scorer{context, {}, {}};
  for (absl::string_view line : context) scorer.canon_context.push_back(Canon(line));
  std::u32string body = Canon(body_start);
  if (body.size() > kBodyStart) body.resize(kBodyStart);
  scorer.body = Bigrams(body);

  std::vector<TitleChoice> choices;
  std::vector<double> scores;
  for (size_t k = 0; k < candidates.size(); ++k) {
    const HeaderCandidate& c = candidates[k];
    const bool joined = k + 1 < candidates.size() && Continues(c, candidates[k + 1]);
    std::string text = c.text;
    std::vector<std::u32string> own = {Canon(c.text)};
    if (joined) {
      text += candidates[k + 1].text;
      own.push_back(Canon(candidates[k + 1].text));
    }
    const HeaderCandidate& last = joined ? candidates[k + 1] : c;
    scores.push_back(scorer.Score(text, own, last, c.probability, k));
    choices.push_back({k, joined, std::move(text)});
  }
  size_t best = 0;
  for (size_t k = 1; k < choices.size(); ++k) {
    if (scores[k] > scores[best]) best = k;
  }
  // The fuller form of the same headline ("…通知(精选18篇)" over "…通知")
  // wins when it is nearly as likely: a title is never cut.
  const std::u32string chosen = Canon(choices[best].text);
  for (size_t k = 0; k < choices.size(); ++k) {
    const std::u32string other = Canon(choices[k].text);
    if (other.size() > chosen.size() && Contains(other, chosen) &&
        scores[k] >= kFullerFormShare * scores[best]) {
      best = k;
      break;
    }
  }
  return choices[best];
}

}  // namespace zhengwen::normalization
