#include "services/query/snippet.h"

#include <algorithm>

#include "common/text/utf8.h"

namespace zhengwen::query {

std::vector<Span> MergeSpans(std::vector<Span> spans) {
  std::sort(spans.begin(), spans.end(), [](const Span& a, const Span& b) {
    return a.offset != b.offset ? a.offset < b.offset : a.length > b.length;
  });
  std::vector<Span> merged;
  for (const Span& span : spans) {
    if (!merged.empty() && span.offset <= merged.back().offset + merged.back().length) {
      Span& last = merged.back();
      last.length = std::max(last.offset + last.length, span.offset + span.length) - last.offset;
    } else {
      merged.push_back(span);
    }
  }
  return merged;
}

Snippet MakeSnippet(absl::string_view text, const std::vector<Span>& matches, uint32_t window) {
  // The window holding the most match starts (two pointers over sorted spans).
  size_t best_first = 0, best_count = 0;
  for (size_t first = 0, last = 0; first < matches.size(); ++first) {
    if (last < first) last = first;
    while (last < matches.size() && matches[last].offset < matches[first].offset + window) ++last;
    if (last - first > best_count) {
      best_count = last - first;
      best_first = first;
    }
  }
  uint32_t start = 0;
  uint32_t end = window;
  if (best_count > 0) {
    const uint32_t first_match = matches[best_first].offset;
    start = first_match > kSnippetLead ? first_match - kSnippetLead : 0;
    end = start + window;
  }
  Snippet snippet;
  for (size_t i = best_first; i < best_first + best_count; ++i) {
    const Span& span = matches[i];
    if (span.offset < start || span.offset >= end) continue;
    end = std::max(end, span.offset + span.length);  // never cut a match
    snippet.highlights.push_back(span);
  }
  // Code points -> bytes, in one pass.
  size_t pos = 0, begin_byte = text.size(), end_byte = text.size();
  for (uint32_t index = 0; pos < text.size(); ++index) {
    if (index == start) begin_byte = pos;
    if (index == end) {
      end_byte = pos;
      break;
    }
    DecodeUtf8(text, &pos);
  }
  if (begin_byte > end_byte) begin_byte = end_byte;
  snippet.offset = start;
  snippet.text = std::string(text.substr(begin_byte, end_byte - begin_byte));
  return snippet;
}

}  // namespace zhengwen::query
