// An HTML page as the extractor sees it: gumbo's tree flattened into the
// elements (parent links, tag, class/id) and the text blocks in page order,
// each block tied to the innermost block-level element that holds it, plus
// the title evidence of the head (<title>, og:title) and the <h1> texts.
// The tree is walked iteratively (no recursion: depth is bounded by the
// pre-scan, but the walk does not rely on it).
#ifndef ZHENGWEN_COMMON_TEXT_HTML_BLOCKS_H_
#define ZHENGWEN_COMMON_TEXT_HTML_BLOCKS_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace zhengwen::text {

// Errors gumbo records before it stops recording them (it keeps parsing).
// Unbounded (-1), each error copies the open-element stack.
inline constexpr int kGumboMaxErrors = 64;

struct HtmlElement {
  int parent = -1;        // index into HtmlPage::elements, -1 for the root
  int tag = 0;            // GumboTag
  std::string tag_name;   // lower-case tag name ("div", "article", ...)
  std::string class_id;   // lower-case class and id attribute values, space-joined
};

struct HtmlBlock {
  int element = 0;        // innermost block-level element holding the text
  std::string text;       // collapsed whitespace, UTF-8
  int link_bytes = 0;     // bytes of `text` inside <a href>
  int heading = 0;        // 1..6 inside <h1>..<h6>, else 0
};

struct HtmlPage {
  std::vector<HtmlElement> elements;  // elements[0] is the document root
  std::vector<HtmlBlock> blocks;
  std::string title;                  // <title>
  std::string og_title;               // <meta property="og:title">
  std::vector<std::string> h1;        // texts of the <h1> elements, in order
};

// Parses `html` (UTF-8, already through PrescanHtml) into blocks. Scripts,
// styles, templates, forms' option lists and elements hidden with `hidden` or
// `display:none` give no text.
HtmlPage ParseHtmlPage(absl::string_view html);

// Whether the element at `index` is `ancestor` or lies inside it.
bool IsInside(const HtmlPage& page, int index, int ancestor);

}  // namespace zhengwen::text

#endif  // ZHENGWEN_COMMON_TEXT_HTML_BLOCKS_H_
