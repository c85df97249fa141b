// Limits on the query API's request fields, checked before any work: every
// string and repeated field a client sends has one (docs/api.md lists them).
// page_token's limit is the page token codec's; the query text's is the
// parser's (INVALID_QUERY); page_size is clamped to 1000, negative refused.
#ifndef ZHENGWEN_SERVICES_QUERY_REQUEST_LIMITS_H_
#define ZHENGWEN_SERVICES_QUERY_REQUEST_LIMITS_H_

#include <cstddef>

#include "absl/status/status.h"
#include "zhengwen/query/v1/query_service.pb.h"

namespace zhengwen::query {

// Document ids ("<page_id>-<part>") and page ids.
inline constexpr size_t kMaxIdBytes = 128;
// FindSimilar / FindReuse by text.
inline constexpr size_t kMaxQueryTextBytes = 1 << 20;
// SearchFilter.source_hosts: values, and bytes of one (a DNS name).
inline constexpr size_t kMaxFilterHosts = 100;
inline constexpr size_t kMaxHostBytes = 253;
// SearchFilter.published_after / published_before.
inline constexpr size_t kMaxDateBytes = 32;

[[nodiscard]] absl::Status CheckRequest(const zhengwen::query::v1::GetDocumentRequest& request);
[[nodiscard]] absl::Status CheckRequest(const zhengwen::query::v1::ListDocumentsRequest& request);
[[nodiscard]] absl::Status CheckRequest(const zhengwen::query::v1::SearchRequest& request);
[[nodiscard]] absl::Status CheckRequest(const zhengwen::query::v1::FindSimilarRequest& request);
[[nodiscard]] absl::Status CheckRequest(const zhengwen::query::v1::FindReuseRequest& request);
// Nothing to check (no string or repeated field besides page_token); for symmetry.
[[nodiscard]] absl::Status CheckRequest(
    const zhengwen::query::v1::ListSharedSentencesRequest& request);

}  // namespace zhengwen::query

#endif  // ZHENGWEN_SERVICES_QUERY_REQUEST_LIMITS_H_
