#include "services/query/query_parser.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "common/error_reason.h"
#include "common/text/utf8.h"
#include "services/query/tokenizer.h"

namespace zhengwen::query {
namespace {

absl::Status InvalidQuery(absl::string_view why) {
  return ErrorWithReason(absl::StatusCode::kInvalidArgument, why, "INVALID_QUERY");
}

bool IsSpace(char32_t cp) {
  return cp == U' ' || cp == U'\t' || cp == U'\n' || cp == U'\r' || cp == U'\u3000';
}

// The closing quote of an opening one, or 0 when `cp` opens no phrase.
char32_t ClosingQuote(char32_t cp) {
  switch (cp) {
    case U'"': return U'"';
    case U'“': return U'”';
    case U'「': return U'」';
    case U'『': return U'』';
    default: return 0;
  }
}

struct Lexeme {
  std::string text;
  bool quoted = false;
  bool excluded = false;
  bool is_or = false;
};

std::vector<Lexeme> Lex(absl::string_view query) {
  std::vector<Lexeme> out;
  size_t pos = 0;
  while (pos < query.size()) {
    size_t next = pos;
    char32_t cp = DecodeUtf8(query, &next);
    if (IsSpace(cp)) {
      pos = next;
      continue;
    }
    Lexeme lexeme;
    if (cp == U'-' || cp == U'－') {
      // "-x" excludes x; a lone "-" is ignored.
      size_t after = next;
      if (after < query.size() && !IsSpace(DecodeUtf8(query, &after))) {
        lexeme.excluded = true;
        pos = next;
        cp = DecodeUtf8(query, &next);
      }
    }
    if (const char32_t close = ClosingQuote(cp); close != 0) {
      lexeme.quoted = true;
      pos = next;
      while (pos < query.size()) {
        size_t at = pos;
        if (DecodeUtf8(query, &at) == close) break;
        lexeme.text.append(query.data() + pos, at - pos);
        pos = at;
      }
      if (pos < query.size()) DecodeUtf8(query, &pos);  // the closing quote
      out.push_back(std::move(lexeme));
      continue;
    }
    // A bare word runs to the next space or opening quote.
    while (pos < query.size()) {
      size_t at = pos;
      const char32_t c = DecodeUtf8(query, &at);
      if (IsSpace(c) || (ClosingQuote(c) != 0 && !lexeme.text.empty())) break;
      lexeme.text.append(query.data() + pos, at - pos);
      pos = at;
    }
    if (!lexeme.excluded && !lexeme.quoted && (lexeme.text == "OR" || lexeme.text == "|")) {
      lexeme.is_or = true;
    }
    out.push_back(std::move(lexeme));
  }
  return out;
}

}  // namespace

QueryAtom MakeAtom(absl::string_view text, bool quoted) {
  QueryAtom atom;
  atom.text = std::string(text);
  std::vector<Token> tokens;
  tokens.reserve(text.size());  // at most two tokens a character of 3 bytes
  Tokenize(text, 0, &tokens);
  // Keep bigrams, words, and the unigrams of CJK runs one character long
  // (a longer run is fully covered by its bigrams).
  std::vector<Token> kept;
  kept.reserve(tokens.size());
  for (const Token& token : tokens) {
    if (token.term[0] != static_cast<char>(TokenKind::kUnigram)) {
      kept.push_back(token);
      continue;
    }
    const bool covered = std::any_of(tokens.begin(), tokens.end(), [&](const Token& other) {
      return other.term[0] == static_cast<char>(TokenKind::kBigram) &&
             (other.position == token.position || other.position + 1 == token.position);
    });
    if (!covered) kept.push_back(token);
  }
  std::stable_sort(kept.begin(), kept.end(),
                   [](const Token& a, const Token& b) { return a.position < b.position; });
  if (kept.empty()) return atom;
  const uint32_t first = kept.front().position;
  for (const Token& token : kept) {
    atom.terms.push_back(QueryAtom::Term{token.term, token.position - first, token.length});
    atom.span_length = std::max(atom.span_length, token.position - first + token.length);
  }
  const bool single_run =
      std::all_of(kept.begin(), kept.end(),
                  [](const Token& t) { return t.term[0] == static_cast<char>(TokenKind::kBigram); }) &&
      atom.span_length == kept.size() + 1;
  if (quoted) {
    atom.kind = atom.terms.size() == 1 ? QueryAtom::Kind::kTerm : QueryAtom::Kind::kPhrase;
    // A quoted single term still has to be the whole phrase: "中国" is one
    // bigram, so kTerm is exact.
  } else if (atom.terms.size() == 1) {
    atom.kind = QueryAtom::Kind::kTerm;
  } else if (single_run) {
    atom.kind = QueryAtom::Kind::kRun;
  } else {
    // Scripts mixed without a space ("covid-19疫情"): the user meant them together.
    atom.kind = QueryAtom::Kind::kPhrase;
  }
  return atom;
}

absl::StatusOr<ParsedQuery> ParseQuery(
    absl::string_view query, const std::function<std::string(absl::string_view)>& to_simplified) {
  if (query.size() > kMaxQueryBytes) {
    return InvalidQuery(absl::StrCat("query is longer than ", kMaxQueryBytes, " bytes"));
  }
  ParsedQuery parsed;
  bool pending_or = false;
  int atoms = 0;
  for (const Lexeme& lexeme : Lex(query)) {
    if (lexeme.is_or) {
      pending_or = !parsed.required.empty();
      continue;
    }
    std::vector<QueryAtom> forms;
    forms.push_back(MakeAtom(to_simplified(lexeme.text), lexeme.quoted));
    if (forms[0].text != lexeme.text) {
      QueryAtom as_typed = MakeAtom(lexeme.text, lexeme.quoted);
      as_typed.script_variant = true;
      if (!as_typed.terms.empty()) forms.push_back(std::move(as_typed));
    }
    if (forms[0].terms.empty()) continue;  // punctuation only
    if (++atoms > kMaxQueryAtoms) {
      return InvalidQuery(absl::StrCat("query has more than ", kMaxQueryAtoms, " terms"));
    }
    if (lexeme.excluded) {
      for (QueryAtom& form : forms) parsed.excluded.push_back(std::move(form));
    } else {
      if (!pending_or) parsed.required.emplace_back();
      for (QueryAtom& form : forms) parsed.required.back().alternatives.push_back(std::move(form));
    }
    pending_or = false;
  }
  if (parsed.required.empty()) {
    return InvalidQuery("query has no terms to search for (exclusions alone match nothing)");
  }
  return parsed;
}

std::string ParsedQuery::Describe() const {
  auto describe = [](const QueryAtom& atom) {
    switch (atom.kind) {
      case QueryAtom::Kind::kTerm: return absl::StrCat("term(", atom.text, ")");
      case QueryAtom::Kind::kRun: return absl::StrCat("run(", atom.text, ")");
      case QueryAtom::Kind::kPhrase: return absl::StrCat("phrase(", atom.text, ")");
    }
    return std::string();
  };
  std::string out;
  for (const QueryClause& clause : required) {
    if (!out.empty()) out += " AND ";
    for (size_t i = 0; i < clause.alternatives.size(); ++i) {
      if (i > 0) out += clause.alternatives[i].script_variant ? " ALSO " : " OR ";
      out += describe(clause.alternatives[i]);
    }
  }
  for (const QueryAtom& atom : excluded) absl::StrAppend(&out, " NOT ", describe(atom));
  return out;
}

}  // namespace zhengwen::query
