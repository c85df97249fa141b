#include "services/query/tokenizer.h"

#include "common/text/utf8.h"

namespace zhengwen::query {

uint32_t ScanTokens(absl::string_view text, uint32_t base, TokenSink* sink) {
  uint32_t units = 0;
  uint32_t index = 0;          // code point index of the current character
  char32_t previous_cjk = 0;   // the previous character when it was CJK
  std::string word;            // the word being read (folded UTF-8)
  uint32_t word_start = 0;
  uint32_t word_length = 0;
  auto end_word = [&] {
    if (word_length == 0) return;
    sink->Word(word, base + word_start, word_length);
    ++units;
    word.clear();
    word_length = 0;
  };
  for (size_t pos = 0; pos < text.size(); ++index) {
    const char32_t cp = FoldCodePoint(DecodeUtf8(text, &pos));
    if (IsCjkCodePoint(cp)) {
      end_word();
      if (previous_cjk != 0) sink->Cjk(previous_cjk, cp, base + index - 1);
      sink->Cjk(cp, 0, base + index);
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

uint32_t Tokenize(absl::string_view text, uint32_t base, std::vector<Token>* tokens) {
  class Collect : public TokenSink {
   public:
    explicit Collect(std::vector<Token>* tokens) : tokens_(tokens) {}
    void Cjk(char32_t first, char32_t second, uint32_t position) override {
      Token token;
      token.term.push_back(static_cast<char>(second == 0 ? TokenKind::kUnigram : TokenKind::kBigram));
      EncodeUtf8(first, &token.term);
      if (second != 0) EncodeUtf8(second, &token.term);
      token.position = position;
      token.length = second == 0 ? 1 : 2;
      tokens_->push_back(std::move(token));
    }
    void Word(absl::string_view folded, uint32_t position, uint32_t length) override {
      Token token;
      token.term.push_back(static_cast<char>(TokenKind::kWord));
      token.term.append(folded.data(), folded.size());
      token.position = position;
      token.length = length;
      tokens_->push_back(std::move(token));
    }

   private:
    std::vector<Token>* tokens_;
  };
  Collect collect(tokens);
  return ScanTokens(text, base, &collect);
}

}  // namespace zhengwen::query
