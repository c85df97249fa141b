// The title of an HTML page from all its evidence: <title>, og:title and the
// <h1>s. The <title> is cut of trailing site segments (after `_ | - –` …,
// short and without sentence punctuation: `…_栏目_网站`, ` - 人民网`), and of a
// file extension; a headline <h1> the <title> contains wins, since sites
// append their name to the <title> but not to the headline. Punctuation
// inside a headline (`，：？`) never cuts it.
#ifndef ZHENGWEN_SERVICES_NORMALIZATION_STAGES_HTML_TITLE_H_
#define ZHENGWEN_SERVICES_NORMALIZATION_STAGES_HTML_TITLE_H_

#include <string>

#include "absl/strings/string_view.h"
#include "common/text/html_blocks.h"

namespace zhengwen::normalization {

// "" when the page gives no usable evidence (the text's own title is used).
std::string HtmlTitle(const zhengwen::text::HtmlPage& page);

// `title` without trailing site segments and file extension (exposed for tests).
std::string StripSiteSegments(absl::string_view title);

}  // namespace zhengwen::normalization

#endif  // ZHENGWEN_SERVICES_NORMALIZATION_STAGES_HTML_TITLE_H_
