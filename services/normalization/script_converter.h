// Script stage: Traditional -> Simplified with OpenCC (phrase level), and
// detection of the script a text arrived in.
#ifndef ZHENGWEN_SERVICES_NORMALIZATION_SCRIPT_CONVERTER_H_
#define ZHENGWEN_SERVICES_NORMALIZATION_SCRIPT_CONVERTER_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
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

  // The Simplified form of `text`. Thread-safe.
  std::string ToSimplified(absl::string_view text) const;

  // Script of `text`, judged by how many Han characters conversion changes.
  zhengwen::document::v1::Script DetectScript(absl::string_view text) const;

 private:
  explicit ScriptConverter(std::unique_ptr<opencc::SimpleConverter> converter);
  std::unique_ptr<opencc::SimpleConverter> converter_;
};

}  // namespace zhengwen::normalization

#endif  // ZHENGWEN_SERVICES_NORMALIZATION_SCRIPT_CONVERTER_H_
