// Length limits of the ingest API's string fields (docs/api.md lists them).
// A field past its limit is refused before anything else looks at it.
#ifndef ZHENGWEN_SERVICES_INGEST_REQUEST_LIMITS_H_
#define ZHENGWEN_SERVICES_INGEST_REQUEST_LIMITS_H_

#include <cstddef>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace zhengwen::ingest {

inline constexpr size_t kMaxSourceUriBytes = 4096;
inline constexpr size_t kMaxRequestIdBytes = 256;
inline constexpr size_t kMaxContentTypeBytes = 256;
inline constexpr size_t kMaxDeclaredEncodingBytes = 64;
// Page ids are 32 hex digits; the limit leaves room without allowing floods.
inline constexpr size_t kMaxPageIdBytes = 64;

// OK, or INVALID_ARGUMENT / FIELD_TOO_LONG naming `field` and its limit.
absl::Status CheckFieldLength(absl::string_view field, absl::string_view value, size_t limit);

}  // namespace zhengwen::ingest

#endif  // ZHENGWEN_SERVICES_INGEST_REQUEST_LIMITS_H_
