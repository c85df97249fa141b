// Title choice: which of a page's header lines (the short lines above the
// body) is the headline. Evidence that names no site: the headline recurs on
// the page (printed twice, the breadcrumb's last element, named in an
// editor's intro), shares words with the body's opening, is followed by a
// subtitle or a date line, and has a headline's shape; site names, menus,
// counters and date lines do not. A headline wrapped onto a second short line
// is joined.
#ifndef ZHENGWEN_SERVICES_NORMALIZATION_STAGES_TITLE_CHOICE_H_
#define ZHENGWEN_SERVICES_NORMALIZATION_STAGES_TITLE_CHOICE_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace zhengwen::normalization {

struct HeaderCandidate {
  std::string text;
  // The line classifier's boilerplate probability.
  double probability = 0;
  // The next non-empty line of the page is this candidate's successor in the
  // header (no dropped line between them).
  bool adjacent_to_next = false;
  // The next non-empty page line (any state) begins a subtitle ("——…") or
  // carries a date; "" at the end.
  std::string next_line;
};

struct TitleChoice {
  // Index of the chosen candidate; `joined` when the next one continues it.
  size_t index = 0;
  bool joined = false;
  std::string text;
};

// Chooses the headline among `candidates` (non-empty, in page order).
// `context` holds the other non-empty lines at the top of the page, whatever
// their state (dropped breadcrumbs and intros are evidence too); `body_start`
// the opening of the body after the header.
TitleChoice ChooseTitle(const std::vector<HeaderCandidate>& candidates,
                        const std::vector<absl::string_view>& context,
                        absl::string_view body_start);

// Half of `segment`'s character bigrams are in the body's opening: words of
// the headline ("… | 打赢蓝天保卫战是重中之重"), not a site name after it.
bool SharesBodyWords(absl::string_view segment, absl::string_view body_start);

// A subtitle line ("——党的十八大以来…", "—记…"): never the headline.
bool IsSubtitleLine(absl::string_view text);

}  // namespace zhengwen::normalization

#endif  // ZHENGWEN_SERVICES_NORMALIZATION_STAGES_TITLE_CHOICE_H_
