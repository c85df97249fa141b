// Normalizer: the normalization pipeline, a pure function of (page, rules).
// It owns the loaded resources (OpenCC dictionaries, compiled rules) and is
// thread-safe. It runs the stage table of stages/pipeline.cc (decode ->
// characters -> script -> injections -> boilerplate -> classify ->
// page_breaks -> split -> structure), then builds the documents with their
// placeholders (placeholders) and signatures (signatures).
#ifndef ZHENGWEN_SERVICES_NORMALIZATION_NORMALIZER_H_
#define ZHENGWEN_SERVICES_NORMALIZATION_NORMALIZER_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/text/line_features.h"
#include "services/normalization/edit_log.h"
#include "services/normalization/rules.h"
#include "common/text/script_converter.h"
#include "services/normalization/stages/line_model.h"
#include "services/normalization/stages/main_content.h"
#include "services/normalization/stages/pipeline.h"
#include "zhengwen/document/v1/document.pb.h"

namespace zhengwen::normalization {

struct NormalizerOptions {
  // OpenCC configuration for Traditional -> Simplified.
  std::string opencc_config = "t2s.json";
  // A user's rules file (same format as services/normalization/rules/
  // default_rules.txt); "" for the built-in rules only. Its rules EXTEND the
  // built-in ones (it may `disable` built-in rules by name) unless
  // replace_default_rules is set. Documents are stamped with the version
  // lines of the files used, joined by '+'.
  std::string rules_file;
  // When true (and rules_file is set), rules_file replaces the built-in rules.
  bool replace_default_rules = false;
  // HTML main-content model file (format: model/html_content.txt); "" for the
  // built-in one. Documents of HTML pages carry its version
  // (Document.html_model_version). Server and `zw` flag: --html_model_file.
  std::string html_model_file;
  // A line classifier model file (format of model/line_model.txt) replacing
  // the built-in one; "" for the built-in model.
  std::string line_model_file;
};

// One non-empty line of a page as the line classifier sees it (for fitting).
struct LineFeatureRow {
  int line = 0;
  std::string text;
  // Dropped by a rule before the classifier ran.
  bool forced = false;
  text::LineFeatureVector features{};
  double probability = 0;
};

// One page's result with its whole edit log, documents or not.
struct NormalizedPage {
  std::vector<zhengwen::document::v1::Document> documents;
  // Every edit of the run in line order (each document holds its share).
  std::vector<zhengwen::document::v1::Edit> edits;
};

class Normalizer {
 public:
  static absl::StatusOr<std::unique_ptr<Normalizer>> Create(const NormalizerOptions& options);

  // Turns one page into zero or more documents, in page order. Fails only on
  // bytes that cannot be decoded, or an HTML page beyond its markup budget
  // with no text left within it (INVALID_ARGUMENT with a reason).
  absl::StatusOr<std::vector<zhengwen::document::v1::Document>> Normalize(
      const zhengwen::document::v1::Page& page) const;

  // Normalize, plus the edit log of the page, which explains a page that
  // yields no document (`zw normalize --explain`).
  absl::StatusOr<NormalizedPage> NormalizeWithEdits(
      const zhengwen::document::v1::Page& page) const;

  // The line classifier's view of `page`: every non-empty line after the
  // rules, with its features (what model/fit_line_model.py fits on).
  absl::StatusOr<std::vector<LineFeatureRow>> LineFeatures(
      const zhengwen::document::v1::Page& page) const;

  // The loaded rules (built-in and user file).
  const RuleSet& rules() const { return *rules_; }

  // Version of the rules every document is stamped with.
  const std::string& rules_version() const { return rules_->version(); }
  // Version of the line model every document is stamped with.
  const std::string& model_version() const { return line_model_.version(); }

 private:
  Normalizer(std::unique_ptr<ScriptConverter> converter, std::unique_ptr<const RuleSet> rules,
             std::unique_ptr<const MainContentModel> html_model, LineModel line_model);

  // What the pipeline's stages read (stages/pipeline.h).
  PipelineResources resources() const;

  std::unique_ptr<ScriptConverter> converter_;
  std::unique_ptr<const RuleSet> rules_;
  std::unique_ptr<const MainContentModel> html_model_;
  LineModel line_model_;
  // line_model_ with the HTML content model's line_threshold, for HTML pages.
  LineModel html_line_model_;
};

}  // namespace zhengwen::normalization

#endif  // ZHENGWEN_SERVICES_NORMALIZATION_NORMALIZER_H_
