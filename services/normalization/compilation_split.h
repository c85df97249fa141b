// Split stage: template sites publish compilations, several speeches on one
// page, each opened by a marker line: "…讲话 篇1", "…讲话范文(一)",
// "…讲话(二)", "篇一:…讲话" / "【篇2】…" / "第三篇 …", or a bare "(一)"
// right before a salutation. A page is split
// only when the markers of one style count up from 1 (one marker alone is a
// heading of the page, not a compilation), so a "(一)" sub-heading inside a
// speech never splits it.
#ifndef ZHENGWEN_SERVICES_NORMALIZATION_COMPILATION_SPLIT_H_
#define ZHENGWEN_SERVICES_NORMALIZATION_COMPILATION_SPLIT_H_

#include <string>
#include <vector>

#include "services/normalization/edit_log.h"
#include "services/normalization/page_line.h"
#include "services/normalization/rules.h"

namespace zhengwen::normalization {

struct DocumentPart {
  // Range [begin, end) of page line indexes that make up the document.
  size_t begin = 0;
  size_t end = 0;
  // The marker line ("…讲话 篇1"), which names the part; "" for a page that
  // is not a compilation.
  std::string marker;
};

// One part per speech of a compilation; a single part spanning the page
// otherwise. Marker lines are dropped from the body (and logged); lines before
// the first marker are the page header and belong to no part.
std::vector<DocumentPart> SplitCompilation(const RuleSet& rules, PageLines* lines, EditLog* log);

// Value of a Chinese numeral from 一 to 九十九 ("十二" -> 12), or 0.
int ParseChineseNumber(absl::string_view text);

}  // namespace zhengwen::normalization

#endif  // ZHENGWEN_SERVICES_NORMALIZATION_COMPILATION_SPLIT_H_
