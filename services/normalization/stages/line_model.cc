#include "services/normalization/stages/line_model.h"

#include <cmath>
#include <fstream>
#include <sstream>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "services/normalization/default_rules.h"

namespace zhengwen::normalization {
namespace {

// A model file is a few dozen lines; anything much larger is not one.
constexpr size_t kMaxModelBytes = 64 * 1024;

int FeatureByName(absl::string_view name) {
  for (int f = 0; f < text::kLineFeatureCount; ++f) {
    if (text::LineFeatureName(f) == name) return f;
  }
  return -1;
}

}  // namespace

absl::StatusOr<LineModel> LineModel::Load(const std::string& file) {
  if (file.empty()) return Parse(DefaultLineModelText(), "builtin line_model.txt");
  std::ifstream in(file, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read line model file ", file));
  std::stringstream content;
  content << in.rdbuf();
  if (content.str().size() > kMaxModelBytes) {
    return absl::InvalidArgumentError(absl::StrCat(file, ": larger than ", kMaxModelBytes, " bytes"));
  }
  return Parse(content.str(), file);
}

absl::StatusOr<LineModel> LineModel::Parse(absl::string_view text, absl::string_view origin) {
  LineModel model;
  bool has_threshold = false;
  int number = 0;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    ++number;
    line = absl::StripTrailingAsciiWhitespace(line);
    if (line.empty() || line[0] == '#') continue;
    const std::vector<absl::string_view> fields = absl::StrSplit(line, '\t');
    auto error = [&](absl::string_view what) {
      return absl::InvalidArgumentError(absl::StrCat(origin, ":", number, ": ", what));
    };
    if (fields[0] == "version" && fields.size() == 2) {
      model.version_ = std::string(fields[1]);
    } else if (fields[0] == "threshold" && fields.size() == 2) {
      if (!absl::SimpleAtod(fields[1], &model.threshold_) || model.threshold_ <= 0 ||
          model.threshold_ > 1) {
        return error("threshold must be a number in (0, 1]");
      }
      has_threshold = true;
    } else if (fields[0] == "weight" && fields.size() == 3) {
      const int feature = FeatureByName(fields[1]);
      if (feature < 0) return error(absl::StrCat("unknown feature '", fields[1], "'"));
      double weight = 0;
      if (!absl::SimpleAtod(fields[2], &weight) || !std::isfinite(weight)) {
        return error("weight must be a finite number");
      }
      model.weights_[feature] = weight;
    } else {
      return error("expected 'version', 'threshold' or 'weight' fields separated by TABs");
    }
  }
  if (model.version_.empty()) return absl::InvalidArgumentError(absl::StrCat(origin, ": no version line"));
  if (!has_threshold) return absl::InvalidArgumentError(absl::StrCat(origin, ": no threshold line"));
  return model;
}

double LineModel::BoilerplateProbability(const text::LineFeatureVector& features) const {
  double z = 0;
  for (int f = 0; f < text::kLineFeatureCount; ++f) z += weights_[f] * features[f];
  return 1.0 / (1.0 + std::exp(-z));
}

}  // namespace zhengwen::normalization
