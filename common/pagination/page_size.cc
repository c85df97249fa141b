#include "common/pagination/page_size.h"

#include <algorithm>

#include "common/error_reason.h"

namespace zhengwen {

absl::StatusOr<int> PageSizeOf(int requested, int default_size) {
  if (requested < 0) {
    return ErrorWithReason(absl::StatusCode::kInvalidArgument, "page_size must not be negative",
                           "INVALID_PAGE_SIZE");
  }
  return requested == 0 ? default_size : std::min(requested, kMaxPageSize);
}

}  // namespace zhengwen
