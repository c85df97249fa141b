#include "services/normalization/script_converter.h"

#include <opencc/SimpleConverter.hpp>

#include "absl/strings/str_cat.h"
#include "services/normalization/utf8_text.h"

namespace zhengwen::normalization {

using zhengwen::document::v1::Script;

ScriptConverter::ScriptConverter(std::unique_ptr<opencc::SimpleConverter> converter)
    : converter_(std::move(converter)) {}

ScriptConverter::~ScriptConverter() = default;

absl::StatusOr<std::unique_ptr<ScriptConverter>> ScriptConverter::Create(
    const std::string& config) {
  try {
    auto converter = std::make_unique<opencc::SimpleConverter>(config);
    return std::unique_ptr<ScriptConverter>(new ScriptConverter(std::move(converter)));
  } catch (const std::exception& e) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot load OpenCC config ", config, ": ", e.what()));
  }
}

std::string ScriptConverter::ToSimplified(absl::string_view text) const {
  if (text.empty()) return "";
  return converter_->Convert(text.data(), text.size());
}

Script ScriptConverter::DetectScript(absl::string_view text) const {
  const std::string simplified = ToSimplified(text);
  int han = 0;
  int changed = 0;
  size_t a = 0;
  size_t b = 0;
  while (a < text.size() && b < simplified.size()) {
    char32_t original = NextCodePoint(text, &a);
    char32_t converted = NextCodePoint(simplified, &b);
    if (!IsHan(original)) continue;
    ++han;
    if (original != converted) ++changed;
  }
  if (han == 0) return zhengwen::document::v1::SCRIPT_UNSPECIFIED;
  // Traditional text changes on a large share of its characters; Simplified
  // text changes on almost none (OpenCC keeps unambiguous Simplified as is).
  return changed * 50 >= han ? zhengwen::document::v1::SCRIPT_HANT
                             : zhengwen::document::v1::SCRIPT_HANS;
}

}  // namespace zhengwen::normalization
