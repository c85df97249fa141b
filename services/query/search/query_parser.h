// Query syntax of Search (documented in docs/query.md):
//   月光 故乡          both terms (AND)
//   "床前明月光"       an exact phrase (also “…” and 「…」)
//   月光 OR 月色       either (OR binds tighter than AND; `|` works too)
//   -广告 -"点击查看"  exclusions
// Each term is converted to Simplified Chinese by the same converter as the
// documents, then tokenized by the index tokenizer, so "國家" finds 国家. When
// the conversion changes a term, the term as typed stays an alternative: the
// converter's phrase rules can rewrite Simplified text cut mid-phrase, and
// the text as typed is then what the documents hold.
#ifndef ZHENGWEN_SERVICES_QUERY_SEARCH_QUERY_PARSER_H_
#define ZHENGWEN_SERVICES_QUERY_SEARCH_QUERY_PARSER_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace zhengwen::query {

// One searchable unit the user wrote: a term or a phrase.
struct QueryAtom {
  enum class Kind {
    kTerm,    // one index term: a single CJK character or a word
    kRun,     // an unquoted CJK run: all its bigrams, ranked higher where contiguous
    kPhrase,  // quoted (or mixed-script) text: its terms at their relative offsets
  };
  struct Term {
    std::string key;      // index term key (tokenizer.h)
    uint32_t offset = 0;  // code points from the atom's first term
    uint32_t length = 0;  // code points the term covers
  };
  Kind kind = Kind::kTerm;
  std::string text;          // the atom after normalization
  std::vector<Term> terms;   // ordered by offset
  uint32_t span_length = 0;  // code points from the first term's start to the last one's end
  // The previous alternative's term as typed, before conversion: the two
  // score as one (the better of them), not as two terms.
  bool script_variant = false;
};

// Alternatives joined by OR; a document matches the clause if it matches any.
struct QueryClause {
  std::vector<QueryAtom> alternatives;
};

struct ParsedQuery {
  std::vector<QueryClause> required;  // all must match
  std::vector<QueryAtom> excluded;    // none may match
  // Canonical description (for page-token fingerprints and logs).
  std::string Describe() const;
};

// Limits that keep one query's cost bounded.
inline constexpr size_t kMaxQueryBytes = 2000;
inline constexpr int kMaxQueryAtoms = 32;

// Parses `query`; `to_simplified` converts text to Simplified Chinese.
// INVALID_ARGUMENT (reason INVALID_QUERY) for an empty query, one with only
// exclusions, or one over the limits.
absl::StatusOr<ParsedQuery> ParseQuery(
    absl::string_view query, const std::function<std::string(absl::string_view)>& to_simplified);

// The atom of already-normalized `text` (for tests and reuse of the rules).
QueryAtom MakeAtom(absl::string_view text, bool quoted);

}  // namespace zhengwen::query

#endif  // ZHENGWEN_SERVICES_QUERY_SEARCH_QUERY_PARSER_H_
