// Limits on request fields: one check for a string's length and one for a
// repeated field's count, refused as INVALID_ARGUMENT with an ErrorInfo
// naming the field and the limit (docs/api.md lists every limit).
#ifndef ZHENGWEN_COMMON_FIELD_LIMITS_H_
#define ZHENGWEN_COMMON_FIELD_LIMITS_H_

#include <cstddef>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace zhengwen {

// FIELD_TOO_LONG (metadata field, limit_bytes) when `value` exceeds `max_bytes`.
[[nodiscard]] absl::Status CheckFieldLength(absl::string_view field, absl::string_view value,
                                            size_t max_bytes);

// TOO_MANY_VALUES (metadata field, limit) when a repeated field holds more
// than `max_count` values.
[[nodiscard]] absl::Status CheckFieldCount(absl::string_view field, size_t count, size_t max_count);

}  // namespace zhengwen

#endif  // ZHENGWEN_COMMON_FIELD_LIMITS_H_
