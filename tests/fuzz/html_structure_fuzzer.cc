// libFuzzer target for HTML structure: each input byte is one markup token
// (an open or close tag of a tag chosen by the byte, an unclosed formatting or
// list tag, an attribute flood, a comment, text), so a 64 KiB input is a page
// of up to 65,536 tags, deep enough to pass the pre-scan's depth budget and
// long enough to reach its tag budget. Invariants: no crash, the pre-scan
// keeps its budgets, every document is valid UTF-8, and a page past a budget
// is either documents or PAGE_TOO_COMPLEX.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "common/error_reason.h"
#include "common/text/html_prescan.h"
#include "tests/fuzz/fuzz_normalizer.h"
#include "common/text/utf8.h"

namespace {

constexpr const char* kTags[] = {"div", "p",     "li",    "ul",  "b",     "a",      "font",
                                 "table", "tr",  "td",    "span", "h1",   "article", "nav",
                                 "select", "option", "script", "svg", "form", "template",
                                 "i",   "em",    "dd",    "dl",  "title", "pre",    "center",
                                 "button", "noscript", "frameset", "body", "html"};
constexpr size_t kTagCount = sizeof(kTags) / sizeof(kTags[0]);

std::string PageFrom(const uint8_t* data, size_t size) {
  std::string html = "<!doctype html><html><body>";
  for (size_t i = 0; i < size; ++i) {
    const uint8_t b = data[i];
    const char* tag = kTags[(b >> 2) % kTagCount];
    switch (b & 3) {
      case 0: html += std::string("<") + tag + (b & 0x80 ? " class=content>" : ">"); break;
      case 1: html += std::string("</") + tag + ">"; break;
      case 2:
        if (b & 0x40) {
          html += "<span";
          for (int a = 0; a < 80; ++a) html += " x=1";  // past the attribute budget
          html += ">";
        } else {
          html += (b & 0x80) ? "<!-- c -->" : "<a href=#>链接</a>";
        }
        break;
      default: html += (b & 0x80) ? "正文内容，有标点。" : "text "; break;
    }
  }
  return html;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string html = PageFrom(data, size);
  const zhengwen::text::HtmlBudget budget;
  const auto scan = zhengwen::text::PrescanHtml(html, budget);
  if (scan.max_depth_seen > budget.max_depth || scan.tags > budget.max_tags ||
      scan.html.size() > html.size()) {
    std::abort();
  }
  zhengwen::document::v1::Page page;
  page.set_source_uri("fuzz://structure.html");
  page.set_content_type("text/html");
  page.set_content(html);
  auto documents = zhengwen::fuzz::TheNormalizer().Normalize(page);
  if (!documents.ok()) {
    if (zhengwen::ErrorReason(documents.status()) != "PAGE_TOO_COMPLEX") std::abort();
    return 0;
  }
  for (const auto& doc : *documents) {
    if (!zhengwen::IsValidUtf8(doc.text()) ||
        !zhengwen::IsValidUtf8(doc.title())) {
      std::abort();
    }
  }
  return 0;
}
