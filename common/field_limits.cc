#include "common/field_limits.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "common/error_reason.h"

namespace zhengwen {

absl::Status CheckFieldLength(absl::string_view field, absl::string_view value, size_t max_bytes) {
  if (value.size() <= max_bytes) return absl::OkStatus();
  return ErrorWithReason(
      absl::StatusCode::kInvalidArgument,
      absl::StrCat(field, " is ", value.size(), " bytes; at most ", max_bytes, " are accepted"),
      "FIELD_TOO_LONG", {{"field", std::string(field)}, {"limit_bytes", absl::StrCat(max_bytes)}});
}

absl::Status CheckFieldCount(absl::string_view field, size_t count, size_t max_count) {
  if (count <= max_count) return absl::OkStatus();
  return ErrorWithReason(
      absl::StatusCode::kInvalidArgument,
      absl::StrCat(field, " has ", count, " values; at most ", max_count, " are accepted"),
      "TOO_MANY_VALUES", {{"field", std::string(field)}, {"limit", absl::StrCat(max_count)}});
}

}  // namespace zhengwen
