#include "common/text/sentences.h"

#include "common/text/shingles.h"
#include "common/text/utf8.h"

namespace zhengwen {
namespace {

bool EndsSentence(char32_t cp) {
  switch (cp) {
    case U'。': case U'！': case U'？': case U'；': case U'!': case U'?': case U';':
    case U'…': case U'\n':
      return true;
    default:
      return false;
  }
}

// Closing quotes and brackets that belong to the sentence they follow.
bool ClosesQuote(char32_t cp) {
  switch (cp) {
    case U'”': case U'’': case U'」': case U'』': case U'）': case U')': case U'"': case U'\'':
    case U'》': case U'】':
      return true;
    default:
      return false;
  }
}

}  // namespace

std::vector<Sentence> SplitSentences(absl::string_view text, int min_content) {
  std::vector<Sentence> sentences;
  std::u32string content;
  int offset = 0;  // code point index of the next character
  Sentence current;
  bool started = false;
  auto finish = [&](int end) {
    if (started && static_cast<int>(content.size()) >= min_content) {
      current.length = end - current.offset;
      current.content_length = static_cast<int>(content.size());
      current.hash = HashContent(content, 0, content.size());
      sentences.push_back(current);
    }
    started = false;
    content.clear();
  };
  bool closing = false;  // just past a sentence end: absorb closing quotes
  for (size_t pos = 0; pos < text.size();) {
    const char32_t cp = DecodeUtf8(text, &pos);
    if (closing) {
      if (ClosesQuote(cp) || (EndsSentence(cp) && cp != U'\n')) {
        ++offset;
        continue;
      }
      finish(offset);
      closing = false;
    }
    const bool space = cp == U' ' || cp == U'\t' || cp == U'\r' || cp == U'\u3000';
    if (!started && !space && cp != U'\n') {
      started = true;
      current = Sentence();
      current.offset = offset;
    }
    const char32_t folded = FoldCodePoint(cp);
    if (started && IsContentCodePoint(folded)) content.push_back(folded);
    ++offset;
    if (EndsSentence(cp)) {
      if (cp == U'\n') {
        // A line break ends the sentence without belonging to it.
        finish(offset - 1);
      } else {
        closing = true;
      }
    }
  }
  finish(offset);
  return sentences;
}

}  // namespace zhengwen
