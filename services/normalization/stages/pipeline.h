// The normalization pipeline as one table: the page stages in order, each
// row named as its edits are (Edit.stage), run by RunPipeline. The character
// stages work on one line's text at a time and sit in their own per-line
// table, run by the "characters" row. To add a stage: a function of the row's
// shape in its own file, one row here (pipeline.cc), a test in
// tests/normalization/, a line in docs/normalization.md's stage table.
#ifndef ZHENGWEN_SERVICES_NORMALIZATION_STAGES_PIPELINE_H_
#define ZHENGWEN_SERVICES_NORMALIZATION_STAGES_PIPELINE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "common/text/script_converter.h"
#include "services/normalization/boilerplate.h"
#include "services/normalization/compilation_split.h"
#include "services/normalization/edit_log.h"
#include "services/normalization/html_text.h"
#include "services/normalization/page_line.h"
#include "services/normalization/rules.h"
#include "services/normalization/stages/line_classifier.h"
#include "services/normalization/stages/line_model.h"
#include "services/normalization/stages/main_content.h"
#include "services/normalization/structure.h"
#include "zhengwen/document/v1/document.pb.h"

namespace zhengwen::normalization {

// What the stages read and never change (owned by the Normalizer).
struct PipelineResources {
  const ScriptConverter& converter;
  const RuleSet& rules;
  const MainContentModel& html_model;
  const LineModel& line_model;
  // line_model with the HTML content model's line_threshold.
  const LineModel& html_line_model;
};

// One page as it passes through the stages; each fills in its part.
struct PageContext {
  explicit PageContext(const zhengwen::document::v1::Page& p) : page(p) {}
  const zhengwen::document::v1::Page& page;
  // decode
  std::string encoding;
  int64_t decode_replacements = 0;  // invalid byte sequences decoding replaced with U+FFFD
  bool is_html = false;
  HtmlText html;
  std::string text;  // the decoded text (HTML: its rendering), split into lines next
  // characters, script, injections, boilerplate, classify, page_breaks
  PageLines lines;
  zhengwen::document::v1::Script script{};
  BoilerplateFindings findings;
  LineClassification classified;
  // split, structure
  std::vector<DocumentPart> parts;
  std::string page_title;
  std::vector<StructuredDocument> structured;
};

// A per-line character stage: rewrites line->text (and its counters).
using LineStageFn = void (*)(PageLine* line, EditLog* log);
struct LineStage {
  absl::string_view name;
  LineStageFn run;
};

// A page stage.
using PageStageFn = absl::Status (*)(const PipelineResources& resources, PageContext* page,
                                     EditLog* log);
struct PageStage {
  absl::string_view name;
  PageStageFn run;
};

// The tables, in order.
const std::vector<LineStage>& LineStages();
const std::vector<PageStage>& PageStages();

// Runs the page stages in order, stopping before the row named `stop_before`
// ("" runs them all) or at the first error.
absl::Status RunPipeline(const PipelineResources& resources, PageContext* page, EditLog* log,
                         absl::string_view stop_before = "");

}  // namespace zhengwen::normalization

#endif  // ZHENGWEN_SERVICES_NORMALIZATION_STAGES_PIPELINE_H_
