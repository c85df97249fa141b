#include "common/text/hashing.h"

#include <xxhash.h>

#include "absl/strings/str_format.h"

namespace zhengwen {

std::string Hash128Hex(absl::string_view bytes) {
  XXH128_hash_t h = XXH3_128bits(bytes.data(), bytes.size());
  return absl::StrFormat("%016x%016x", h.high64, h.low64);
}

uint64_t Hash64(absl::string_view bytes, uint64_t seed) {
  return XXH3_64bits_withSeed(bytes.data(), bytes.size(), seed);
}

std::string Hex64(uint64_t value) { return absl::StrFormat("%016x", value); }

}  // namespace zhengwen
