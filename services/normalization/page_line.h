// PageLine: one line of a page as it moves through the line-based stages,
// with its 1-based number in the decoded page (the number edits refer to).
#ifndef ZHENGWEN_SERVICES_NORMALIZATION_PAGE_LINE_H_
#define ZHENGWEN_SERVICES_NORMALIZATION_PAGE_LINE_H_

#include <string>
#include <vector>

namespace zhengwen::normalization {

enum class LineState {
  // Part of the body (so far).
  kBody,
  // Classified as boilerplate, or emptied by an earlier stage.
  kDropped,
  // Appended to the line before it (a page break was joined).
  kJoined,
};

struct PageLine {
  std::string text;
  // 1-based line number in the decoded page (for HTML: in its text rendering).
  int number = 0;
  LineState state = LineState::kBody;
  // Per-line counters the document's quality fields are summed from.
  int mojibake_runs = 0;
  int converted_chars = 0;
  int width_folded_chars = 0;
  // The line classifier's probability that the line is boilerplate (0 when
  // it did not score the line).
  double boilerplate_probability = 0;
  // Dropped by the line classifier (not by a rule): still title evidence.
  bool dropped_by_classifier = false;
};

using PageLines = std::vector<PageLine>;

}  // namespace zhengwen::normalization

#endif  // ZHENGWEN_SERVICES_NORMALIZATION_PAGE_LINE_H_
