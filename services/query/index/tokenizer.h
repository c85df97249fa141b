// Tokenizer of the search index: CJK text becomes character unigrams and
// bigrams, other scripts become words. Every token carries its position: the
// code-point offset of its first character in the text, so positions are also
// highlight offsets and a phrase is found as tokens at consecutive positions.
//
// Term keys (the index keys) are one kind byte followed by the folded UTF-8
// form: 'u' + one CJK character, 'b' + two adjacent CJK characters,
// 'w' + a word (letters and digits, lower case, full-width folded).
#ifndef ZHENGWEN_SERVICES_QUERY_INDEX_TOKENIZER_H_
#define ZHENGWEN_SERVICES_QUERY_INDEX_TOKENIZER_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace zhengwen::query {

enum class TokenKind : char { kUnigram = 'u', kBigram = 'b', kWord = 'w' };

struct Token {
  std::string term;       // kind byte + folded UTF-8
  uint32_t position = 0;  // code-point offset of the first character (+ base)
  uint32_t length = 0;    // code points covered in the text
};

// Title tokens are indexed at kTitleBase + offset in the title, so a phrase
// never spans title and text and positions below kTitleBase are offsets in
// Document.text.
inline constexpr uint32_t kTitleBase = 1u << 30;

// Longest word indexed, in code points; longer runs are cut into pieces.
inline constexpr int kMaxWordLength = 64;

// The one term-key encoder (indexing and queries both build keys with it): a
// CJK unigram (second == 0) or bigram, and a folded word.
std::string CjkTermKey(char32_t first, char32_t second);
std::string WordTermKey(absl::string_view folded);

// Appends the tokens of `text` to `tokens`, positions offset by `base`.
// Returns the text's length in index units (CJK characters plus words).
uint32_t Tokenize(absl::string_view text, uint32_t base, std::vector<Token>* tokens);

// The tokens of `text` without building their keys: CJK tokens as code
// points, words as folded UTF-8. Indexing uses it to sort and group a
// document's tokens as integers; Tokenize builds its keys from the same calls.
class TokenSink {
 public:
  virtual ~TokenSink() = default;
  // A unigram (second == 0) or bigram of CJK code points.
  virtual void Cjk(char32_t first, char32_t second, uint32_t position) = 0;
  virtual void Word(absl::string_view folded, uint32_t position, uint32_t length) = 0;
};
uint32_t ScanTokens(absl::string_view text, uint32_t base, TokenSink* sink);

}  // namespace zhengwen::query

#endif  // ZHENGWEN_SERVICES_QUERY_INDEX_TOKENIZER_H_
