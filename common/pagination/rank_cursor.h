// The cursor of a ranked list (FindSimilar, FindReuse, ListSharedSentences):
// the rank and id of the last item returned; the next page starts after it.
// Like every cursor it travels sealed in a page token (page_token.h), which
// carries it as bytes, so `id` may be any bytes.
#ifndef ZHENGWEN_COMMON_PAGINATION_RANK_CURSOR_H_
#define ZHENGWEN_COMMON_PAGINATION_RANK_CURSOR_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace zhengwen {

struct RankCursor {
  double rank = 0;
  std::string id;
};

// 8 bytes of the rank's IEEE-754 bits (big-endian; exact, unlike decimal
// text), then the id.
std::string EncodeRankCursor(const RankCursor& cursor);
// INVALID_ARGUMENT (reason INVALID_PAGE_TOKEN) when `bytes` is not a cursor.
absl::StatusOr<RankCursor> DecodeRankCursor(absl::string_view bytes);

}  // namespace zhengwen

#endif  // ZHENGWEN_COMMON_PAGINATION_RANK_CURSOR_H_
