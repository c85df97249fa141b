#include "services/query/tokenizer.h"

#include "common/utf8.h"

namespace zhengwen::query {

uint32_t Tokenize(absl::string_view text, uint32_t base, std::vector<Token>* tokens) {
  uint32_t units = 0;
  uint32_t index = 0;          // code point index of the current character
  char32_t previous_cjk = 0;   // the previous character when it was CJK
  std::string word;            // the word being read (folded UTF-8)
  uint32_t word_start = 0;
  uint32_t word_length = 0;
  auto end_word = [&] {
    if (word_length == 0) return;
    tokens->push_back(Token{std::string(1, 'w') + word, base + word_start, word_length});
    ++units;
    word.clear();
    word_length = 0;
  };
  for (size_t pos = 0; pos < text.size(); ++index) {
    const char32_t cp = FoldCodePoint(DecodeUtf8(text, &pos));
    if (IsCjkCodePoint(cp)) {
      end_word();
      Token unigram;
      unigram.term.push_back('u');
      EncodeUtf8(cp, &unigram.term);
      unigram.position = base + index;
      unigram.length = 1;
      if (previous_cjk != 0) {
        Token bigram;
        bigram.term.push_back('b');
        EncodeUtf8(previous_cjk, &bigram.term);
        EncodeUtf8(cp, &bigram.term);
        bigram.position = base + index - 1;
        bigram.length = 2;
        tokens->push_back(std::move(bigram));
      }
      tokens->push_back(std::move(unigram));
      ++units;
      previous_cjk = cp;
      continue;
    }
    previous_cjk = 0;
    if (IsWordCodePoint(cp)) {
      if (word_length == kMaxWordLength) end_word();
      if (word_length == 0) word_start = index;
      EncodeUtf8(cp, &word);
      ++word_length;
    } else {
      end_word();
    }
  }
  end_word();
  return units;
}

}  // namespace zhengwen::query
