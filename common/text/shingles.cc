#include "common/text/shingles.h"

#include "common/text/hashing.h"

namespace zhengwen {

std::u32string ContentCharacters(absl::string_view text) {
  std::u32string out;
  out.reserve(text.size() / 3 + 1);
  for (size_t pos = 0; pos < text.size();) {
    const char32_t cp = FoldCodePoint(DecodeUtf8(text, &pos));
    if (IsContentCodePoint(cp)) out.push_back(cp);
  }
  return out;
}

uint64_t HashContent(const std::u32string& content, size_t begin, size_t length) {
  return Hash64(absl::string_view(reinterpret_cast<const char*>(content.data() + begin),
                                  length * sizeof(char32_t)));
}

}  // namespace zhengwen
