// Placeholder stage: marks template gaps that sites leave in model texts
// ("xx区", "20xx年", "*同志", "* *区长", "某某县") so readers and search can
// tell them from content. The text is never changed: placeholders are
// reported as spans (Document.placeholders) and counted in quality.
#ifndef ZHENGWEN_SERVICES_NORMALIZATION_PLACEHOLDERS_H_
#define ZHENGWEN_SERVICES_NORMALIZATION_PLACEHOLDERS_H_

#include <vector>

#include "absl/strings/string_view.h"
#include "services/normalization/rules.h"
#include "zhengwen/document/v1/document.pb.h"

namespace zhengwen::normalization {

// Placeholders in `text` by the rules' placeholder patterns, in text order,
// overlapping matches merged (the earlier rule names the span). Offsets and
// lengths are in code points. Matches glued to ASCII letters ("Xbox") are skipped.
std::vector<zhengwen::document::v1::Placeholder> FindPlaceholders(const RuleSet& rules,
                                                                  absl::string_view text);

}  // namespace zhengwen::normalization

#endif  // ZHENGWEN_SERVICES_NORMALIZATION_PLACEHOLDERS_H_
