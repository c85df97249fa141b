#include "services/query/search/search_page_token.h"

#include <cstring>

#include "common/error_reason.h"
#include "common/storage/key_codec.h"
#include "services/query/index/varint.h"

namespace zhengwen::query {
namespace {

constexpr char kVersion = 1;

absl::Status InvalidToken(absl::string_view why) {
  return ErrorWithReason(absl::StatusCode::kInvalidArgument, why, "INVALID_PAGE_TOKEN");
}

}  // namespace

std::string EncodeSearchPageToken(const SearchPageToken& token) {
  std::string raw(1, kVersion);
  raw += BigEndian64(token.fingerprint);
  uint64_t score_bits = 0;
  std::memcpy(&score_bits, &token.last_score, sizeof(score_bits));
  raw += BigEndian64(score_bits);
  PutVarint(token.last_doc, &raw);
  PutVarint(token.documents, &raw);
  PutVarint(token.total_length, &raw);
  PutVarint(token.document_frequencies.size(), &raw);
  for (uint64_t df : token.document_frequencies) PutVarint(df, &raw);
  return raw;
}

absl::StatusOr<SearchPageToken> DecodeSearchPageToken(absl::string_view text,
                                                      uint64_t fingerprint) {
  const absl::string_view raw = text;
  if (raw.size() < 17 || raw[0] != kVersion) {
    return InvalidToken("page_token is not a Search page token");
  }
  SearchPageToken token;
  token.fingerprint = ReadBigEndian(raw.substr(1, 8));
  if (token.fingerprint != fingerprint) {
    return InvalidToken("page_token belongs to another query or filter");
  }
  const uint64_t score_bits = ReadBigEndian(raw.substr(9, 8));
  std::memcpy(&token.last_score, &score_bits, sizeof(score_bits));
  const char* p = raw.data() + 17;
  const char* end = raw.data() + raw.size();
  uint64_t terms = 0;
  if (!GetVarint32(&p, end, &token.last_doc) || !GetVarint(&p, end, &token.documents) ||
      !GetVarint(&p, end, &token.total_length) || !GetVarint(&p, end, &terms) || terms > 1024) {
    return InvalidToken("page_token is corrupt");
  }
  token.document_frequencies.resize(terms);
  for (uint64_t& df : token.document_frequencies) {
    if (!GetVarint(&p, end, &df)) return InvalidToken("page_token is corrupt");
  }
  return token;
}

}  // namespace zhengwen::query
