// Line classifier stage: every line the rules left as body is scored by the
// fitted LineModel from features that name no site (common/text/
// line_features.h); lines at or above the model's threshold are dropped as
// boilerplate, each edit naming the probability and the features that decided
// it. Decisions are smoothed with the neighbours (an uncertain line between
// two body lines is body; salutations, closings and numbered headings are
// body by rule), and a page the classifier would empty keeps its
// densest prose region instead (flagged as a fallback).
#ifndef ZHENGWEN_SERVICES_NORMALIZATION_STAGES_LINE_CLASSIFIER_H_
#define ZHENGWEN_SERVICES_NORMALIZATION_STAGES_LINE_CLASSIFIER_H_

#include <string>
#include <vector>

#include "common/text/line_features.h"
#include "services/normalization/edit_log.h"
#include "services/normalization/page_line.h"
#include "services/normalization/rules.h"
#include "services/normalization/stages/line_model.h"

namespace zhengwen::normalization {

struct ScoredLine {
  // Index into the PageLines that were scored.
  size_t index = 0;
  text::LineFeatureVector features{};
  // LineModel::BoilerplateProbability of `features`.
  double probability = 0;
  // Already dropped by a rule: not the classifier's to decide.
  bool forced = false;
};

// Features and probability of every non-empty line, in page order. Lines a
// rule dropped are included (marked forced): they are part of the page the
// features describe (position, region, neighbours).
std::vector<ScoredLine> ScoreLines(const LineModel& model, const PageLines& lines);

// Salutation, closing or numbered heading: speech structure, body whatever
// it looks like (and never a learned template line).
bool IsSpeechStructureLine(const RuleSet& rules, absl::string_view line);

struct LineClassification {
  // Lines this stage dropped.
  int dropped = 0;
  // The classifier would have dropped every body line; the densest region was kept.
  bool body_fallback = false;
};

// Drops the kBody lines the model classifies as boilerplate (stage
// "classify"); see the file comment. Lines the speech structure names
// (salutation and closing rules, numbered headings) are body by rule.
LineClassification ClassifyLines(const LineModel& model, const RuleSet& rules, PageLines* lines,
                                 EditLog* log);

}  // namespace zhengwen::normalization

#endif  // ZHENGWEN_SERVICES_NORMALIZATION_STAGES_LINE_CLASSIFIER_H_
