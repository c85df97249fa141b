// Main-content extraction over an HTML page's blocks. Every block gets a value
// from features that name no site: characters outside links, sentence
// punctuation, link share, a fixed cost per block (menus are many short
// blocks), and a penalty inside elements whose tag or class/id says
// navigation, footer, sidebar or comments. An element's value is the sum over
// the blocks inside it; the element of highest value (bonus for
// article/content/main semantics) is the main content: the densest region, so
// everything outside it goes without a rule naming it, and a thread's posts,
// siblings in one container, stay together. Inside it, link-dense blocks go.
// A page with no region worth the name (a chapter list) is kept whole.
// The weights are data (services/normalization/model/html_content.txt),
// fitted on html-dev by model/fit_html_content.py.
#ifndef ZHENGWEN_SERVICES_NORMALIZATION_STAGES_MAIN_CONTENT_H_
#define ZHENGWEN_SERVICES_NORMALIZATION_STAGES_MAIN_CONTENT_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/text/html_blocks.h"
#include "services/normalization/edit_log.h"

namespace zhengwen::normalization {

struct MainContentModel {
  std::string version;
  double punct_weight = 3;        // value per sentence punctuation mark
  double min_block_chars = 10;    // blocks with fewer characters outside links add no value
  double link_exponent = 2;       // value × (1 - link share)^this
  double negative_weight = 1;     // value lost per character inside nav/footer/...
  double positive_bonus = 0.1;    // relative bonus of an article/content/main element
  double max_link_share = 0.5;    // blocks inside the main content above this go
  double min_region_value = 50;   // below this the page is kept whole
  double sibling_share = 0.2;     // siblings of the best element worth this share join it
  double ancestor_levels = 5;     // ancestors a paragraph's value reaches
  double decay = 1;               // 1: less value at each ancestor (Readability); 0: the same
  double climb_share = 0.34;      // climb through ancestors worth this share of the best
  int drop_negative_inside = 1;   // drop nav/footer/... regions inside the main content
  double peer_share = 2;          // elements like the best (tag, class/id, depth) worth this share join
  double grow_levels = 0;         // ancestors of the main content whose clean children join it
  double grow_link_share = 0.1;   // a child joins when its link share is at most this
  double line_threshold = 0;      // the line classifier's threshold on HTML pages (0: its own)
};

// Parses the model file: `#` comments, `version NAME`, then `key value` lines
// with the field names above. Unknown keys and bad numbers are errors.
absl::StatusOr<MainContentModel> ParseMainContentModel(absl::string_view text);

// The built-in model (model/html_content.txt, embedded at build time) when
// `path` is "", else the file at `path`.
absl::StatusOr<std::unique_ptr<const MainContentModel>> LoadMainContentModel(
    const std::string& path);

// Indices of the blocks of the main content, in page order; what goes is
// logged (stage `main_content`, one edit per run of dropped blocks).
std::vector<int> SelectMainContent(const zhengwen::text::HtmlPage& page,
                                   const MainContentModel& model, EditLog* log);

}  // namespace zhengwen::normalization

#endif  // ZHENGWEN_SERVICES_NORMALIZATION_STAGES_MAIN_CONTENT_H_
