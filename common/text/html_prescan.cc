#include "common/text/html_prescan.h"

#include <algorithm>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace zhengwen::text {
namespace {

bool IsTagNameStart(char c) { return absl::ascii_isalpha(static_cast<unsigned char>(c)); }

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

bool OneOf(absl::string_view name, std::initializer_list<absl::string_view> names) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

// Elements that never take children.
bool IsVoid(absl::string_view n) {
  return OneOf(n, {"area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr",
                   "image", "img", "input", "keygen", "link", "meta", "param", "source", "track",
                   "wbr", "command"});
}

// Elements whose content is text up to their own end tag.
bool IsRawText(absl::string_view n) {
  return OneOf(n, {"script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes",
                   "noscript"});
}

// Formatting elements: their end tag runs the adoption agency, which takes the
// element itself off the stack but leaves blocks opened inside it open.
bool IsFormatting(absl::string_view n) {
  return OneOf(n, {"a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike",
                   "strong", "tt", "u"});
}

// Elements an end tag of an ordinary element cannot close across.
bool IsSpecial(absl::string_view n) {
  return OneOf(n, {"address", "applet", "article", "aside", "blockquote", "body", "button",
                   "caption", "center", "dd", "details", "dir", "div", "dl", "dt", "fieldset",
                   "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
                   "header", "hgroup", "html", "li", "main", "marquee", "menu", "nav", "object",
                   "ol", "p", "section", "select", "summary", "table", "tbody", "td", "tfoot",
                   "th", "thead", "tr", "ul"});
}

// A start tag of one of these closes an open one of the same name, unless an
// element of the listed scope boundary lies between them.
bool ClosesSameName(absl::string_view n) {
  return OneOf(n, {"p", "li", "dd", "dt", "option", "tr", "td", "th", "a", "nobr"});
}

bool IsScopeBoundary(absl::string_view n) {
  return OneOf(n, {"ul", "ol", "dl", "table", "td", "th", "caption", "html", "button", "select",
                   "object", "applet", "marquee", "template"});
}

// Case-insensitive search for "</name" from `from`; npos when absent.
size_t FindEndTag(absl::string_view html, absl::string_view name, size_t from) {
  for (size_t i = html.find("</", from); i != absl::string_view::npos; i = html.find("</", i + 2)) {
    if (html.size() - (i + 2) >= name.size() &&
        absl::EqualsIgnoreCase(html.substr(i + 2, name.size()), name)) {
      return i;
    }
  }
  return absl::string_view::npos;
}

struct Tag {
  std::string name;  // lower case
  size_t end = 0;    // one past '>' (or the input's end)
  int attributes = 0;
};

// Reads a tag whose name starts at html[name_at], to one past its '>'.
Tag ReadTag(absl::string_view html, size_t name_at, int attribute_cap) {
  Tag tag;
  size_t i = name_at;
  while (i < html.size() && !IsSpace(html[i]) && html[i] != '/' && html[i] != '>') {
    if (tag.name.size() < 32) tag.name.push_back(absl::ascii_tolower(html[i]));
    ++i;
  }
  while (i < html.size()) {
    while (i < html.size() && (IsSpace(html[i]) || html[i] == '/')) ++i;
    if (i >= html.size()) break;
    if (html[i] == '>') {
      tag.end = i + 1;
      return tag;
    }
    // An attribute: name, then optionally = value.
    if (tag.attributes <= attribute_cap) ++tag.attributes;
    while (i < html.size() && !IsSpace(html[i]) && html[i] != '/' && html[i] != '>' &&
           html[i] != '=') {
      ++i;
    }
    while (i < html.size() && IsSpace(html[i])) ++i;
    if (i < html.size() && html[i] == '=') {
      ++i;
      while (i < html.size() && IsSpace(html[i])) ++i;
      if (i < html.size() && (html[i] == '"' || html[i] == '\'')) {
        const size_t close = html.find(html[i], i + 1);
        i = close == absl::string_view::npos ? html.size() : close + 1;
      } else {
        while (i < html.size() && !IsSpace(html[i]) && html[i] != '>') ++i;
      }
    }
  }
  tag.end = html.size();
  return tag;
}

class OpenStack {
 public:
  int depth() const { return static_cast<int>(names_.size()); }
  void Push(std::string name) { names_.push_back(std::move(name)); }

