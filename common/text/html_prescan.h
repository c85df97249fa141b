// Byte-level guard in front of the HTML parser. gumbo 0.10.1 has no depth
// limit and cannot be cancelled (100k nested <div> take 27 s, unclosed nesting
// grows without bound), so every page passes here first: one linear pass over
// the bytes that tracks the open-element stack as the tree builder would
// (approximately), drops start tags that would nest deeper than the budget or
// carry an attribute flood, and cuts the page after the tag budget. The parser
// then never sees more than max_tags tags nor nesting deeper than max_depth.
#ifndef ZHENGWEN_COMMON_TEXT_HTML_PRESCAN_H_
#define ZHENGWEN_COMMON_TEXT_HTML_PRESCAN_H_

#include <cstddef>
#include <string>

#include "absl/strings/string_view.h"

namespace zhengwen::text {

struct HtmlBudget {
  // Start tags that would open an element deeper than this are dropped (their
  // text stays). Real pages nest well under 100.
  int max_depth = 256;
  // The page is cut before the tag that would exceed this many tags.
  int max_tags = 100000;
  // A start tag with more attributes than this is dropped (gumbo checks
  // duplicates pairwise: quadratic in the attribute count).
  int max_attributes = 64;
};

struct HtmlPrescan {
  std::string html;            // what the parser may see
  int tags = 0;                // tags kept
  int max_depth_seen = 0;      // deepest estimated nesting kept
  int dropped_deep_tags = 0;   // start tags dropped for depth
  int dropped_flood_tags = 0;  // start tags dropped for their attribute count
  size_t truncated_at = 0;     // byte offset of the cut, 0 when not cut
  bool limited() const {
    return dropped_deep_tags > 0 || dropped_flood_tags > 0 || truncated_at > 0;
  }
};

// Linear in html.size(); the output is never longer than the input.
HtmlPrescan PrescanHtml(absl::string_view html, const HtmlBudget& budget = {});

}  // namespace zhengwen::text

#endif  // ZHENGWEN_COMMON_TEXT_HTML_PRESCAN_H_
