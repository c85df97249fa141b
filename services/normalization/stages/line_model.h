// LineModel: the fitted weights of the line classifier, kept as data in a
// versioned text file (format in model/line_model.txt, fitted by
// model/fit_line_model.py). The built-in file is embedded at build time; a
// user's file (--line_model_file) replaces it.
#ifndef ZHENGWEN_SERVICES_NORMALIZATION_STAGES_LINE_MODEL_H_
#define ZHENGWEN_SERVICES_NORMALIZATION_STAGES_LINE_MODEL_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/text/line_features.h"

namespace zhengwen::normalization {

class LineModel {
 public:
  // The built-in model when `file` is "", else the model in `file`.
  static absl::StatusOr<LineModel> Load(const std::string& file);

  // Parses a model file's text; `origin` names it in errors.
  static absl::StatusOr<LineModel> Parse(absl::string_view text, absl::string_view origin);

  // Stamped on documents (Document.model_version).
  const std::string& version() const { return version_; }

  // Probability that a line with `features` is boilerplate (logistic).
  double BoilerplateProbability(const text::LineFeatureVector& features) const;

  // A line is dropped from this probability on.
  double threshold() const { return threshold_; }

  // The same weights with another threshold (HTML pages take theirs from the
  // HTML content model: the line weights were fitted on text pages).
  LineModel WithThreshold(double threshold) const {
    LineModel copy = *this;
    copy.threshold_ = threshold;
    return copy;
  }

  // weight × value of `feature` for `features` (the reason given in edits).
  double Contribution(const text::LineFeatureVector& features, int feature) const {
    return weights_[feature] * features[feature];
  }

 private:
  std::string version_;
  double threshold_ = 1.0;
  text::LineFeatureVector weights_{};
};

}  // namespace zhengwen::normalization

#endif  // ZHENGWEN_SERVICES_NORMALIZATION_STAGES_LINE_MODEL_H_
