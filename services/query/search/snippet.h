// Snippets: the window of a document's text with the most matches, and the
// match spans inside it. All offsets are Unicode code points into
// Document.text, so text.substr(offset, length) (in code points) is exactly
// the matched text.
#ifndef ZHENGWEN_SERVICES_QUERY_SEARCH_SNIPPET_H_
#define ZHENGWEN_SERVICES_QUERY_SEARCH_SNIPPET_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace zhengwen::query {

struct Span {
  uint32_t offset = 0;
  uint32_t length = 0;
  bool operator==(const Span& o) const { return offset == o.offset && length == o.length; }
};

// Sorts spans and merges overlapping or touching ones.
std::vector<Span> MergeSpans(std::vector<Span> spans);

struct Snippet {
  std::string text;          // the window's text (UTF-8)
  uint32_t offset = 0;       // code point where the window starts
  std::vector<Span> highlights;  // merged matches inside the window
};

// Code points of context shown before the first match, and the window size.
inline constexpr uint32_t kSnippetLead = 20;
inline constexpr uint32_t kSnippetLength = 120;

// The snippet of `text` around the densest group of `matches` (merged, sorted
// spans); the start of the text when there are none.
Snippet MakeSnippet(absl::string_view text, const std::vector<Span>& matches,
                    uint32_t window = kSnippetLength);

}  // namespace zhengwen::query

#endif  // ZHENGWEN_SERVICES_QUERY_SEARCH_SNIPPET_H_
