// The HTML branch of the decode stage: byte pre-scan (limits) -> gumbo blocks
// -> main content -> one line per kept block, plus the title from the page's
// evidence. Later stages see the same line structure as plain text.
#ifndef ZHENGWEN_SERVICES_NORMALIZATION_HTML_TEXT_H_
#define ZHENGWEN_SERVICES_NORMALIZATION_HTML_TEXT_H_

#include <string>

#include "absl/strings/string_view.h"
#include "common/text/html_prescan.h"
#include "services/normalization/edit_log.h"
#include "services/normalization/stages/main_content.h"

namespace zhengwen::normalization {

struct HtmlText {
  std::string text;   // the main content, one line per block
  std::string title;  // "" when the page gives no title evidence
  // The budget the page went beyond ("tag_depth", "tag_count",
  // "attribute_flood"), "" when within all of them.
  std::string limit;
};

// Text of an HTML document (UTF-8 in, UTF-8 out). Limits applied are logged
// (stage `html_limits`), dropped blocks too (stage `main_content`).
HtmlText HtmlToText(absl::string_view html, const MainContentModel& model, EditLog* log,
                    const zhengwen::text::HtmlBudget& budget = {});

}  // namespace zhengwen::normalization

#endif  // ZHENGWEN_SERVICES_NORMALIZATION_HTML_TEXT_H_
