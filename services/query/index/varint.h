// LEB128 varints for the query index's values (fixed-width key integers are
// common/storage/key_codec.h). Inline: posting-list decoding calls them per
// position.
#ifndef ZHENGWEN_SERVICES_QUERY_INDEX_VARINT_H_
#define ZHENGWEN_SERVICES_QUERY_INDEX_VARINT_H_

#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"

namespace zhengwen::query {

inline void PutVarint(uint64_t value, std::string* out) {
  while (value >= 0x80) {
    out->push_back(static_cast<char>(value | 0x80));
    value >>= 7;
  }
  out->push_back(static_cast<char>(value));
}

// Reads a varint at `*p` (not past `end`), advancing `*p`. Returns false on
// truncated input.
inline bool GetVarint(const char** p, const char* end, uint64_t* value) {
  uint64_t result = 0;
  for (int shift = 0; shift <= 63 && *p < end; shift += 7) {
    const uint8_t byte = static_cast<uint8_t>(**p);
    ++*p;
    result |= uint64_t{byte & 0x7Fu} << shift;
    if (byte < 0x80) {
      *value = result;
      return true;
    }
  }
  return false;
}

inline bool GetVarint32(const char** p, const char* end, uint32_t* value) {
  uint64_t v = 0;
  if (!GetVarint(p, end, &v) || v > 0xFFFFFFFFu) return false;
  *value = static_cast<uint32_t>(v);
  return true;
}

// Length-prefixed bytes.
inline void PutBytes(absl::string_view bytes, std::string* out) {
  PutVarint(bytes.size(), out);
  out->append(bytes.data(), bytes.size());
}

inline bool GetBytes(const char** p, const char* end, absl::string_view* bytes) {
  uint64_t n = 0;
  if (!GetVarint(p, end, &n) || n > static_cast<uint64_t>(end - *p)) return false;
  *bytes = absl::string_view(*p, n);
  *p += n;
  return true;
}

}  // namespace zhengwen::query

#endif  // ZHENGWEN_SERVICES_QUERY_INDEX_VARINT_H_
