#include "common/text_signatures.h"

#include <algorithm>
#include <limits>

#include "common/hashing.h"
#include "common/utf8.h"

namespace zhengwen {
namespace {

bool IsContent(char32_t folded) { return IsCjkCodePoint(folded) || IsWordCodePoint(folded); }

// SplitMix64 finalizer: a cheap, well-mixed hash of a 64-bit value.
uint64_t Mix64(uint64_t x) {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

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

std::u32string ContentCharacters(absl::string_view text) {
  std::u32string out;
  out.reserve(text.size() / 3 + 1);
  for (size_t pos = 0; pos < text.size();) {
    const char32_t cp = FoldCodePoint(DecodeUtf8(text, &pos));
    if (IsContent(cp)) out.push_back(cp);
  }
  return out;
}

MinHashSignature ComputeMinHash(absl::string_view text) {
  const std::u32string content = ContentCharacters(text);
  if (content.empty()) return {};
  constexpr uint64_t kEmpty = std::numeric_limits<uint64_t>::max();
  constexpr int kBinBits = 7;  // 2^7 == kMinHashSize bins
  static_assert((1 << kBinBits) == kMinHashSize, "one bin per signature value");
  std::vector<uint64_t> bins(kMinHashSize, kEmpty);
  const size_t shingle = std::min<size_t>(kShingleLength, content.size());
  for (size_t i = 0; i + shingle <= content.size(); ++i) {
    const uint64_t h = Hash64(absl::string_view(reinterpret_cast<const char*>(&content[i]),
                                                shingle * sizeof(char32_t)));
    // One permutation: the top bits pick the bin, the rest is the value.
    const size_t bin = h >> (64 - kBinBits);
    const uint64_t value = h & ((uint64_t{1} << (64 - kBinBits)) - 1);
    bins[bin] = std::min(bins[bin], value);
  }
  // Optimal densification: an empty bin copies the first non-empty bin its
  // own fixed probe sequence reaches, so equal sets still give equal values.
  MinHashSignature signature(kMinHashSize);
  for (int i = 0; i < kMinHashSize; ++i) {
    uint64_t value = bins[i];
    for (uint64_t attempt = 1; value == kEmpty; ++attempt) {
      value = bins[Mix64((uint64_t(i) << 32) | attempt) % kMinHashSize];
    }
    signature[i] = static_cast<uint16_t>(Mix64(value) >> 48);
  }
  return signature;
}

double EstimateSimilarity(const MinHashSignature& a, const MinHashSignature& b) {
  if (a.empty() || a.size() != b.size()) return 0;
  int equal = 0;
  for (size_t i = 0; i < a.size(); ++i) equal += a[i] == b[i];
  return static_cast<double>(equal) / static_cast<double>(a.size());
}

std::vector<uint64_t> LshBandHashes(const MinHashSignature& signature) {
  std::vector<uint64_t> hashes;
  if (signature.size() != static_cast<size_t>(kMinHashSize)) return hashes;
  hashes.reserve(kLshBands);
  for (int band = 0; band < kLshBands; ++band) {
    hashes.push_back(Hash64(absl::string_view(reinterpret_cast<const char*>(
                                                  &signature[band * kLshRows]),
                                              kLshRows * sizeof(uint16_t)),
                            static_cast<uint64_t>(band)));
  }
  return hashes;
}

std::string EncodeMinHash(const MinHashSignature& signature) {
  std::string out;
  out.reserve(signature.size() * 2);
  for (uint16_t v : signature) {
    out.push_back(static_cast<char>(v & 0xFF));
    out.push_back(static_cast<char>(v >> 8));
  }
  return out;
}

MinHashSignature DecodeMinHash(absl::string_view bytes) {
  MinHashSignature signature(bytes.size() / 2);
  for (size_t i = 0; i < signature.size(); ++i) {
    signature[i] = static_cast<uint16_t>(static_cast<uint8_t>(bytes[2 * i]) |
                                         (static_cast<uint8_t>(bytes[2 * i + 1]) << 8));
  }
  return signature;
}

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
      current.hash = Hash64(absl::string_view(reinterpret_cast<const char*>(content.data()),
                                              content.size() * sizeof(char32_t)));
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
    if (started && IsContent(folded)) content.push_back(folded);
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
