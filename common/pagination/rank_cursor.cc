#include "common/pagination/rank_cursor.h"

#include <cmath>
#include <cstring>

#include "common/error_reason.h"
#include "common/storage/key_codec.h"

namespace zhengwen {

std::string EncodeRankCursor(const RankCursor& cursor) {
  uint64_t bits = 0;
  std::memcpy(&bits, &cursor.rank, sizeof(bits));
  std::string out = BigEndian64(bits);
  out += cursor.id;
  return out;
}

absl::StatusOr<RankCursor> DecodeRankCursor(absl::string_view bytes) {
  RankCursor cursor;
  const uint64_t bits = bytes.size() >= 8 ? ReadBigEndian(bytes.substr(0, 8)) : 0;
  std::memcpy(&cursor.rank, &bits, sizeof(bits));
  if (bytes.size() < 8 || !std::isfinite(cursor.rank)) {
    return ErrorWithReason(absl::StatusCode::kInvalidArgument, "page_token is not valid here",
                           "INVALID_PAGE_TOKEN");
  }
  cursor.id = std::string(bytes.substr(8));
  return cursor;
}

}  // namespace zhengwen
