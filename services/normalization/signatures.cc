#include "services/normalization/signatures.h"

#include <algorithm>
#include <array>
#include <limits>
#include <string>
#include <vector>

#include "common/hashing.h"
#include "services/normalization/utf8_text.h"

namespace zhengwen::normalization {
namespace {

uint64_t SplitMix64(uint64_t x) {
  uint64_t z = x + 0x9E3779B97F4A7C15ULL;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

bool IsWhitespace(char32_t cp) { return cp == ' ' || cp == '\n' || cp == '\t' || cp == '\r'; }

bool EndsSentence(char32_t cp) {
  return cp == U'。' || cp == '!' || cp == '?' || cp == ';' || cp == U'！' || cp == U'？' ||
         cp == U'；' || cp == '\n';
}

}  // namespace

zhengwen::document::v1::Signatures ComputeSignatures(absl::string_view text) {
  zhengwen::document::v1::Signatures signatures;
  signatures.set_exact_hash(Hex64(Hash64(text)));
  signatures.set_shingle_size(kShingleSize);

  // Text without whitespace, and where each of its code points starts.
  std::string compact;
  compact.reserve(text.size());
  std::vector<uint32_t> starts;
  starts.reserve(text.size() / 2);
  // Sentences, hashed as they end.
  std::string sentence;
  int sentence_offset = -1;
  int sentence_length = 0;
  auto flush_sentence = [&]() {
    if (sentence_length >= kMinSentenceLength) {
      signatures.add_sentence_hashes(Hash64(sentence));
      signatures.add_sentence_offsets(sentence_offset);
    }
    sentence.clear();
    sentence_offset = -1;
    sentence_length = 0;
  };
  int offset = 0;
  for (size_t pos = 0; pos < text.size(); ++offset) {
    const size_t start = pos;
    const char32_t cp = NextCodePoint(text, &pos);
    if (EndsSentence(cp)) flush_sentence();
    if (IsWhitespace(cp)) continue;
    starts.push_back(static_cast<uint32_t>(compact.size()));
    compact.append(text.data() + start, pos - start);
    if (EndsSentence(cp)) continue;
    if (sentence_offset < 0) sentence_offset = offset;
    sentence.append(text.data() + start, pos - start);
    ++sentence_length;
  }
  flush_sentence();

  const size_t count = starts.size();
  if (count == 0) return signatures;
  starts.push_back(static_cast<uint32_t>(compact.size()));
  static_assert(kMinHashSize == 64, "the bin is the top 6 bits of the shingle hash");
  constexpr uint64_t kEmpty = std::numeric_limits<uint64_t>::max();
  std::array<uint64_t, kMinHashSize> minimum;
  minimum.fill(kEmpty);
  const size_t shingles = count >= kShingleSize ? count - kShingleSize + 1 : 1;
  const absl::string_view bytes(compact);
  for (size_t i = 0; i < shingles; ++i) {
    const size_t end = std::min(count, i + kShingleSize);
    const uint64_t hash = Hash64(bytes.substr(starts[i], starts[end] - starts[i]));
    uint64_t& bin = minimum[hash >> 58];
    if (hash < bin) bin = hash;
  }
  // Densification: an empty bin takes the value of the first non-empty bin
  // in its own fixed pseudo-random probe sequence.
  std::array<uint64_t, kMinHashSize> filled = minimum;
  for (int i = 0; i < kMinHashSize; ++i) {
    if (minimum[i] != kEmpty) continue;
    for (uint64_t attempt = 1;; ++attempt) {
      const uint64_t probe = SplitMix64((static_cast<uint64_t>(i) << 32) ^ attempt) % kMinHashSize;
      if (minimum[probe] != kEmpty) {
        filled[i] = minimum[probe];
        break;
      }
    }
  }
  minimum = filled;
  for (uint64_t value : minimum) signatures.add_minhash(value);
  return signatures;
}

double EstimateJaccard(const zhengwen::document::v1::Signatures& a,
                       const zhengwen::document::v1::Signatures& b) {
  const int n = std::min(a.minhash_size(), b.minhash_size());
  if (n == 0) return 0.0;
  int equal = 0;
  for (int i = 0; i < n; ++i) equal += a.minhash(i) == b.minhash(i) ? 1 : 0;
  return static_cast<double>(equal) / n;
}

}  // namespace zhengwen::normalization
