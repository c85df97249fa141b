#include "services/normalization/injections.h"

#include <algorithm>
#include <vector>

namespace zhengwen::normalization {

std::string RemoveInjections(const RuleSet& rules, absl::string_view line, int line_number,
                             EditLog* log) {
  std::string text(line);
  const std::vector<const Rule*>& inject_rules = rules.OfKind(RuleKind::kInject);
  // Which rules can match, from one pass over the text; asked again after a
  // cut, since joining the text around it can make a later rule match.
  std::vector<int> matching = rules.MatchingOfKind(RuleKind::kInject, text);
  for (size_t r = 0; r < inject_rules.size(); ++r) {
    if (!std::binary_search(matching.begin(), matching.end(), static_cast<int>(r))) continue;
    const Rule* rule = inject_rules[r];
    std::string out;
    size_t pos = 0;
    re2::StringPiece match;
    const re2::StringPiece input(text.data(), text.size());
    bool changed = false;
    while (pos <= text.size() &&
           rule->pattern->Match(input, pos, text.size(), RE2::UNANCHORED, &match, 1)) {
      const size_t start = static_cast<size_t>(match.data() - text.data());
      if (match.empty()) {
        if (start >= text.size()) break;
        out.append(text, pos, start + 1 - pos);
        pos = start + 1;
        continue;
      }
      out.append(text, pos, start - pos);
      log->Add("injections", rule->Label(), absl::string_view(match.data(), match.size()), "",
               line_number);
      pos = start + match.size();
      changed = true;
    }
    if (!changed) continue;
    if (pos < text.size()) out.append(text, pos, std::string::npos);
    text = std::move(out);
    matching = rules.MatchingOfKind(RuleKind::kInject, text);
  }
  return text;
}

}  // namespace zhengwen::normalization
