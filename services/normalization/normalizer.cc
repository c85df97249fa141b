#include "services/normalization/normalizer.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "common/error_reason.h"
#include "common/status_macros.h"
#include "common/text/hashing.h"
#include "common/text/utf8.h"
#include "services/normalization/placeholders.h"
#include "services/normalization/signatures.h"
#include "services/normalization/stages/pipeline.h"

namespace zhengwen::normalization {

using zhengwen::document::v1::Document;
using zhengwen::document::v1::Edit;
using zhengwen::document::v1::Page;

namespace {

absl::Status PageTooComplex(absl::string_view limit) {
  return ErrorWithReason(absl::StatusCode::kInvalidArgument,
                         absl::StrCat("HTML page beyond the ", limit,
                                      " budget and no text within it (docs/normalization.md)"),
                         "PAGE_TOO_COMPLEX", {{"limit", std::string(limit)}});
}

struct LineRange {
  int first = 0;
  int last = 0;
  bool Contains(int line) const { return line >= first && line <= last; }
};

}  // namespace

Normalizer::Normalizer(std::unique_ptr<ScriptConverter> converter,
                       std::unique_ptr<const RuleSet> rules,
                       std::unique_ptr<const MainContentModel> html_model, LineModel line_model)
    : converter_(std::move(converter)),
      rules_(std::move(rules)),
      html_model_(std::move(html_model)),
      line_model_(std::move(line_model)),
      html_line_model_(html_model_->line_threshold > 0
                           ? line_model_.WithThreshold(html_model_->line_threshold)
                           : line_model_) {}

absl::StatusOr<std::unique_ptr<Normalizer>> Normalizer::Create(const NormalizerOptions& options) {
  ZW_ASSIGN_OR_RETURN(auto converter, ScriptConverter::Create(options.opencc_config));
  ZW_ASSIGN_OR_RETURN(auto rules, RuleSet::Load(options.rules_file, options.replace_default_rules));
  ZW_ASSIGN_OR_RETURN(auto html_model, LoadMainContentModel(options.html_model_file));
  ZW_ASSIGN_OR_RETURN(LineModel line_model, LineModel::Load(options.line_model_file));
  return std::unique_ptr<Normalizer>(new Normalizer(std::move(converter), std::move(rules),
                                                    std::move(html_model), std::move(line_model)));
}

PipelineResources Normalizer::resources() const {
  return {*converter_, *rules_, *html_model_, line_model_, html_line_model_};
}

absl::StatusOr<std::vector<LineFeatureRow>> Normalizer::LineFeatures(const Page& page) const {
  EditLog log;
  PageContext context(page);
  // The classifier's input: every stage before it.
  ZW_RETURN_IF_ERROR(RunPipeline(resources(), &context, &log, "classify"));
  std::vector<LineFeatureRow> rows;
  for (const ScoredLine& scored : ScoreLines(line_model_, context.lines)) {
    const PageLine& line = context.lines[scored.index];
    rows.push_back({line.number, line.text, scored.forced, scored.features, scored.probability});
  }
  return rows;
}

absl::StatusOr<std::vector<Document>> Normalizer::Normalize(const Page& page) const {
  ZW_ASSIGN_OR_RETURN(NormalizedPage result, NormalizeWithEdits(page));
  return std::move(result.documents);
}

absl::StatusOr<NormalizedPage> Normalizer::NormalizeWithEdits(const Page& page) const {
  const RuleSet& rules = *rules_;
  EditLog log;
  PageContext context(page);
  ZW_RETURN_IF_ERROR(RunPipeline(resources(), &context, &log));
  const PageLines& lines = context.lines;
  const auto script = context.script;
  const bool is_html = context.is_html;
  const HtmlText& html = context.html;
  const BoilerplateFindings& findings = context.findings;
  const LineClassification& classified = context.classified;
  std::vector<StructuredDocument>& structured = context.structured;

  NormalizedPage result;
  result.edits = log.edits();
  std::vector<Edit>& edits = result.edits;
  std::stable_sort(edits.begin(), edits.end(),
                   [](const Edit& a, const Edit& b) { return a.line() < b.line(); });
  if (structured.empty()) {
    // Past a limit and nothing left: say so rather than answer with nothing.
    if (!html.limit.empty()) return PageTooComplex(html.limit);
    return result;
  }
  std::vector<Document>& documents = result.documents;
  // The HTML evidence names the page's title; parts of a compilation keep their own.
  if (is_html && !html.title.empty() && structured.size() == 1) {
    structured.front().title = html.title;
  }
  const std::string page_id = page.page_id().empty() ? Hash128Hex(page.content()) : page.page_id();
  std::vector<LineRange> ranges;
  for (const auto& doc : structured) ranges.push_back({doc.first_line, doc.last_line});
  const double boilerplate_ratio =
      findings.content_lines == 0
          ? 0.0
          : static_cast<double>(findings.boilerplate_lines) / findings.content_lines;

  for (size_t d = 0; d < structured.size(); ++d) {
    StructuredDocument& s = structured[d];
    Document doc;
    const int part = static_cast<int>(d);
    doc.set_id(absl::StrCat(page_id, "-", part));
    doc.set_page_id(page_id);
    doc.set_source_uri(page.source_uri());
    doc.set_part(part);
    doc.set_title(std::move(s.title));
    doc.set_published_at(findings.published_at);
    doc.set_salutation(std::move(s.salutation));
    doc.set_closing(std::move(s.closing));
    doc.set_rules_version(rules.version());
    doc.set_model_version(line_model_.version());
    if (is_html) doc.set_html_model_version(html_model_->version);
    for (auto& section : s.sections) *doc.add_sections() = std::move(section);
    // Edits inside this document's lines, and page-level ones (header,
    // footer, lists) that belong to no document in particular.
    for (const Edit& edit : edits) {
      const bool inside = ranges[d].Contains(edit.line());
      const bool page_level = std::none_of(ranges.begin(), ranges.end(), [&](const LineRange& r) {
        return r.Contains(edit.line());
      });
      if (inside || page_level) *doc.add_edits() = edit;
    }
    auto* quality = doc.mutable_quality();
    quality->set_input_encoding(context.encoding);
    quality->set_decode_replacements(static_cast<int32_t>(context.decode_replacements));
    quality->set_body_fallback(classified.body_fallback);
    quality->set_input_script(script);
    quality->set_boilerplate_ratio(boilerplate_ratio);
    for (const PageLine& line : lines) {
      if (!ranges[d].Contains(line.number)) continue;
      quality->set_mojibake_count(quality->mojibake_count() + line.mojibake_runs);
      quality->set_converted_chars(quality->converted_chars() + line.converted_chars);
      quality->set_width_folded_chars(quality->width_folded_chars() + line.width_folded_chars);
    }
    for (auto& placeholder : FindPlaceholders(rules, s.text)) {
      *doc.add_placeholders() = std::move(placeholder);
    }
    quality->set_placeholder_count(doc.placeholders_size());
    quality->set_length(CodePointCount(s.text));
    *doc.mutable_signatures() = ComputeSignatures(s.text);
    doc.set_text(std::move(s.text));
    documents.push_back(std::move(doc));
  }
  return result;
}

}  // namespace zhengwen::normalization
