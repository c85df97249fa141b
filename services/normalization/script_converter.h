// Script stage: Traditional -> Simplified with OpenCC (phrase level), and
// detection of the script a text arrived in.
#ifndef ZHENGWEN_SERVICES_NORMALIZATION_SCRIPT_CONVERTER_H_
#define ZHENGWEN_SERVICES_NORMALIZATION_SCRIPT_CONVERTER_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "services/normalization/dictionary_converter.h"
#include "zhengwen/document/v1/document.pb.h"

namespace opencc {
class SimpleConverter;
}

namespace zhengwen::normalization {

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

  // Script of `text`, judged by how many Han characters conversion changes.
  zhengwen::document::v1::Script DetectScript(absl::string_view text) const;

  // True when the fast DictionaryConverter is in use.
  bool uses_dictionary_converter() const { return fast_ != nullptr; }

  // The same judgement from a text and its Simplified form, when the caller
  // has converted it already (conversion is the expensive part).
  static zhengwen::document::v1::Script ScriptFromConversion(absl::string_view original,
                                                             absl::string_view simplified);

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

}  // namespace zhengwen::normalization

#endif  // ZHENGWEN_SERVICES_NORMALIZATION_SCRIPT_CONVERTER_H_