  // A start tag that implicitly closes an open element of the same name.
  void CloseSameName(absl::string_view name) {
    for (size_t k = names_.size(); k-- > 0;) {
      if (names_[k] == name) {
        names_.resize(k);
        return;
      }
      if (IsScopeBoundary(names_[k])) return;
    }
  }

  void End(absl::string_view name) {
    bool special_above = false;
    for (size_t k = names_.size(); k-- > 0;) {
      if (names_[k] == name) {
        if (IsFormatting(name) && special_above) {
          names_.erase(names_.begin() + static_cast<std::ptrdiff_t>(k));
        } else {
          names_.resize(k);
        }
        return;
      }
      if (IsSpecial(names_[k])) {
        if (!IsFormatting(name)) return;  // ignored by the tree builder
        special_above = true;
      }
    }
  }

 private:
  std::vector<std::string> names_;  // never deeper than the budget
};

}  // namespace

HtmlPrescan PrescanHtml(absl::string_view html, const HtmlBudget& budget) {
  HtmlPrescan out;
  out.html.reserve(html.size());
  OpenStack stack;
  size_t i = 0;
  while (i < html.size()) {
    const size_t lt = html.find('<', i);
    if (lt == absl::string_view::npos || lt + 1 >= html.size()) {
      absl::StrAppend(&out.html, html.substr(i));
      break;
    }
    absl::StrAppend(&out.html, html.substr(i, lt - i));
    const char next = html[lt + 1];
    size_t end;            // one past the markup at lt
    bool is_tag = true;
    if (html.substr(lt, 4) == "<!--") {
      const size_t close = html.find("-->", lt + 4);
      end = close == absl::string_view::npos ? html.size() : close + 3;
    } else if (next == '!' || next == '?' || (next == '/' && lt + 2 < html.size() &&
                                              !IsTagNameStart(html[lt + 2]))) {
      const size_t close = html.find('>', lt + 1);
      end = close == absl::string_view::npos ? html.size() : close + 1;
    } else if (next == '/') {
      const Tag tag = ReadTag(html, lt + 2, budget.max_attributes);
      end = tag.end;
      if (out.tags < budget.max_tags) stack.End(tag.name);
    } else if (IsTagNameStart(next)) {
      Tag tag = ReadTag(html, lt + 1, budget.max_attributes);
      end = tag.end;
      if (out.tags >= budget.max_tags) {
        // cut below
      } else if (tag.attributes > budget.max_attributes) {
        ++out.dropped_flood_tags;
        i = end;
        continue;
      } else if (!IsVoid(tag.name)) {
        if (ClosesSameName(tag.name)) stack.CloseSameName(tag.name);
        if (stack.depth() >= budget.max_depth) {
          ++out.dropped_deep_tags;
          i = end;
          continue;
        }
        if (IsRawText(tag.name)) {
          // Its content is text to its end tag, which closes it again.
          const size_t close = FindEndTag(html, tag.name, end);
          end = close == absl::string_view::npos ? html.size() : close;
        } else if (tag.name == "plaintext") {
          end = html.size();
        } else {
          stack.Push(std::move(tag.name));
        }
        out.max_depth_seen = std::max(out.max_depth_seen, stack.depth());
      }
    } else {
      is_tag = false;  // a '<' in text
      end = lt + 1;
    }
    if (is_tag) {
      if (out.tags >= budget.max_tags) {
        out.truncated_at = lt;
        break;
      }
      ++out.tags;
    }
    absl::StrAppend(&out.html, html.substr(lt, end - lt));
    i = end;
  }
  return out;
}

}  // namespace zhengwen::text
