// HTML -> text blocks with gumbo: one line per block element, scripts and
// styles dropped, so later stages see the same line structure as plain text.
#ifndef ZHENGWEN_SERVICES_NORMALIZATION_HTML_TEXT_H_
#define ZHENGWEN_SERVICES_NORMALIZATION_HTML_TEXT_H_

#include <string>

#include "absl/strings/string_view.h"

namespace zhengwen::normalization {

// True when the content type says HTML, or (none given) the text looks like HTML.
bool LooksLikeHtml(absl::string_view content_type, absl::string_view text);

// Text of an HTML document (UTF-8 in, UTF-8 out), one line per block.
std::string HtmlToText(absl::string_view html);

}  // namespace zhengwen::normalization

#endif  // ZHENGWEN_SERVICES_NORMALIZATION_HTML_TEXT_H_
