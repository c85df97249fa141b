// Page tokens of Search. A token names the last hit returned (score and
// document number) and freezes the corpus statistics the first page was
// ranked with, so later pages rank every document exactly as the first did:
// no hit repeats or goes missing while documents are written meanwhile.
#ifndef ZHENGWEN_SERVICES_QUERY_SEARCH_SEARCH_PAGE_TOKEN_H_
#define ZHENGWEN_SERVICES_QUERY_SEARCH_SEARCH_PAGE_TOKEN_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace zhengwen::query {

struct SearchPageToken {
  uint64_t fingerprint = 0;    // of the query and filter the token belongs to
  double last_score = 0;
  uint32_t last_doc = 0;
  uint64_t documents = 0;      // corpus statistics of the first page
  uint64_t total_length = 0;
  std::vector<uint64_t> document_frequencies;  // per distinct query term, in query order
};

// The cursor as bytes; the API seals it (common/pagination/page_token.h).
std::string EncodeSearchPageToken(const SearchPageToken& token);

// INVALID_ARGUMENT (reason INVALID_PAGE_TOKEN) when `text` is not a token or
// belongs to another query (`fingerprint` differs).
absl::StatusOr<SearchPageToken> DecodeSearchPageToken(absl::string_view text,
                                                      uint64_t fingerprint);

}  // namespace zhengwen::query

#endif  // ZHENGWEN_SERVICES_QUERY_SEARCH_SEARCH_PAGE_TOKEN_H_
