// EditLog: the provenance of a normalization run. Every stage records what it
// removed or changed here, under its own stage and rule names.
#ifndef ZHENGWEN_SERVICES_NORMALIZATION_EDIT_LOG_H_
#define ZHENGWEN_SERVICES_NORMALIZATION_EDIT_LOG_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "zhengwen/document/v1/document.pb.h"

namespace zhengwen::normalization {

class EditLog {
 public:
  // Records one edit; `removed` is truncated to keep documents small.
  void Add(absl::string_view stage, absl::string_view rule, absl::string_view removed,
           absl::string_view replacement = "", int line = 0);

  // Records text that was left in place but is suspect (Edit.flagged).
  void Flag(absl::string_view stage, absl::string_view rule, absl::string_view text, int line = 0);

  const std::vector<zhengwen::document::v1::Edit>& edits() const { return edits_; }

 private:
  std::vector<zhengwen::document::v1::Edit> edits_;
};

}  // namespace zhengwen::normalization

#endif  // ZHENGWEN_SERVICES_NORMALIZATION_EDIT_LOG_H_
