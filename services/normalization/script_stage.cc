#include "services/normalization/script_stage.h"

#include "absl/strings/str_split.h"
#include "common/text/utf8.h"

namespace zhengwen::normalization {

zhengwen::document::v1::Script ConvertPageToSimplified(const ScriptConverter& converter,
                                                       PageLines* lines) {
  // Only lines that can change go through OpenCC, in one call.
  std::vector<size_t> todo;
  std::string joined;
  int han = 0;
  for (size_t i = 0; i < lines->size(); ++i) {
    const std::string& text = (*lines)[i].text;
    for (size_t pos = 0; pos < text.size();) {
      if (static_cast<unsigned char>(text[pos]) < 0x80) {
        ++pos;
        continue;
      }
      if (IsHan(DecodeUtf8(text, &pos))) ++han;
    }
    if (!converter.MayConvert(text)) continue;
    todo.push_back(i);
    joined += text;
    joined.push_back('\n');
  }
  int changed = 0;
  if (!todo.empty()) {
    const std::string simplified = converter.ToSimplified(joined);
    std::vector<absl::string_view> parts = absl::StrSplit(simplified, '\n');
    // The joined text ends with '\n', so the split has one extra empty part.
    const bool aligned = parts.size() == todo.size() + 1;
    for (size_t k = 0; k < todo.size(); ++k) {
      PageLine& line = (*lines)[todo[k]];
      // OpenCC never changes line structure; convert line by line if it did.
      std::string converted = aligned ? std::string(parts[k]) : converter.ToSimplified(line.text);
      line.converted_chars = ScriptConverter::ChangedCodePoints(line.text, converted);
      changed += line.converted_chars;
      line.text = std::move(converted);
    }
  }
  if (han == 0) return zhengwen::document::v1::SCRIPT_UNSPECIFIED;
  return ScriptConverter::LooksTraditional(han, changed) ? zhengwen::document::v1::SCRIPT_HANT
                                                         : zhengwen::document::v1::SCRIPT_HANS;
}

}  // namespace zhengwen::normalization
