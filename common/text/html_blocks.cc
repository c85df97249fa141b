#include "common/text/html_blocks.h"

#include <gumbo.h>

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace zhengwen::text {
namespace {

bool IsBlockTag(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_P: case GUMBO_TAG_DIV: case GUMBO_TAG_LI: case GUMBO_TAG_UL:
    case GUMBO_TAG_OL: case GUMBO_TAG_DL: case GUMBO_TAG_DD: case GUMBO_TAG_DT:
    case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4:
    case GUMBO_TAG_H5: case GUMBO_TAG_H6: case GUMBO_TAG_TR: case GUMBO_TAG_TD:
    case GUMBO_TAG_TH: case GUMBO_TAG_TABLE: case GUMBO_TAG_TBODY: case GUMBO_TAG_SECTION:
    case GUMBO_TAG_ARTICLE: case GUMBO_TAG_HEADER: case GUMBO_TAG_FOOTER: case GUMBO_TAG_NAV:
    case GUMBO_TAG_ASIDE: case GUMBO_TAG_MAIN: case GUMBO_TAG_BLOCKQUOTE: case GUMBO_TAG_PRE:
    case GUMBO_TAG_HR: case GUMBO_TAG_FORM: case GUMBO_TAG_CENTER: case GUMBO_TAG_ADDRESS:
    case GUMBO_TAG_FIGURE: case GUMBO_TAG_FIGCAPTION: case GUMBO_TAG_FIELDSET:
    case GUMBO_TAG_BODY: case GUMBO_TAG_HTML: case GUMBO_TAG_CAPTION:
      return true;
    default:
      return false;
  }
}

// Elements whose text is never page content.
bool IsSkipped(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_SCRIPT: case GUMBO_TAG_STYLE: case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_TEMPLATE: case GUMBO_TAG_IFRAME: case GUMBO_TAG_SELECT:
    case GUMBO_TAG_TEXTAREA: case GUMBO_TAG_BUTTON: case GUMBO_TAG_OBJECT:
    case GUMBO_TAG_EMBED: case GUMBO_TAG_SVG: case GUMBO_TAG_MATH:
      return true;
    default:
      return false;
  }
}

const char* Attribute(const GumboElement& element, const char* name) {
  const GumboAttribute* attribute = gumbo_get_attribute(&element.attributes, name);
  return attribute == nullptr ? nullptr : attribute->value;
}

bool IsHidden(const GumboElement& element) {
  if (Attribute(element, "hidden") != nullptr) return true;
  const char* style = Attribute(element, "style");
  if (style == nullptr) return false;
  std::string s = absl::AsciiStrToLower(style);
  s.erase(std::remove_if(s.begin(), s.end(), [](char c) { return c == ' '; }), s.end());
  return absl::StrContains(s, "display:none") || absl::StrContains(s, "visibility:hidden");
}

std::string NodeText(const GumboNode* node) {
  std::string text;
  if (node->type != GUMBO_NODE_ELEMENT) return text;
  const GumboVector& children = node->v.element.children;
  for (unsigned i = 0; i < children.length; ++i) {
    const auto* child = static_cast<const GumboNode*>(children.data[i]);
    if (child->type == GUMBO_NODE_TEXT || child->type == GUMBO_NODE_WHITESPACE) {
      text.append(child->v.text.text);
    }
  }
  return std::string(absl::StripAsciiWhitespace(text));
}

// False for text of spaces only, ASCII or not (&nbsp; U+00A0, U+3000).
bool HasVisibleText(absl::string_view text) {
  for (size_t i = 0; i < text.size();) {
    if (text[i] == ' ') {
      ++i;
    } else if (text.substr(i, 2) == "\xc2\xa0") {
      i += 2;
    } else if (text.substr(i, 3) == "\xe3\x80\x80") {
      i += 3;
    } else {
      return true;
    }
  }
  return false;
}

class Walker {
 public:
  explicit Walker(HtmlPage* page) : page_(page) {}

  void Run(const GumboNode* root) {
    page_->elements.push_back({-1, GUMBO_TAG_UNKNOWN, "", ""});
    block_elements_.push_back(0);
    stack_.push_back({root, 0, 0, Kind::kNone, 0});
    while (!stack_.empty()) {
      Frame& frame = stack_.back();
      const GumboVector* children = frame.node->type == GUMBO_NODE_DOCUMENT
                                        ? &frame.node->v.document.children
                                        : &frame.node->v.element.children;
      if (frame.next >= children->length) {
        Leave(frame);
        stack_.pop_back();
        continue;
      }
      const auto* child = static_cast<const GumboNode*>(children->data[frame.next++]);
      const int parent = frame.element;
      Visit(child, parent);
    }
    Flush();
  }

 private:
  enum class Kind { kNone, kBlock };
  struct Frame {
    const GumboNode* node;
    unsigned next;
    int element;
    Kind kind;
    size_t first_block;  // blocks.size() when entered (for <h1> texts)
  };

