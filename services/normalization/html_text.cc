#include "services/normalization/html_text.h"

#include <gumbo.h>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"

namespace zhengwen::normalization {
namespace {

bool IsBlock(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_P: case GUMBO_TAG_DIV: case GUMBO_TAG_BR: case GUMBO_TAG_LI:
    case GUMBO_TAG_UL: case GUMBO_TAG_OL: case GUMBO_TAG_H1: case GUMBO_TAG_H2:
    case GUMBO_TAG_H3: case GUMBO_TAG_H4: case GUMBO_TAG_H5: case GUMBO_TAG_H6:
    case GUMBO_TAG_TR: case GUMBO_TAG_TABLE: case GUMBO_TAG_SECTION: case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_HEADER: case GUMBO_TAG_FOOTER: case GUMBO_TAG_NAV: case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_PRE: case GUMBO_TAG_TITLE: case GUMBO_TAG_DD: case GUMBO_TAG_DT:
    case GUMBO_TAG_HR: case GUMBO_TAG_ASIDE: case GUMBO_TAG_MAIN: case GUMBO_TAG_FORM:
    case GUMBO_TAG_CENTER: case GUMBO_TAG_TD: case GUMBO_TAG_TH:
      return true;
    default:
      return false;
  }
}

void AppendNewline(std::string* out) {
  if (!out->empty() && out->back() != '\n') out->push_back('\n');
}

void Walk(const GumboNode* node, std::string* out) {
  if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_WHITESPACE ||
      node->type == GUMBO_NODE_CDATA) {
    std::string text = node->v.text.text;
    // Whitespace inside HTML text is layout, not content.
    for (char& c : text) {
      if (c == '\n' || c == '\r' || c == '\t') c = ' ';
    }
    out->append(text);
    return;
  }
  if (node->type != GUMBO_NODE_ELEMENT && node->type != GUMBO_NODE_DOCUMENT) return;
  const GumboVector* children;
  GumboTag tag = GUMBO_TAG_UNKNOWN;
  if (node->type == GUMBO_NODE_DOCUMENT) {
    children = &node->v.document.children;
  } else {
    tag = node->v.element.tag;
    if (tag == GUMBO_TAG_SCRIPT || tag == GUMBO_TAG_STYLE || tag == GUMBO_TAG_NOSCRIPT ||
        tag == GUMBO_TAG_TEMPLATE || tag == GUMBO_TAG_IFRAME) {
      return;
    }
    children = &node->v.element.children;
  }
  const bool block = IsBlock(tag);
  if (block) AppendNewline(out);
  for (unsigned i = 0; i < children->length; ++i) {
    Walk(static_cast<const GumboNode*>(children->data[i]), out);
  }
  if (block) AppendNewline(out);
}

}  // namespace

bool LooksLikeHtml(absl::string_view content_type, absl::string_view text) {
  if (!content_type.empty()) {
    return absl::StrContains(absl::AsciiStrToLower(content_type), "html");
  }
  const std::string head =
      absl::AsciiStrToLower(absl::StripLeadingAsciiWhitespace(text.substr(0, 1024)));
  return absl::StartsWith(head, "<!doctype html") || absl::StartsWith(head, "<html") ||
         absl::StrContains(head, "<body");
}

std::string HtmlToText(absl::string_view html) {
  GumboOutput* output =
      gumbo_parse_with_options(&kGumboDefaultOptions, html.data(), html.size());
  std::string out;
  Walk(output->document, &out);
  gumbo_destroy_output(&kGumboDefaultOptions, output);
  return out;
}

}  // namespace zhengwen::normalization
