// IndexView: what the read paths (search, similarity, reuse) see of the index
// while the caller holds DocumentStore's read lock.
#ifndef ZHENGWEN_SERVICES_QUERY_INDEX_INDEX_VIEW_H_
#define ZHENGWEN_SERVICES_QUERY_INDEX_INDEX_VIEW_H_

#include "common/pagination/response_budget.h"
#include "common/storage/storage.h"
#include "services/query/index/doc_table.h"
#include "services/query/index/posting_cache.h"

namespace zhengwen::query {

struct IndexView {
  const Storage* storage = nullptr;
  const DocTable* docs = nullptr;
  CorpusStats stats;
  PostingCache* postings = nullptr;
  // Bytes of items one search/reuse response holds at most (at least one).
  size_t max_response_bytes = kDefaultMaxResponseBytes;
};

}  // namespace zhengwen::query

#endif  // ZHENGWEN_SERVICES_QUERY_INDEX_INDEX_VIEW_H_
