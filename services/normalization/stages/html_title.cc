#include "services/normalization/stages/html_title.h"

#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/strip.h"
#include "common/text/utf8.h"

namespace zhengwen::normalization {
namespace {

// Separators sites put between a headline and their own name.
constexpr absl::string_view kSeparators[] = {"_", "|", "｜", " - ", "--", "-", "–", "—", "::",
                                             "·", "»", "＿"};
constexpr absl::string_view kExtensions[] = {".docx", ".doc", ".pdf", ".txt", ".pptx", ".ppt",
                                             ".xlsx", ".xls", ".wps", ".html", ".htm"};
// A trailing segment longer than this is part of the headline, not a site name.
constexpr int kMaxSiteSegmentChars = 16;
constexpr int kMinHeadlineChars = 4;

bool HasSentencePunct(absl::string_view s) {
  for (absl::string_view p : {"，", "。", "！", "？", "：", "、", ",", "!", "?", "“", "《"}) {
    if (absl::StrContains(s, p)) return true;
  }
  return false;
}

std::string Collapse(absl::string_view s) {
  std::string out;
  bool space = false;
  for (char c : absl::StripAsciiWhitespace(s)) {
    if (absl::ascii_isspace(static_cast<unsigned char>(c))) {
      space = true;
      continue;
    }
    if (space && !out.empty()) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  return out;
}

// Position of the last separator in `s`, and its length.
bool LastSeparator(absl::string_view s, size_t* at, size_t* length) {
  bool found = false;
  for (absl::string_view sep : kSeparators) {
    const size_t pos = s.rfind(sep);
    if (pos == absl::string_view::npos || pos == 0) continue;
    if (!found || pos > *at) {
      *at = pos;
      *length = sep.size();
      found = true;
    }
  }
  return found;
}

std::string WithoutSpaces(absl::string_view s) { return absl::StrReplaceAll(s, {{" ", ""}}); }

}  // namespace

std::string StripSiteSegments(absl::string_view title) {
  std::string t = Collapse(title);
  // Bounded: every round removes at least one separator.
  for (int round = 0; round < 16; ++round) {
    size_t at = 0, length = 0;
    if (!LastSeparator(t, &at, &length)) break;
    const absl::string_view head = absl::StripAsciiWhitespace(absl::string_view(t).substr(0, at));
    const absl::string_view tail = absl::StripAsciiWhitespace(absl::string_view(t).substr(at + length));
    if (CodePointCount(tail) > kMaxSiteSegmentChars || HasSentencePunct(tail) ||
        CodePointCount(head) < kMinHeadlineChars) {
      break;
    }
    t = std::string(head);
  }
  for (absl::string_view ext : kExtensions) {
    if (t.size() > ext.size() && absl::EndsWithIgnoreCase(t, ext)) {
      t.resize(t.size() - ext.size());
      break;
    }
  }
  return std::string(absl::StripAsciiWhitespace(t));
}

std::string HtmlTitle(const zhengwen::text::HtmlPage& page) {
  const std::string title = Collapse(page.title);
  const std::string cleaned = StripSiteSegments(title);
  const std::string title_key = WithoutSpaces(title);
  const std::string cleaned_key = WithoutSpaces(cleaned);
  // Only the first few <h1>s: later ones are section heads or sidebars.
  for (size_t i = 0; i < page.h1.size() && i < 3; ++i) {
    const std::string h1 = Collapse(page.h1[i]);
    const int chars = CodePointCount(h1);
    if (chars < kMinHeadlineChars) continue;
    const std::string h1_key = WithoutSpaces(h1);
    if (absl::StrContains(title_key, h1_key)) return h1;  // the title is the h1 plus a site
    if (!cleaned_key.empty() && CodePointCount(cleaned) >= kMinHeadlineChars &&
        absl::StrContains(h1_key, cleaned_key)) {
      return cleaned;  // the h1 is the headline plus more (a subtitle, a date)
    }
  }
  if (!page.og_title.empty()) {
    const std::string og = StripSiteSegments(page.og_title);
    if (CodePointCount(og) >= kMinHeadlineChars) return og;
  }
  if (CodePointCount(cleaned) >= kMinHeadlineChars) return cleaned;
  return "";
}

}  // namespace zhengwen::normalization
