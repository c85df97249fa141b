// The one set of page sizes of every list and search (docs/api.md).
#ifndef ZHENGWEN_COMMON_PAGINATION_PAGE_SIZE_H_
#define ZHENGWEN_COMMON_PAGINATION_PAGE_SIZE_H_

#include "absl/status/statusor.h"

namespace zhengwen {

// Most items one page holds, whatever the call asks for.
inline constexpr int kMaxPageSize = 1000;
// Items of a page when the call asks for none (page_size 0).
inline constexpr int kDefaultListPageSize = 100;
inline constexpr int kDefaultSearchPageSize = 10;
// FindReuse: each item carries its shared passages.
inline constexpr int kDefaultReusePageSize = 20;

// The page size of a call asking for `requested`: `default_size` for 0, at
// most kMaxPageSize; INVALID_ARGUMENT (reason INVALID_PAGE_SIZE) when negative.
absl::StatusOr<int> PageSizeOf(int requested, int default_size);

}  // namespace zhengwen

#endif  // ZHENGWEN_COMMON_PAGINATION_PAGE_SIZE_H_
