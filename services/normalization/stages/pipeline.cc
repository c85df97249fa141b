#include "services/normalization/stages/pipeline.h"

#include <utility>

#include "absl/strings/ascii.h"
#include "common/status_macros.h"
#include "common/text/decoder.h"
#include "common/text/utf8.h"
#include "services/normalization/injections.h"
#include "services/normalization/mojibake_repair.h"
#include "services/normalization/page_breaks.h"
#include "services/normalization/pinyin_stage.h"
#include "services/normalization/punctuation_width.h"
#include "services/normalization/script_stage.h"
#include "services/normalization/unicode_cleanup.h"

namespace zhengwen::normalization {
namespace {

// ---- the character stages, one line at a time ----

void CleanUnicodeLine(PageLine* line, EditLog* log) {
  line->text = CleanUnicode(line->text, line->number, log);
}

void RepairMojibakeLine(PageLine* line, EditLog* log) {
  MojibakeResult repaired = RepairMojibake(line->text, line->number, log);
  line->mojibake_runs = repaired.runs;
  line->text = std::move(repaired.text);
}

void RemovePinyinLine(PageLine* line, EditLog* log) {
  line->text = RemovePinyin(line->text, line->number, log);
}

void JoinSplitCjkWordsLine(PageLine* line, EditLog* log) {
  line->text = JoinSplitCjkWords(line->text, line->number, log);
}

void FoldWidthLine(PageLine* line, EditLog* /*log*/) {
  line->text = FoldWidth(line->text, &line->width_folded_chars);
}

// ---- the page stages ----

absl::Status Decode(const PipelineResources& resources, PageContext* page, EditLog* log) {
  ZW_ASSIGN_OR_RETURN(DecodedText decoded,
                      DecodeToUtf8(page->page.content(), page->page.declared_encoding()));
  page->encoding = decoded.encoding;
  page->decode_replacements = decoded.replaced_sequences;
  page->is_html = LooksLikeHtml(page->page.content_type(), decoded.text);
  if (page->is_html) {
    page->html = HtmlToText(decoded.text, resources.html_model, log);
    page->text = std::move(page->html.text);
  } else {
    page->text = std::move(decoded.text);
  }
  return absl::OkStatus();
}

// Splits the text into lines and runs the per-line table over each; a line
// left empty goes no further.
absl::Status CleanCharacters(const PipelineResources& /*resources*/, PageContext* page,
                             EditLog* log) {
  int number = 0;
  for (std::string& raw : SplitLines(page->text)) {
    PageLine line;
    line.number = ++number;
    line.text = std::move(raw);
    for (const LineStage& stage : LineStages()) {
      stage.run(&line, log);
      if (line.text.empty()) break;
    }
    line.text = std::string(absl::StripAsciiWhitespace(line.text));
    page->lines.push_back(std::move(line));
  }
  page->text.clear();
  return absl::OkStatus();
}

absl::Status ConvertScript(const PipelineResources& resources, PageContext* page,
                           EditLog* /*log*/) {
  page->script = ConvertPageToSimplified(resources.converter, &page->lines);
  return absl::OkStatus();
}

absl::Status CutInjections(const PipelineResources& resources, PageContext* page, EditLog* log) {
  for (PageLine& line : page->lines) {
    if (line.state == LineState::kBody && !line.text.empty()) {
      line.text = RemoveInjections(resources.rules, line.text, line.number, log);
    }
  }
  return absl::OkStatus();
}

absl::Status ClassifyByRules(const PipelineResources& resources, PageContext* page,
                             EditLog* log) {
  page->findings = ClassifyBoilerplate(resources.rules, &page->lines, log);
  return absl::OkStatus();
}

absl::Status ClassifyByModel(const PipelineResources& resources, PageContext* page,
                             EditLog* log) {
  page->classified = ClassifyLines(page->is_html ? resources.html_line_model : resources.line_model,
                                   resources.rules, &page->lines, log);
  page->findings.boilerplate_lines += page->classified.dropped;
  return absl::OkStatus();
}

absl::Status JoinBreaks(const PipelineResources& /*resources*/, PageContext* page, EditLog* log) {
  JoinPageBreaks(&page->lines, log);
  return absl::OkStatus();
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

absl::Status Split(const PipelineResources& resources, PageContext* page, EditLog* log) {
  page->parts = SplitCompilation(resources.rules, &page->lines, log);
  if (!page->parts.front().marker.empty()) {
    // A compilation: the page header sits before the first marker.
    const size_t first_marker = page->parts.front().begin - 1;
    page->page_title = ConsumeHeader(resources.rules, &page->lines, 0, first_marker, log);
    DropPreamble(&page->lines, first_marker, log);
  }
  return absl::OkStatus();
}

absl::Status Structure(const PipelineResources& resources, PageContext* page, EditLog* log) {
  for (const DocumentPart& part : page->parts) {
    StructuredDocument doc = BuildStructure(resources.rules, &page->lines, part, page->page_title,
                                            page->findings.intro_title, log);
    if (!doc.text.empty()) page->structured.push_back(std::move(doc));
  }
  return absl::OkStatus();
}

}  // namespace

const std::vector<LineStage>& LineStages() {
  // Mojibake before pinyin: a lost byte can eat the "(" of an annotation.
  static const auto* const kStages = new std::vector<LineStage>{
      {"unicode", CleanUnicodeLine},        {"mojibake", RepairMojibakeLine},
      {"pinyin", RemovePinyinLine},         {"unicode", JoinSplitCjkWordsLine},
      {"punctuation", FoldWidthLine},
  };
  return *kStages;
}

const std::vector<PageStage>& PageStages() {
  // Script and width before the rules, so rules are written once in
  // Simplified Chinese with ASCII punctuation; injections before the
  // classifiers, so a headline carrying jammer is judged as a headline.
  static const auto* const kStages = new std::vector<PageStage>{
      {"decode", Decode},
      {"characters", CleanCharacters},
      {"script", ConvertScript},
      {"injections", CutInjections},
      {"boilerplate", ClassifyByRules},
      {"classify", ClassifyByModel},
      {"page_breaks", JoinBreaks},
      {"split", Split},
      {"structure", Structure},
  };
  return *kStages;
}

absl::Status RunPipeline(const PipelineResources& resources, PageContext* page, EditLog* log,
                         absl::string_view stop_before) {
  for (const PageStage& stage : PageStages()) {
    if (stage.name == stop_before) break;
    ZW_RETURN_IF_ERROR(stage.run(resources, page, log));
  }
  return absl::OkStatus();
}

}  // namespace zhengwen::normalization
