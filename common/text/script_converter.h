// Traditional -> Simplified with OpenCC (phrase level), and the one rule that
// tells from a conversion which script a text arrived in.
#ifndef ZHENGWEN_COMMON_TEXT_SCRIPT_CONVERTER_H_
#define ZHENGWEN_COMMON_TEXT_SCRIPT_CONVERTER_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/text/dictionary_converter.h"

namespace opencc {
class SimpleConverter;
}

namespace zhengwen {

class ScriptConverter {
 public:
  // Loads an OpenCC configuration ("t2s.json" is looked up in OpenCC's data dir).
  static absl::StatusOr<std::unique_ptr<ScriptConverter>> Create(
      const std::string& config = "t2s.json");
  ~ScriptConverter();

  // The Simplified form of `text`. Thread-safe. Uses DictionaryConverter when
  // the configuration allows it and it agreed with OpenCC on a self-check
  // at Create; OpenCC otherwise.
  std::string ToSimplified(absl::string_view text) const;

  // False when `text` is known to convert to itself: it holds no character
  // that any dictionary entry of the configuration changes, so callers can
  // skip it. Always true when DictionaryConverter is not in use.
  bool MayConvert(absl::string_view text) const;

  // True when the fast DictionaryConverter is in use.
  bool uses_dictionary_converter() const { return fast_ != nullptr; }

  // True when a text whose conversion changed `changed_han` of its `han` Han
  // characters arrived in Traditional script: Traditional text changes on a
  // large share of its characters (at least 1 in kTraditionalChangedShare),
  // Simplified text on almost none (OpenCC keeps unambiguous Simplified as is).
  static constexpr int kTraditionalChangedShare = 50;
  static bool LooksTraditional(int han, int changed_han) {
    return han > 0 && changed_han * kTraditionalChangedShare >= han;
  }

  // Number of code points that differ between `original` and `simplified`
  // (compared position by position).
  static int ChangedCodePoints(absl::string_view original, absl::string_view simplified);

 private:
  explicit ScriptConverter(std::unique_ptr<opencc::SimpleConverter> converter);

  std::unique_ptr<opencc::SimpleConverter> converter_;
  // The same conversion, faster, when the configuration has the common
  // shape; null otherwise (see dictionary_converter.h).
  std::unique_ptr<DictionaryConverter> fast_;
};

}  // namespace zhengwen

#endif  // ZHENGWEN_COMMON_TEXT_SCRIPT_CONVERTER_H_
