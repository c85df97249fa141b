// Normalizer: the normalization pipeline, a pure function of (page, rules).
// It owns the loaded resources (OpenCC dictionaries, compiled rules) and is
// thread-safe. The stages, in order, and the file that holds each:
//   decode (text_decoder, html_text) -> unicode (unicode_cleanup) ->
//   mojibake (mojibake_repair) -> pinyin (pinyin_stage) -> split CJK words
//   (unicode_cleanup) -> punctuation width (punctuation_width) -> script
//   (script_stage, one OpenCC call per page) -> boilerplate (boilerplate) ->
//   injections (injections) -> page breaks (page_breaks) -> split
//   (compilation_split) -> structure (structure, headings, speech_parts) ->
//   placeholders (placeholders) -> signatures (signatures).
// Script and width run before boilerplate so that rules are written once, in
// Simplified Chinese with ASCII punctuation, whatever the page arrived in.
#ifndef ZHENGWEN_SERVICES_NORMALIZATION_NORMALIZER_H_
#define ZHENGWEN_SERVICES_NORMALIZATION_NORMALIZER_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/normalization/rules.h"
#include "services/normalization/script_converter.h"
#include "services/normalization/stages/main_content.h"
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
};

class Normalizer {
 public:
  static absl::StatusOr<std::unique_ptr<Normalizer>> Create(const NormalizerOptions& options);

  // Turns one page into zero or more documents, in page order. Fails only on
  // bytes that cannot be decoded, or an HTML page beyond its markup budget
  // with no text left within it (INVALID_ARGUMENT with a reason).
  absl::StatusOr<std::vector<zhengwen::document::v1::Document>> Normalize(
      const zhengwen::document::v1::Page& page) const;

  // Version of the rules every document is stamped with.
  const std::string& rules_version() const { return rules_->version(); }

 private:
  Normalizer(std::unique_ptr<ScriptConverter> converter, std::unique_ptr<const RuleSet> rules,
             std::unique_ptr<const MainContentModel> html_model);

  std::unique_ptr<ScriptConverter> converter_;
  std::unique_ptr<const RuleSet> rules_;
  std::unique_ptr<const MainContentModel> html_model_;
};

}  // namespace zhengwen::normalization

#endif  // ZHENGWEN_SERVICES_NORMALIZATION_NORMALIZER_H_
