// FindSimilar's read path: the documents related to a profile, ranked by
// similarity, paged by a rank cursor, each with its measures.
#ifndef ZHENGWEN_SERVICES_QUERY_SIMILAR_FIND_SIMILAR_H_
#define ZHENGWEN_SERVICES_QUERY_SIMILAR_FIND_SIMILAR_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "services/query/index/doc_table.h"
#include "services/query/index/index_view.h"
#include "services/query/similar/near_duplicates.h"
#include "zhengwen/document/v1/document.pb.h"
#include "zhengwen/query/v1/query_service.pb.h"

namespace zhengwen::query {

// What FindSimilar asks about, resolved by the caller.
struct SimilarAsk {
  SimilarityProfile profile;
  uint32_t exclude = kNoDocument;  // the document asked about (by id), or none
  ClusterKey asked;                // its date and id; a text is "now" (latest)
  std::string cluster_id;          // its cluster (by id), or ""
};

struct SimilarPage {
  double min_similarity = 0;  // the floor FindRelated admits from
  bool explicit_floor = false;  // keep only Jaccard >= min_similarity
  int page_size = 0;
  std::string page_token;  // a rank cursor (common/pagination/rank_cursor.h), or ""
};

// One page, at most view.max_response_bytes of documents (at least one).
absl::StatusOr<zhengwen::query::v1::FindSimilarResponse> RunFindSimilar(
    const IndexView& view, const RelationThresholds& thresholds, const SimilarAsk& ask,
    const SimilarPage& page);

// The measures of `neighbor` seen from `asked`, into a NearDuplicate (on a
// document) or a SimilarDocument (FindSimilar).
void SetMeasures(const Neighbor& neighbor, const ClusterKey& asked, const DocTable& table,
                 zhengwen::document::v1::NearDuplicate* out);
void SetMeasures(const Neighbor& neighbor, const ClusterKey& asked, const DocTable& table,
                 zhengwen::query::v1::SimilarDocument* out);

}  // namespace zhengwen::query

#endif  // ZHENGWEN_SERVICES_QUERY_SIMILAR_FIND_SIMILAR_H_
