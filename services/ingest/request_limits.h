// Length limits of the ingest API's string fields (docs/api.md lists them).
// A field past its limit is refused before anything else looks at it.
#ifndef ZHENGWEN_SERVICES_INGEST_REQUEST_LIMITS_H_
#define ZHENGWEN_SERVICES_INGEST_REQUEST_LIMITS_H_

#include <cstddef>

#include "common/field_limits.h"  // CheckFieldLength, the one length check

namespace zhengwen::ingest {

inline constexpr size_t kMaxSourceUriBytes = 4096;
inline constexpr size_t kMaxRequestIdBytes = 256;
inline constexpr size_t kMaxContentTypeBytes = 256;
inline constexpr size_t kMaxDeclaredEncodingBytes = 64;
// Page ids are 32 hex digits; the limit leaves room without allowing floods.
inline constexpr size_t kMaxPageIdBytes = 64;
// Host filters (ListPages, Renormalize) and the rules-version filter.
inline constexpr size_t kMaxHostBytes = 256;

}  // namespace zhengwen::ingest

#endif  // ZHENGWEN_SERVICES_INGEST_REQUEST_LIMITS_H_
