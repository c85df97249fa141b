#include "services/normalization/normalizer.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "common/hashing.h"
#include "common/status_macros.h"
#include "services/normalization/edit_log.h"
#include "services/normalization/html_text.h"
#include "services/normalization/pinyin_stage.h"
#include "services/normalization/text_decoder.h"
#include "services/normalization/utf8_text.h"

namespace zhengwen::normalization {

using zhengwen::document::v1::Document;
using zhengwen::document::v1::Page;

namespace {

// Version of the built-in pipeline; bumped when its output changes.
constexpr char kPipelineVersion[] = "pipeline-1";

// Trims ASCII and ideographic spaces (U+3000) from both ends.
std::string TrimLine(absl::string_view line) {
  line = absl::StripAsciiWhitespace(line);
  constexpr absl::string_view kIdeographicSpace = "\u3000";
  while (absl::ConsumePrefix(&line, kIdeographicSpace) ||
         absl::ConsumePrefix(&line, "\u00a0")) {
    line = absl::StripLeadingAsciiWhitespace(line);
  }
  while (absl::ConsumeSuffix(&line, kIdeographicSpace) || absl::ConsumeSuffix(&line, "\u00a0")) {
    line = absl::StripTrailingAsciiWhitespace(line);
  }
  return std::string(line);
}

}  // namespace

Normalizer::Normalizer(std::unique_ptr<ScriptConverter> converter, std::string rules_version)
    : converter_(std::move(converter)), rules_version_(std::move(rules_version)) {}

absl::StatusOr<std::unique_ptr<Normalizer>> Normalizer::Create(const NormalizerOptions& options) {
  ZW_ASSIGN_OR_RETURN(auto converter, ScriptConverter::Create(options.opencc_config));
  return std::unique_ptr<Normalizer>(new Normalizer(std::move(converter), kPipelineVersion));
}

absl::StatusOr<std::vector<Document>> Normalizer::Normalize(const Page& page) const {
  ZW_ASSIGN_OR_RETURN(DecodedText decoded,
                      DecodeToUtf8(page.content(), page.declared_encoding()));
  std::string text = LooksLikeHtml(page.content_type(), decoded.text) ? HtmlToText(decoded.text)
                                                                       : decoded.text;
  const auto script = converter_->DetectScript(text);

  EditLog log;
  std::vector<std::string> lines;
  int line_number = 0;
  for (const std::string& raw : SplitLines(text)) {
    ++line_number;
    std::string line = TrimLine(RemovePinyin(raw, line_number, &log));
    if (line.empty()) continue;
    lines.push_back(converter_->ToSimplified(line));
  }

  std::vector<Document> documents;
  if (lines.empty()) return documents;
  const std::string page_id = page.page_id().empty() ? Hash128Hex(page.content()) : page.page_id();
  Document doc;
  doc.set_id(absl::StrCat(page_id, "-0"));
  doc.set_page_id(page_id);
  doc.set_source_uri(page.source_uri());
  doc.set_part(0);
  doc.set_title(lines.front());
  doc.set_text(absl::StrJoin(lines.begin() + 1, lines.end(), "\n"));
  doc.set_rules_version(rules_version_);
  for (const auto& edit : log.edits()) *doc.add_edits() = edit;
  auto* quality = doc.mutable_quality();
  quality->set_input_encoding(decoded.encoding);
  quality->set_input_script(script);
  quality->set_length(CodePointLength(doc.text()));
  doc.mutable_signatures()->set_exact_hash(Hex64(Hash64(doc.text())));
  documents.push_back(std::move(doc));
  return documents;
}

}  // namespace zhengwen::normalization
