#include "services/normalization/edit_log.h"

#include "common/text/utf8.h"

namespace zhengwen::normalization {
namespace {

constexpr size_t kMaxRecordedBytes = 600;

// Cuts `text` to at most kMaxRecordedBytes without splitting a code point.
std::string Truncated(absl::string_view text) {
  if (text.size() <= kMaxRecordedBytes) return std::string(text);
  size_t pos = 0;
  while (pos < text.size()) {
    size_t next = pos;
    DecodeUtf8(text, &next);
    if (next > kMaxRecordedBytes) break;
    pos = next;
  }
  return std::string(text.substr(0, pos)) + "…";
}

}  // namespace

void EditLog::Add(absl::string_view stage, absl::string_view rule, absl::string_view removed,
                  absl::string_view replacement, int line) {
  zhengwen::document::v1::Edit edit;
  edit.set_stage(std::string(stage));
  edit.set_rule(std::string(rule));
  edit.set_removed(Truncated(removed));
  edit.set_replacement(Truncated(replacement));
  edit.set_line(line);
  edits_.push_back(std::move(edit));
}

void EditLog::Flag(absl::string_view stage, absl::string_view rule, absl::string_view text,
                   int line) {
  Add(stage, rule, text, "", line);
  edits_.back().set_flagged(true);
}

}  // namespace zhengwen::normalization
