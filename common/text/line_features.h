// Line features: what a line of a page looks like, in numbers that name no
// site (length, script and punctuation shares, link and date-time shapes,
// position relative to the page's densest prose region, repetition, likeness
// to the lines at the top, and the same for its neighbours). One
// implementation, used by the normalizer's line classifier and by the feature
// dump its weights are fitted from (`zw normalize --dump_line_features`).
#ifndef ZHENGWEN_COMMON_TEXT_LINE_FEATURES_H_
#define ZHENGWEN_COMMON_TEXT_LINE_FEATURES_H_

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace zhengwen::text {

enum LineFeature : int {
  kBias,             // always 1
  kLogLength,        // log(1 + code points)
  kShort,            // fewer than 8 code points
  kCjkShare,         // CJK characters per code point
  kSentencePunct,    // 。!?;,、: per code point
  kEndsSentence,     // last character ends a sentence or quote
  kFunctionChars,    // 的 了 是 在 和 … per code point
  kDigitShare,       // ASCII digits per code point
  kLatinShare,       // ASCII letters per code point
  kSymbolShare,      // other symbols (| > _ 【 】 * …) per code point
  kSpaceShare,       // spaces per code point (menu items, "首页 新闻 …")
  kDigitRuns,        // runs of digits, per 10 code points, at most 1
  kLinkLike,         // "http", "www" or a domain shape ("abc.com")
  kDateTime,         // a date or a clock time shape (2023-04-10, 12:04)
  kBracketed,        // the whole line inside one pair of brackets: (…) 【…】 […]
  kPosition,         // line index / line count, 0..1
  kInBodyRegion,     // inside the densest prose region
  kDistanceToBody,   // lines to that region, log-scaled, 0..1
  kTopLikeness,      // share of bigrams found in another of the top lines
  kRepeated,         // the same text appears on another line of the page
  kProse,            // long enough with sentence punctuation
  kPrevProse,        // kProse of the previous line (0 at the top)
  kNextProse,        // kProse of the next line (0 at the end)
  kNeighbourLength,  // mean kLogLength of the two neighbours
  kBeforeBody,       // above the densest prose region
  kAfterBody,        // below it (footers, contacts, related lists)
  kEdgeProse,        // the page's first or last prose line (intros, outros)
  kLabelValue,       // a short "label:" line (联系电话:…, 推荐度:, 审核/编发:…)
  kMenuLike,         // three or more segments split by spaces or | and no sentence mark
  kMarkup,           // an HTML tag or entity shape (<p>, &nbsp;)
  kLineFeatureCount,
};

using LineFeatureVector = std::array<double, kLineFeatureCount>;

// Name of `feature` as used in model files and dumps ("log_length", ...).
absl::string_view LineFeatureName(int feature);

// The densest prose region of a page's lines: indices [first, last]
// maximising the summed length of prose lines minus a cost per other line
// (body-text-extraction style). {-1, -1} when the page has no prose line.
struct LineRegion {
  int first = -1;
  int last = -1;
};

// Features of each of `lines` (non-empty, in page order; cleaned text), and
// the densest prose region into `region` when it is not null.
std::vector<LineFeatureVector> ComputeLineFeatures(const std::vector<absl::string_view>& lines,
                                                   LineRegion* region = nullptr);

// The distinct character bigrams of the first `max_chars` code points of `s`,
// sorted; and the share of `mine` found in `other` (both such lists).
std::vector<uint64_t> CharBigrams(const std::u32string& s, size_t max_chars);
double BigramShare(const std::vector<uint64_t>& mine, const std::vector<uint64_t>& other);

}  // namespace zhengwen::text

#endif  // ZHENGWEN_COMMON_TEXT_LINE_FEATURES_H_
