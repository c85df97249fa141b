// Searcher: runs a parsed query over the index. Candidates come from the
// clause with the shortest posting lists, intersected document-at-a-time with
// block skipping; phrases are verified on positions; every match is counted
// and scored with BM25, and only the requested page is kept (a bounded heap),
// so a deep page costs about what the first does. Snippets are built for the
// page's hits only.
#ifndef ZHENGWEN_SERVICES_QUERY_SEARCH_SEARCHER_H_
#define ZHENGWEN_SERVICES_QUERY_SEARCH_SEARCHER_H_

#include "absl/status/statusor.h"
#include "services/query/index/index_view.h"
#include "services/query/search/query_parser.h"
#include "zhengwen/query/v1/query_service.pb.h"

namespace zhengwen::query {

// One page of hits: at most page_size, and at most view.max_response_bytes of
// them (at least one).
absl::StatusOr<zhengwen::query::v1::SearchResponse> RunSearch(
    const IndexView& view, const ParsedQuery& query,
    const zhengwen::query::v1::SearchRequest& request);

}  // namespace zhengwen::query

#endif  // ZHENGWEN_SERVICES_QUERY_SEARCH_SEARCHER_H_
