#include "services/normalization/normalizer.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/error_reason.h"
#include "common/text/hashing.h"
#include "common/status_macros.h"
#include "services/normalization/boilerplate.h"
#include "services/normalization/compilation_split.h"
#include "services/normalization/edit_log.h"
#include "services/normalization/html_text.h"
#include "services/normalization/injections.h"
#include "services/normalization/mojibake_repair.h"
#include "services/normalization/page_breaks.h"
#include "services/normalization/page_line.h"
#include "services/normalization/pinyin_stage.h"
#include "services/normalization/placeholders.h"
#include "services/normalization/punctuation_width.h"
#include "services/normalization/script_stage.h"
#include "services/normalization/signatures.h"
#include "services/normalization/stages/line_classifier.h"
#include "services/normalization/structure.h"
#include "common/text/decoder.h"
#include "services/normalization/unicode_cleanup.h"
#include "common/text/utf8.h"

namespace zhengwen::normalization {

using zhengwen::document::v1::Document;
using zhengwen::document::v1::Edit;
using zhengwen::document::v1::Page;

namespace {

// The character-level stages, line by line, before the page is converted.
PageLines CleanLines(absl::string_view text, EditLog* log) {
  PageLines lines;
  int number = 0;
  for (const std::string& raw : SplitLines(text)) {
    PageLine line;
    line.number = ++number;
    std::string s = CleanUnicode(raw, number, log);
    if (!s.empty()) {
      MojibakeResult repaired = RepairMojibake(s, number, log);
      line.mojibake_runs = repaired.runs;
      s = RemovePinyin(repaired.text, number, log);
      s = JoinSplitCjkWords(s, number, log);
      s = FoldWidth(s, &line.width_folded_chars);
      s = std::string(absl::StripAsciiWhitespace(s));
    }
    line.text = std::move(s);
    lines.push_back(std::move(line));
  }
  return lines;
}

// Drops what is left between the page header and the first part of a
// compilation (it belongs to none of the speeches).
void DropPreamble(PageLines* lines, size_t end, EditLog* log) {
  for (size_t i = 0; i < end; ++i) {
    PageLine& line = (*lines)[i];
    if (line.state != LineState::kBody) continue;
    log->Add("split", "before_first_part", line.text, "", line.number);
    line.state = LineState::kDropped;
  }
}

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

struct Normalizer::PreparedPage {
  std::string encoding;
  int64_t decode_replacements = 0;  // invalid byte sequences decoding replaced with U+FFFD
  bool is_html = false;
  HtmlText html;
  zhengwen::document::v1::Script script;
  PageLines lines;
  BoilerplateFindings findings;
};

Normalizer::Normalizer(std::unique_ptr<ScriptConverter> converter,
                       std::unique_ptr<const RuleSet> rules,
                       std::unique_ptr<const MainContentModel> html_model, LineModel line_model)
    : converter_(std::move(converter)),
      rules_(std::move(rules)),
      html_model_(std::move(html_model)),
      line_model_(std::move(line_model)) {}

absl::StatusOr<std::unique_ptr<Normalizer>> Normalizer::Create(const NormalizerOptions& options) {
  ZW_ASSIGN_OR_RETURN(auto converter, ScriptConverter::Create(options.opencc_config));
  ZW_ASSIGN_OR_RETURN(auto rules, RuleSet::Load(options.rules_file, options.replace_default_rules));
  ZW_ASSIGN_OR_RETURN(auto html_model, LoadMainContentModel(options.html_model_file));
  ZW_ASSIGN_OR_RETURN(LineModel line_model, LineModel::Load(options.line_model_file));
  return std::unique_ptr<Normalizer>(new Normalizer(std::move(converter), std::move(rules),
                                                    std::move(html_model), std::move(line_model)));
}

absl::StatusOr<Normalizer::PreparedPage> Normalizer::Prepare(const Page& page,
                                                             EditLog* log) const {
  ZW_ASSIGN_OR_RETURN(DecodedText decoded, DecodeToUtf8(page.content(), page.declared_encoding()));
  PreparedPage prepared;
  prepared.encoding = decoded.encoding;
  prepared.decode_replacements = decoded.replaced_sequences;
  prepared.is_html = LooksLikeHtml(page.content_type(), decoded.text);
  if (prepared.is_html) prepared.html = HtmlToText(decoded.text, *html_model_, log);
  const std::string text =
      prepared.is_html ? std::move(prepared.html.text) : std::move(decoded.text);
  prepared.lines = CleanLines(text, log);
  prepared.script = ConvertPageToSimplified(*converter_, &prepared.lines);
  prepared.findings = ClassifyBoilerplate(*rules_, &prepared.lines, log);
  return prepared;
}

absl::StatusOr<std::vector<LineFeatureRow>> Normalizer::LineFeatures(const Page& page) const {
  EditLog log;
  ZW_ASSIGN_OR_RETURN(PreparedPage prepared, Prepare(page, &log));
  std::vector<LineFeatureRow> rows;
  for (const ScoredLine& scored : ScoreLines(line_model_, prepared.lines)) {
    const PageLine& line = prepared.lines[scored.index];
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
  ZW_ASSIGN_OR_RETURN(PreparedPage prepared, Prepare(page, &log));
  PageLines& lines = prepared.lines;
  const auto script = prepared.script;
  const bool is_html = prepared.is_html;
  const HtmlText& html = prepared.html;
  BoilerplateFindings& findings = prepared.findings;
  const LineClassification classified = ClassifyLines(line_model_, rules, &lines, &log);
  findings.boilerplate_lines += classified.dropped;
  for (PageLine& line : lines) {
    if (line.state == LineState::kBody) {
      line.text = RemoveInjections(rules, line.text, line.number, &log);
    }
  }
  JoinPageBreaks(&lines, &log);
  const std::vector<DocumentPart> parts = SplitCompilation(rules, &lines, &log);
  std::string page_title;
  if (!parts.front().marker.empty()) {
    // A compilation: the page header sits before the first marker.
    const size_t first_marker = parts.front().begin - 1;
    page_title = ConsumeHeader(rules, &lines, 0, first_marker, &log);
    DropPreamble(&lines, first_marker, &log);
  }

  std::vector<StructuredDocument> structured;
  for (const DocumentPart& part : parts) {
    StructuredDocument doc =
        BuildStructure(rules, &lines, part, page_title, findings.intro_title, &log);
    if (!doc.text.empty()) structured.push_back(std::move(doc));
  }

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
    quality->set_input_encoding(prepared.encoding);
    quality->set_decode_replacements(static_cast<int32_t>(prepared.decode_replacements));
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