  void Visit(const GumboNode* node, int parent) {
    if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_WHITESPACE ||
        node->type == GUMBO_NODE_CDATA) {
      AppendText(node->v.text.text);
      return;
    }
    if (node->type != GUMBO_NODE_ELEMENT) return;
    const GumboElement& element = node->v.element;
    if (element.tag == GUMBO_TAG_TITLE) {
      if (page_->title.empty()) page_->title = NodeText(node);
      return;
    }
    if (element.tag == GUMBO_TAG_META) {
      const char* property = Attribute(element, "property");
      if (property == nullptr) property = Attribute(element, "name");
      const char* content = Attribute(element, "content");
      if (property != nullptr && content != nullptr &&
          absl::EqualsIgnoreCase(property, "og:title") && page_->og_title.empty()) {
        page_->og_title = std::string(absl::StripAsciiWhitespace(content));
      }
      return;
    }
    if (element.tag == GUMBO_TAG_BR) {
      Flush();
      return;
    }
    if (IsSkipped(element.tag) || IsHidden(element)) return;
    HtmlElement record;
    record.parent = parent;
    record.tag = element.tag;
    record.tag_name = element.tag == GUMBO_TAG_UNKNOWN ? "" : gumbo_normalized_tagname(element.tag);
    const char* cls = Attribute(element, "class");
    const char* id = Attribute(element, "id");
    record.class_id = absl::AsciiStrToLower(absl::StrCat(cls ? cls : "", " ", id ? id : ""));
    const int index = static_cast<int>(page_->elements.size());
    page_->elements.push_back(std::move(record));
    const bool block = IsBlockTag(element.tag);
    if (block) {
      Flush();
      block_elements_.push_back(index);
    }
    if (element.tag == GUMBO_TAG_A && Attribute(element, "href") != nullptr) ++link_depth_;
    if (element.tag >= GUMBO_TAG_H1 && element.tag <= GUMBO_TAG_H6) {
      headings_.push_back(1 + static_cast<int>(element.tag - GUMBO_TAG_H1));
    }
    stack_.push_back({node, 0, index, block ? Kind::kBlock : Kind::kNone,
                      page_->blocks.size()});
  }

  void Leave(const Frame& frame) {
    if (frame.node->type != GUMBO_NODE_ELEMENT) return;
    const GumboElement& element = frame.node->v.element;
    if (frame.kind == Kind::kBlock) {
      Flush();
      block_elements_.pop_back();
    }
    if (element.tag == GUMBO_TAG_A && Attribute(element, "href") != nullptr) --link_depth_;
    if (element.tag >= GUMBO_TAG_H1 && element.tag <= GUMBO_TAG_H6) {
      headings_.pop_back();
      if (element.tag == GUMBO_TAG_H1) {
        std::string text;
        for (size_t b = frame.first_block; b < page_->blocks.size(); ++b) {
          if (!text.empty()) text.push_back(' ');
          text.append(page_->blocks[b].text);
        }
        if (!text.empty()) page_->h1.push_back(std::move(text));
      }
    }
  }

  void AppendText(const char* text) {
    const size_t before = buffer_.size();
    for (const char* c = text; *c != '\0'; ++c) {
      // Whitespace inside HTML text is layout, not content.
      buffer_.push_back(*c == '\n' || *c == '\r' || *c == '\t' ? ' ' : *c);
    }
    if (link_depth_ > 0) link_bytes_ += static_cast<int>(buffer_.size() - before);
  }

  void Flush() {
    const absl::string_view stripped = absl::StripAsciiWhitespace(buffer_);
    if (HasVisibleText(stripped)) {
      HtmlBlock block;
      block.element = block_elements_.back();
      block.text = std::string(stripped);
      block.link_bytes = std::min<int>(link_bytes_, static_cast<int>(block.text.size()));
      block.heading = headings_.empty() ? 0 : headings_.back();
      page_->blocks.push_back(std::move(block));
    }
    buffer_.clear();
    link_bytes_ = 0;
  }

  HtmlPage* page_;
  std::vector<Frame> stack_;
  std::vector<int> block_elements_;
  std::vector<int> headings_;
  std::string buffer_;
  int link_bytes_ = 0;
  int link_depth_ = 0;
};

}  // namespace

HtmlPage ParseHtmlPage(absl::string_view html) {
  GumboOptions options = kGumboDefaultOptions;
  options.max_errors = kGumboMaxErrors;
  GumboOutput* output = gumbo_parse_with_options(&options, html.data(), html.size());
  HtmlPage page;
  Walker(&page).Run(output->document);
  gumbo_destroy_output(&options, output);
  return page;
}

bool IsInside(const HtmlPage& page, int index, int ancestor) {
  // Parents always precede their children, so the climb is bounded by index.
  while (index > ancestor) index = page.elements[index].parent;
  return index == ancestor;
}

}  // namespace zhengwen::text
