#include "services/query/similar/find_similar.h"

#include <algorithm>
#include <vector>

#include "absl/strings/str_format.h"
#include "common/pagination/rank_cursor.h"
#include "common/pagination/response_budget.h"
#include "common/status_macros.h"
#include "common/storage/key_codec.h"
#include "services/query/index/query_families.h"
#include "zhengwen/storage/v1/query_records.pb.h"

namespace zhengwen::query {
namespace {

namespace api = zhengwen::document::v1;

api::CopyRelation RelationProto(CopyRelation relation) {
  switch (relation) {
    case CopyRelation::kDuplicate: return api::COPY_RELATION_DUPLICATE;
    case CopyRelation::kContains: return api::COPY_RELATION_CONTAINS;
    case CopyRelation::kContainedIn: return api::COPY_RELATION_CONTAINED_IN;
    case CopyRelation::kNone: break;
  }
  return api::COPY_RELATION_UNSPECIFIED;
}

// 20220916 -> "2022-09-16" (missing parts left off); "" for 0.
std::string DateText(int32_t date) {
  if (date <= 0) return "";
  const int year = date / 10000, month = date / 100 % 100, day = date % 100;
  if (month == 0) return absl::StrFormat("%04d", year);
  if (day == 0) return absl::StrFormat("%04d-%02d", year, month);
  return absl::StrFormat("%04d-%02d-%02d", year, month, day);
}

template <typename Out>
void FillMeasures(const Neighbor& neighbor, const ClusterKey& asked, const DocTable& table,
                  Out* out) {
  out->set_similarity(neighbor.measures.jaccard);
  out->set_containment_in_other(neighbor.measures.containment_in_other);
  out->set_containment_of_other(neighbor.measures.containment_of_other);
  out->set_relation(RelationProto(neighbor.measures.relation));
  const DocTable::Entry* entry = table.Find(neighbor.doc);
  const int32_t published = entry == nullptr ? 0 : entry->published;
  out->set_published_at(DateText(published));
  out->set_other_is_earlier(ClusterKey{published, table.id(neighbor.doc)} < asked);
}

}  // namespace

void SetMeasures(const Neighbor& neighbor, const ClusterKey& asked, const DocTable& table,
                 api::NearDuplicate* out) {
  FillMeasures(neighbor, asked, table, out);
}

void SetMeasures(const Neighbor& neighbor, const ClusterKey& asked, const DocTable& table,
                 zhengwen::query::v1::SimilarDocument* out) {
  FillMeasures(neighbor, asked, table, out);
}

absl::StatusOr<zhengwen::query::v1::FindSimilarResponse> RunFindSimilar(
    const IndexView& view, const RelationThresholds& thresholds, const SimilarAsk& ask,
    const SimilarPage& page) {
  const DocTable& table = *view.docs;
  zhengwen::query::v1::FindSimilarResponse response;
  if (!ask.cluster_id.empty()) response.set_cluster_id(ask.cluster_id);
  ZW_ASSIGN_OR_RETURN(auto neighbors, FindRelated(view, ask.profile, thresholds,
                                                  page.min_similarity, ask.exclude));
  // An explicit floor keeps only documents at least that similar (partial
  // copies have a low Jaccard: the default reports every relation).
  if (page.explicit_floor) {
    neighbors.erase(std::remove_if(neighbors.begin(), neighbors.end(),
                                   [&](const Neighbor& n) {
                                     return n.measures.jaccard < page.min_similarity;
                                   }),
                    neighbors.end());
  }
  // Order: similarity descending, then id; the cursor is the last one returned.
  std::sort(neighbors.begin(), neighbors.end(), [&](const Neighbor& a, const Neighbor& b) {
    return a.measures.jaccard != b.measures.jaccard ? a.measures.jaccard > b.measures.jaccard
                                                    : table.id(a.doc) < table.id(b.doc);
  });
  size_t first = 0;
  if (!page.page_token.empty()) {
    ZW_ASSIGN_OR_RETURN(const RankCursor last, DecodeRankCursor(page.page_token));
    while (first < neighbors.size() &&
           (neighbors[first].measures.jaccard > last.rank ||
            (neighbors[first].measures.jaccard == last.rank &&
             table.id(neighbors[first].doc) <= last.id))) {
      ++first;
    }
  }
  size_t end = std::min(neighbors.size(), first + static_cast<size_t>(page.page_size));
  std::vector<std::string> ids;
  for (size_t i = first; i < end; ++i) ids.push_back(table.id(neighbors[i].doc));
  ZW_ASSIGN_OR_RETURN(auto documents, view.storage->MultiGet(QueryFamily::kDocuments, ids));
  ResponseBudget budget(view.max_response_bytes);
  for (size_t i = first; i < end; ++i) {
    auto* out = response.add_documents();
    out->set_id(ids[i - first]);
    SetMeasures(neighbors[i], ask.asked, table, out);
    zhengwen::storage::v1::DocumentRecord doc;
    if (documents[i - first].has_value() && doc.ParseFromString(*documents[i - first])) {
      out->set_title(doc.title());
      out->set_source_uri(doc.source_uri());
    }
    ZW_ASSIGN_OR_RETURN(auto meta_bytes,
                        view.storage->Get(QueryFamily::kDocMeta, BigEndian32(neighbors[i].doc)));
    DocMeta meta;
    if (meta_bytes.has_value() && DecodeDocMeta(*meta_bytes, &meta)) {
      out->set_cluster_id(meta.cluster_id.empty() ? meta.id : meta.cluster_id);
    }
    if (!budget.Take(out->ByteSizeLong())) {
      response.mutable_documents()->RemoveLast();
      end = i;
      break;
    }
  }
  if (end < neighbors.size() && end > first) {
    response.set_next_page_token(
        EncodeRankCursor(RankCursor{neighbors[end - 1].measures.jaccard, ids[end - 1 - first]}));
  }
  return response;
}

}  // namespace zhengwen::query
