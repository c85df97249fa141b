#include "services/ingest/request_limits.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "common/error_reason.h"

namespace zhengwen::ingest {

absl::Status CheckFieldLength(absl::string_view field, absl::string_view value, size_t limit) {
  if (value.size() <= limit) return absl::OkStatus();
  return ErrorWithReason(absl::StatusCode::kInvalidArgument,
                         absl::StrCat(field, " is ", value.size(), " bytes; the limit is ", limit),
                         "FIELD_TOO_LONG",
                         {{"field", std::string(field)}, {"limit_bytes", absl::StrCat(limit)}});
}

}  // namespace zhengwen::ingest
