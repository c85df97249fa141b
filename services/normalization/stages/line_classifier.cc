#include "services/normalization/stages/line_classifier.h"

#include <algorithm>

#include "absl/strings/str_format.h"
#include "services/normalization/headings.h"
#include "services/normalization/speech_parts.h"

namespace zhengwen::normalization {
namespace {

// Features named in an edit's reason: the strongest few.
constexpr int kReasonFeatures = 3;

// "boilerplate p=0.93: distance_to_body=+1.20 short=+0.81 link_like=+0.50":
// the features that pushed the line furthest towards boilerplate.
std::string Reason(const LineModel& model, const ScoredLine& line) {
  std::vector<std::pair<double, int>> by_weight;
  for (int f = 0; f < text::kLineFeatureCount; ++f) {
    const double c = model.Contribution(line.features, f);
    if (c > 0) by_weight.push_back({-c, f});
  }
  std::sort(by_weight.begin(), by_weight.end());
  std::string out = absl::StrFormat("boilerplate p=%.2f:", line.probability);
  for (size_t k = 0; k < by_weight.size() && k < kReasonFeatures; ++k) {
    const int f = by_weight[k].second;
    absl::StrAppendFormat(&out, " %s=%+.2f", text::LineFeatureName(f),
                          model.Contribution(line.features, f));
  }
  return out;
}

}  // namespace

bool IsSpeechStructureLine(const RuleSet& rules, absl::string_view line) {
  SalutationMatch salutation;
  return MatchHeadingMarker(line).style != HeadingStyle::kNone ||
         FindSalutation(rules, line, &salutation) || !FindClosing(rules, line).empty();
}

std::vector<ScoredLine> ScoreLines(const LineModel& model, const PageLines& lines) {
  std::vector<ScoredLine> scored;
  std::vector<absl::string_view> texts;
  for (size_t i = 0; i < lines.size(); ++i) {
    const PageLine& line = lines[i];
    if (line.text.empty() || line.state == LineState::kJoined) continue;
    ScoredLine s;
    s.index = i;
    s.forced = line.state != LineState::kBody;
    scored.push_back(s);
    texts.push_back(line.text);
  }
  const std::vector<text::LineFeatureVector> features = text::ComputeLineFeatures(texts);
  for (size_t k = 0; k < scored.size(); ++k) {
    scored[k].features = features[k];
    scored[k].probability = model.BoilerplateProbability(features[k]);
  }
  return scored;
}

LineClassification ClassifyLines(const LineModel& model, const RuleSet& rules, PageLines* lines,
                                 EditLog* log) {
  LineClassification result;
  const std::vector<ScoredLine> scored = ScoreLines(model, *lines);
  const size_t n = scored.size();
  std::vector<bool> drop(n, false);
  // A page without a prose region (a few short lines) gives the model no body
  // to measure against: every line would look far from it. Rules only.
  const bool has_region = std::any_of(scored.begin(), scored.end(), [](const ScoredLine& s) {
    return s.features[text::kInBodyRegion] > 0;
  });
  for (size_t k = 0; k < n; ++k) {
    drop[k] = has_region && !scored[k].forced && scored[k].probability >= model.threshold() &&
              !IsSpeechStructureLine(rules, (*lines)[scored[k].index].text);
  }
  // Context (jusText): an uncertain line between two body lines is body.
  const double sure = (1.0 + model.threshold()) / 2;
  auto body = [&](size_t k) { return !scored[k].forced && !drop[k]; };
  std::vector<bool> smoothed = drop;
  for (size_t k = 1; k + 1 < n; ++k) {
    if (drop[k] && scored[k].probability < sure && body(k - 1) && body(k + 1)) smoothed[k] = false;
  }
  drop = std::move(smoothed);

  // Never empty a page that has body lines: keep the densest prose region.
  bool had_body = false;
  bool kept_body = false;
  for (size_t k = 0; k < n; ++k) {
    had_body = had_body || !scored[k].forced;
    kept_body = kept_body || body(k);
  }
  if (had_body && !kept_body) {
    result.body_fallback = true;
    std::vector<absl::string_view> texts;
    for (const ScoredLine& s : scored) texts.push_back((*lines)[s.index].text);
    text::LineRegion region;
    text::ComputeLineFeatures(texts, &region);
    bool restored = false;
    for (int k = std::max(0, region.first); region.first >= 0 && k <= region.last; ++k) {
      if (drop[k]) {
        drop[k] = false;
        restored = true;
      }
    }
    if (!restored) std::fill(drop.begin(), drop.end(), false);
  }

  for (size_t k = 0; k < n; ++k) {
    (*lines)[scored[k].index].boilerplate_probability = scored[k].probability;
    if (!drop[k]) continue;
    PageLine& line = (*lines)[scored[k].index];
    log->Add("classify", Reason(model, scored[k]), line.text, "", line.number);
    line.state = LineState::kDropped;
    line.dropped_by_classifier = true;
    ++result.dropped;
  }
  return result;
}

}  // namespace zhengwen::normalization
