// Structure stage: turns the body lines of one document into its parts: the
// title (from the page header, a compilation marker or an editor's intro),
// the salutation ("同志们:"), the heading outline with levels, the closing
// ("谢谢大家!"), and the clean text with each heading on a line of its own.
#ifndef ZHENGWEN_SERVICES_NORMALIZATION_STRUCTURE_H_
#define ZHENGWEN_SERVICES_NORMALIZATION_STRUCTURE_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "services/normalization/compilation_split.h"
#include "services/normalization/edit_log.h"
#include "services/normalization/page_line.h"
#include "services/normalization/rules.h"
#include "zhengwen/document/v1/document.pb.h"

namespace zhengwen::normalization {

struct StructuredDocument {
  std::string title;
  // Kept in the text too: they are part of the speech as delivered.
  std::string salutation;
  std::string closing;
  // Paragraphs and headings separated by '\n'.
  std::string text;
  std::vector<zhengwen::document::v1::Section> sections;
  // Page line numbers the document was built from (0 when it has no lines).
  int first_line = 0;
  int last_line = 0;
};

// Removes the header lines at the start of lines [begin, end) — short,
// title-like lines before the body starts (title, repeated title, "…(精选5篇)")
// — logging them, and returns the first of them (cleaned by the title_suffix
// rules) or "" when there is none. When no body follows, only the first line
// is the header (the rest is the text); a lone line stays as the text too.
std::string ConsumeHeader(const RuleSet& rules, PageLines* lines, size_t begin, size_t end,
                          EditLog* log);

// `title` without the title_suffix rules' matches (".docx", "_site name").
std::string CleanTitle(const RuleSet& rules, absl::string_view title);

// Builds one document from the kBody lines of `part`. `page_title` and
// `intro_title` are used, in that order, when the part names no title itself.
StructuredDocument BuildStructure(const RuleSet& rules, PageLines* lines, const DocumentPart& part,
                                  absl::string_view page_title, absl::string_view intro_title,
                                  EditLog* log);

}  // namespace zhengwen::normalization

#endif  // ZHENGWEN_SERVICES_NORMALIZATION_STRUCTURE_H_
