#include "common/text/line_features.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <string_view>
#include <unordered_map>
#include <iterator>

#include "common/text/utf8.h"

namespace zhengwen::text {
namespace {

constexpr int kShortLine = 8;
// A prose line: this long, with at least one sentence or clause mark.
constexpr int kMinProseLength = 12;
// Lines whose bigrams are compared with each other (the page header).
constexpr int kTopLines = 5;
// Bigrams read per line for the likeness feature.
constexpr int kMaxBigramChars = 120;

constexpr absl::string_view kNames[kLineFeatureCount] = {
    "bias",          "log_length",       "short",           "cjk_share",
    "sentence_punct", "ends_sentence",   "function_chars",  "digit_share",
    "latin_share",   "symbol_share",     "space_share",     "digit_runs",
    "link_like",     "date_time",        "bracketed",        "position",        "in_body_region",
    "distance_to_body", "top_likeness",  "repeated",        "prose",
    "prev_prose",    "next_prose",       "neighbour_length",
};

bool IsSentenceMark(char32_t cp) {
  return cp == U'。' || cp == '!' || cp == '?' || cp == ';' || cp == ',' || cp == U'、' ||
         cp == ':' || cp == U'!' || cp == U'?' || cp == U',' || cp == U';' || cp == U':';
}

bool EndsSentence(char32_t cp) {
  return cp == U'。' || cp == '!' || cp == '?' || cp == U'”' || cp == U'…' || cp == U'!' ||
         cp == U'?' || cp == '"';
}

// Sorted, for binary search.
constexpr char32_t kFunctionCharList[] = {
    U'一', U'上', U'不', U'与', U'个', U'中', U'为', U'之', U'也', U'了', U'从', U'以',
    U'们', U'其', U'到', U'及', U'和', U'在', U'地', U'对', U'将', U'就', U'并', U'得',
    U'我', U'把', U'是', U'有', U'的', U'着', U'而', U'被', U'要', U'说', U'这', U'都'};

bool IsFunctionChar(char32_t cp) {
  return std::binary_search(std::begin(kFunctionCharList), std::end(kFunctionCharList), cp);
}

bool IsAsciiDigit(char32_t cp) { return cp >= '0' && cp <= '9'; }
bool IsAsciiLetter(char32_t cp) { return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z'); }
bool IsAsciiAlnum(char32_t cp) { return IsAsciiDigit(cp) || IsAsciiLetter(cp); }

// "abc.com", "x.gov.cn": a dot between an alphanumeric run and 2–4 letters.
bool HasDomainShape(const std::u32string& s) {
  for (size_t i = 1; i + 2 < s.size(); ++i) {
    if (s[i] != '.' || !IsAsciiAlnum(s[i - 1])) continue;
    size_t k = i + 1;
    while (k < s.size() && IsAsciiLetter(s[k])) ++k;
    const size_t letters = k - i - 1;
    if (letters >= 2 && letters <= 4 && (k == s.size() || !IsAsciiDigit(s[k]))) return true;
  }
  return false;
}

bool HasWord(const std::u32string& s, const std::u32string& word) {
  for (size_t i = 0; i + word.size() <= s.size(); ++i) {
    bool same = true;
    for (size_t k = 0; k < word.size() && same; ++k) {
      char32_t c = s[i + k];
      if (c >= 'A' && c <= 'Z') c += 'a' - 'A';
      same = c == word[k];
    }
    if (same) return true;
  }
  return false;
}

// 2023-04-10, 2023/4/10, 2023年4月, 04-10 12:04, 12:04:48: digit runs joined
// by date or time separators.
bool HasDateTimeShape(const std::u32string& s) {
  for (size_t i = 0; i < s.size(); ++i) {
    if (!IsAsciiDigit(s[i]) || (i > 0 && IsAsciiDigit(s[i - 1]))) continue;
    size_t k = i;
    while (k < s.size() && IsAsciiDigit(s[k])) ++k;
    const size_t run = k - i;
    if (k + 1 >= s.size() || run > 4) continue;
    const char32_t sep = s[k];
    const bool date_sep = sep == '-' || sep == '/' || sep == '.' || sep == U'年' || sep == U'月';
    const bool time_sep = sep == ':';
    if (!(date_sep || time_sep) || !IsAsciiDigit(s[k + 1])) continue;
    size_t m = k + 1;
    while (m < s.size() && IsAsciiDigit(s[m])) ++m;
    const size_t second = m - k - 1;
    if (time_sep && run <= 2 && second == 2) return true;
    if (date_sep && second <= 2 && (run == 4 || (run <= 2 && m < s.size() && s[m] == sep))) {
      return true;
    }
  }
  return false;
}

bool IsOpening(char32_t cp) {
  return cp == '(' || cp == '[' || cp == U'【' || cp == U'〔' || cp == U'《' || cp == U'「' ||
         cp == U'(' || cp == U'[';
}

bool IsClosing(char32_t cp) {
  return cp == ')' || cp == ']' || cp == U'】' || cp == U'〕' || cp == U'》' || cp == U'」' ||
         cp == U')' || cp == U']';
}

// One bracket pair around the whole line (a notice or a label, not a sentence).
bool IsBracketed(const std::u32string& s) {
  if (s.size() < 3 || !IsOpening(s.front()) || !IsClosing(s.back())) return false;
  for (size_t i = 1; i + 1 < s.size(); ++i) {
    if (IsClosing(s[i])) return false;
  }
  return true;
}

struct LineStats {
  std::u32string chars;
  int length = 0;
  int cjk = 0;
  int marks = 0;
  int function = 0;
  int digits = 0;
  int latin = 0;
  int symbols = 0;
  int spaces = 0;
  int digit_runs = 0;
  bool prose = false;
};

LineStats Measure(absl::string_view line) {
  LineStats st;
  for (size_t pos = 0; pos < line.size();) st.chars.push_back(DecodeUtf8(line, &pos));
  st.length = static_cast<int>(st.chars.size());
  for (size_t i = 0; i < st.chars.size(); ++i) {
    const char32_t cp = st.chars[i];
    if (IsCjkCodePoint(cp)) {
      ++st.cjk;
      st.function += IsFunctionChar(cp) ? 1 : 0;
    } else if (IsSentenceMark(cp)) {
      ++st.marks;
    } else if (IsAsciiDigit(cp)) {
      ++st.digits;
      if (i == 0 || !IsAsciiDigit(st.chars[i - 1])) ++st.digit_runs;
    } else if (IsAsciiLetter(cp)) {
      ++st.latin;
    } else if (cp == ' ') {
      ++st.spaces;
    } else {
      ++st.symbols;
    }
  }
  st.prose = st.length >= kMinProseLength && st.marks > 0;
  return st;
}

// What a line costs or earns the region that contains it.
double RegionValue(const LineStats& st) {
  return st.prose ? st.length : -(5.0 + st.length / 2.0);
}

LineRegion DensestRegion(const std::vector<LineStats>& stats) {
  LineRegion best;
  double best_sum = 0;
  double sum = 0;
  int start = 0;
  for (int i = 0; i < static_cast<int>(stats.size()); ++i) {
    if (sum <= 0) {
      sum = 0;
      start = i;
    }
    sum += RegionValue(stats[i]);
    if (sum > best_sum) {
      best_sum = sum;
      best = {start, i};
    }
  }
  return best;
}

// The distinct bigrams of the first kMaxBigramChars characters, sorted.
std::vector<uint64_t> Bigrams(const std::u32string& s) {
  std::vector<uint64_t> out;
  const size_t n = std::min<size_t>(s.size(), kMaxBigramChars);
  for (size_t i = 0; i + 1 < n; ++i) out.push_back((uint64_t{s[i]} << 32) | s[i + 1]);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

// Share of `mine` found in `other` (both sorted and distinct).
double Share(const std::vector<uint64_t>& mine, const std::vector<uint64_t>& other) {
  if (mine.empty()) return 0;
  int hits = 0;
  for (auto a = mine.begin(), b = other.begin(); a != mine.end() && b != other.end();) {
    if (*a < *b) {
      ++a;
    } else if (*b < *a) {
      ++b;
    } else {
      ++hits;
      ++a;
      ++b;
    }
  }
  return static_cast<double>(hits) / mine.size();
}

}  // namespace

absl::string_view LineFeatureName(int feature) {
  return feature >= 0 && feature < kLineFeatureCount ? kNames[feature] : "";
}

std::vector<LineFeatureVector> ComputeLineFeatures(const std::vector<absl::string_view>& lines,
                                                   LineRegion* region_out) {
  const int n = static_cast<int>(lines.size());
  std::vector<LineStats> stats;
  stats.reserve(lines.size());
  std::unordered_map<std::string_view, int> occurrences;
  for (absl::string_view line : lines) {
    stats.push_back(Measure(line));
    ++occurrences[std::string_view(line.data(), line.size())];
  }
  const LineRegion region = DensestRegion(stats);
  if (region_out != nullptr) *region_out = region;
  const int top = std::min(n, kTopLines);
  std::vector<std::vector<uint64_t>> top_bigrams;
  for (int i = 0; i < top; ++i) top_bigrams.push_back(Bigrams(stats[i].chars));

  std::vector<LineFeatureVector> out(lines.size());
  for (int i = 0; i < n; ++i) {
    const LineStats& st = stats[i];
    LineFeatureVector& f = out[i];
    f.fill(0);
    const double len = std::max(1, st.length);
    f[kBias] = 1;
    f[kLogLength] = std::log1p(st.length);
    f[kShort] = st.length < kShortLine ? 1 : 0;
    f[kCjkShare] = st.cjk / len;
    f[kSentencePunct] = st.marks / len;
    f[kEndsSentence] = !st.chars.empty() && EndsSentence(st.chars.back()) ? 1 : 0;
    f[kFunctionChars] = st.function / len;
    f[kDigitShare] = st.digits / len;
    f[kLatinShare] = st.latin / len;
    f[kSymbolShare] = st.symbols / len;
    f[kSpaceShare] = st.spaces / len;
    f[kDigitRuns] = std::min(1.0, st.digit_runs * 10.0 / len);
    f[kLinkLike] = HasDomainShape(st.chars) || HasWord(st.chars, U"http") ||
                           HasWord(st.chars, U"www")
                       ? 1
                       : 0;
    f[kDateTime] = HasDateTimeShape(st.chars) ? 1 : 0;
    f[kBracketed] = IsBracketed(st.chars) ? 1 : 0;
    f[kPosition] = n > 1 ? static_cast<double>(i) / (n - 1) : 0;
    if (region.first >= 0) {
      const bool inside = i >= region.first && i <= region.last;
      const int distance = inside ? 0 : (i < region.first ? region.first - i : i - region.last);
      f[kInBodyRegion] = inside ? 1 : 0;
      f[kDistanceToBody] = std::log1p(distance) / std::log1p(n);
    } else {
      f[kDistanceToBody] = 1;
    }
    const std::vector<uint64_t> mine = i < top ? std::vector<uint64_t>() : Bigrams(st.chars);
    for (int j = 0; j < top; ++j) {
      if (j == i) continue;
      f[kTopLikeness] =
          std::max(f[kTopLikeness], Share(i < top ? top_bigrams[i] : mine, top_bigrams[j]));
    }
    f[kRepeated] = occurrences[std::string_view(lines[i].data(), lines[i].size())] > 1 ? 1 : 0;
    f[kProse] = st.prose ? 1 : 0;
    f[kPrevProse] = i > 0 && stats[i - 1].prose ? 1 : 0;
    f[kNextProse] = i + 1 < n && stats[i + 1].prose ? 1 : 0;
    const double prev_len = i > 0 ? std::log1p(stats[i - 1].length) : 0;
    const double next_len = i + 1 < n ? std::log1p(stats[i + 1].length) : 0;
    f[kNeighbourLength] = (prev_len + next_len) / 2;
  }
  return out;
}

}  // namespace zhengwen::text
