// The one codec of fixed-width integers in storage keys: big-endian, so keys
// compare (memcmp, RocksDB's order) as their numbers do.
#ifndef ZHENGWEN_COMMON_STORAGE_KEY_CODEC_H_
#define ZHENGWEN_COMMON_STORAGE_KEY_CODEC_H_

#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"

namespace zhengwen {

inline void AppendBigEndian(uint64_t value, int bytes, std::string* out) {
  for (int shift = 8 * (bytes - 1); shift >= 0; shift -= 8) {
    out->push_back(static_cast<char>((value >> shift) & 0xFF));
  }
}

inline std::string BigEndian32(uint32_t value) {
  std::string out;
  AppendBigEndian(value, 4, &out);
  return out;
}

inline std::string BigEndian64(uint64_t value) {
  std::string out;
  AppendBigEndian(value, 8, &out);
  return out;
}

// The number in `bytes` (at most 8 are meaningful; callers pass 4 or 8).
inline uint64_t ReadBigEndian(absl::string_view bytes) {
  uint64_t value = 0;
  for (char c : bytes) value = (value << 8) | static_cast<uint8_t>(c);
  return value;
}

}  // namespace zhengwen

#endif  // ZHENGWEN_COMMON_STORAGE_KEY_CODEC_H_
