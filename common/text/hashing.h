// Content hashes (xxHash XXH3) used for ids and text fingerprints.
#ifndef ZHENGWEN_COMMON_TEXT_HASHING_H_
#define ZHENGWEN_COMMON_TEXT_HASHING_H_

#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"

namespace zhengwen {

// 32 lowercase hex digits of the 128-bit XXH3 hash of `bytes`.
std::string Hash128Hex(absl::string_view bytes);

// 64-bit XXH3 hash of `bytes`, with an optional seed.
uint64_t Hash64(absl::string_view bytes, uint64_t seed = 0);

// 16 lowercase hex digits of a 64-bit value.
std::string Hex64(uint64_t value);

}  // namespace zhengwen

#endif  // ZHENGWEN_COMMON_TEXT_HASHING_H_
