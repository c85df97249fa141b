// Page-break stage: document-sharing sites print each page of a document as a
// block that starts with the page number ("2、"), so a sentence cut by the page
// end continues after it: "…质量\n2、工作取得明显成效". Such a marker is told
// from a real numbered list item ("…意见:\n2、重点突破") by the line before it:
// a page break follows an unfinished sentence. Breaks are joined back into one
// line and the markers removed, including the "1、" that opens page one.
#ifndef ZHENGWEN_SERVICES_NORMALIZATION_PAGE_BREAKS_H_
#define ZHENGWEN_SERVICES_NORMALIZATION_PAGE_BREAKS_H_

#include "absl/strings/string_view.h"
#include "services/normalization/edit_log.h"
#include "services/normalization/page_line.h"

namespace zhengwen::normalization {

// True when `text` ends a sentence (or a clause that introduces a list).
bool EndsSentence(absl::string_view text);

// Joins page breaks among the kBody lines of `lines`.
void JoinPageBreaks(PageLines* lines, EditLog* log);

}  // namespace zhengwen::normalization

#endif  // ZHENGWEN_SERVICES_NORMALIZATION_PAGE_BREAKS_H_
