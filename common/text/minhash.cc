#include "common/text/minhash.h"

#include <algorithm>
#include <limits>

#include "common/text/hashing.h"
#include "common/text/shingles.h"

namespace zhengwen {
namespace {

// SplitMix64 finalizer: a cheap, well-mixed hash of a 64-bit value.
uint64_t Mix64(uint64_t x) {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

}  // namespace

MinHashSignature ComputeMinHash(absl::string_view text) {
  const std::u32string content = ContentCharacters(text);
  if (content.empty()) return {};
  constexpr uint64_t kEmpty = std::numeric_limits<uint64_t>::max();
  constexpr int kBinBits = 7;  // 2^7 == kMinHashSize bins
  static_assert((1 << kBinBits) == kMinHashSize, "one bin per signature value");
  std::vector<uint64_t> bins(kMinHashSize, kEmpty);
  const size_t shingle = std::min<size_t>(kShingleLength, content.size());
  for (size_t i = 0; i + shingle <= content.size(); ++i) {
    const uint64_t h = HashContent(content, i, shingle);
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

}  // namespace zhengwen
