#include "services/normalization/html_text.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/text/html_blocks.h"
#include "services/normalization/stages/html_title.h"

namespace zhengwen::normalization {

HtmlText HtmlToText(absl::string_view html, const MainContentModel& model, EditLog* log,
                    const zhengwen::text::HtmlBudget& budget) {
  HtmlText out;
  const zhengwen::text::HtmlPrescan scan = zhengwen::text::PrescanHtml(html, budget);
  if (scan.dropped_deep_tags > 0) {
    out.limit = "tag_depth";
    log->Add("html_limits", "tag_depth",
             absl::StrCat(scan.dropped_deep_tags, " start tags nested deeper than ",
                          budget.max_depth, " (their text kept)"));
  }
  if (scan.dropped_flood_tags > 0) {
    if (out.limit.empty()) out.limit = "attribute_flood";
    log->Add("html_limits", "attribute_flood",
             absl::StrCat(scan.dropped_flood_tags, " start tags with more than ",
                          budget.max_attributes, " attributes (their text kept)"));
  }
  if (scan.truncated_at > 0) {
    if (out.limit.empty()) out.limit = "tag_count";
    log->Add("html_limits", "tag_count",
             absl::StrCat("page cut after ", budget.max_tags, " tags at byte ", scan.truncated_at,
                          " of ", html.size()));
  }
  const zhengwen::text::HtmlPage page = zhengwen::text::ParseHtmlPage(scan.html);
  out.title = HtmlTitle(page);
  for (int b : SelectMainContent(page, model, log)) {
    absl::StrAppend(&out.text, page.blocks[b].text, "\n");
  }
  return out;
}

}  // namespace zhengwen::normalization
