// The page token codec: round trip, and refusal of every single-byte change,
// truncation, other key, other method and other request.
#include "common/pagination/page_token.h"

#include <fstream>

#include "absl/strings/escaping.h"
#include "common/error_reason.h"
#include "common/pagination/page_size.h"
#include "common/pagination/rank_cursor.h"
#include "gtest/gtest.h"
#include "tests/support/subprocess.h"

namespace zhengwen {
namespace {

constexpr char kKey[] = "0123456789abcdef0123456789abcdef";

void ExpectRefused(const absl::StatusOr<std::string>& decoded, const std::string& what) {
  ASSERT_FALSE(decoded.ok()) << what << " was accepted";
  EXPECT_EQ(decoded.status().code(), absl::StatusCode::kInvalidArgument) << what;
  EXPECT_EQ(ErrorReason(decoded.status()), "INVALID_PAGE_TOKEN") << what;
}

TEST(PageTokenTest, RoundTripsAndRefusesEveryAlteration) {
  PageTokenCodec codec(kKey);
  const std::string cursor("last\0id\xff", 8);
  const std::string token = codec.Encode("Search", "binding", cursor);
  auto decoded = codec.Decode("Search", "binding", token);
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(*decoded, cursor);
  EXPECT_EQ(codec.Encode("Search", "binding", ""), "");
  EXPECT_EQ(*codec.Decode("Search", "binding", ""), "");

  std::string raw;
  ASSERT_TRUE(absl::WebSafeBase64Unescape(token, &raw));
  for (size_t i = 0; i < raw.size(); ++i) {
    for (int bit = 0; bit < 8; ++bit) {
      std::string changed = raw;
      changed[i] = static_cast<char>(changed[i] ^ (1 << bit));
      std::string text;
      absl::WebSafeBase64Escape(changed, &text);
      ExpectRefused(codec.Decode("Search", "binding", text), "byte " + std::to_string(i));
    }
  }
  for (size_t size = 0; size < token.size(); ++size) {
    if (size == 0) continue;  // "" is the first page
    ExpectRefused(codec.Decode("Search", "binding", token.substr(0, size)),
                  "truncated to " + std::to_string(size));
  }
  ExpectRefused(codec.Decode("ListPages", "binding", token), "other method");
  ExpectRefused(codec.Decode("Search", "other binding", token), "other request");
  ExpectRefused(
      PageTokenCodec("another key of at least 32 bytes!!").Decode("Search", "binding", token),
      "other key");
  ExpectRefused(codec.Decode("Search", "binding", "not base64 !"), "not base64");

  auto too_long = codec.Decode("Search", "binding", std::string(kMaxPageTokenBytes + 1, 'A'));
  ASSERT_FALSE(too_long.ok());
  EXPECT_EQ(ErrorReason(too_long.status()), "FIELD_TOO_LONG");
}

TEST(PageTokenTest, KeyIsGeneratedOnceOrReadFromTheFileGiven) {
  testing::TempDir dir;
  auto first = LoadPageTokenKey("", dir.path() + "/data");
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->size(), 64u);
  auto again = LoadPageTokenKey("", dir.path() + "/data");
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, *first);  // kept: tokens survive a restart

  const std::string file = dir.path() + "/secret";
  std::ofstream(file) << "  " << kKey << "\n";
  auto given = LoadPageTokenKey(file, dir.path() + "/data");
  ASSERT_TRUE(given.ok());
  EXPECT_EQ(*given, kKey);

  std::ofstream(file, std::ios::trunc) << "short\n";
  EXPECT_FALSE(LoadPageTokenKey(file, dir.path() + "/data").ok());
  EXPECT_FALSE(LoadPageTokenKey(dir.path() + "/missing", dir.path() + "/data").ok());
}

// Ranks survive exactly (no decimal rounding) and ids may hold any byte.
TEST(RankCursorTest, RoundTripsExactlyAndRefusesShortOrNonFiniteCursors) {
  const std::string id("key\0\x1f\xff", 6);
  for (double rank : {0.0, 1.0 / 3.0, 0.8000000000000002, 12345.0}) {
    auto back = DecodeRankCursor(EncodeRankCursor(RankCursor{rank, id}));
    ASSERT_TRUE(back.ok()) << back.status();
    EXPECT_EQ(back->rank, rank);
    EXPECT_EQ(back->id, id);
  }
  EXPECT_EQ(ErrorReason(DecodeRankCursor("short").status()), "INVALID_PAGE_TOKEN");
  const std::string nan_bits("\x7f\xf8\0\0\0\0\0\0", 8);
  EXPECT_EQ(ErrorReason(DecodeRankCursor(nan_bits + "id").status()), "INVALID_PAGE_TOKEN");
}

TEST(PageSizeTest, DefaultsClampsAndRefusesNegative) {
  EXPECT_EQ(*PageSizeOf(0, kDefaultSearchPageSize), kDefaultSearchPageSize);
  EXPECT_EQ(*PageSizeOf(7, kDefaultListPageSize), 7);
  EXPECT_EQ(*PageSizeOf(kMaxPageSize + 1, kDefaultListPageSize), kMaxPageSize);
  EXPECT_EQ(ErrorReason(PageSizeOf(-1, kDefaultListPageSize).status()), "INVALID_PAGE_SIZE");
}

}  // namespace
}  // namespace zhengwen
