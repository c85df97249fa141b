// The column families of the query service's RocksDB, declared once in
// QueryFamilies(). Every component of the query service addresses storage
// through these ids.
#ifndef ZHENGWEN_SERVICES_QUERY_INDEX_QUERY_FAMILIES_H_
#define ZHENGWEN_SERVICES_QUERY_INDEX_QUERY_FAMILIES_H_

#include "common/storage/storage.h"

namespace zhengwen::query {

enum class QueryFamily {
  kDocuments,    // "<page_id>-<part>" -> Document
  kReplaced,     // page_id -> id of the newer page that replaced it
  kDocNumbers,   // document id -> document number (4 bytes, big-endian)
  kDocMeta,      // document number -> DocMeta (lengths and filter fields)
  kPostings,     // term key (see tokenizer.h) -> posting list (merged)
  kLshBands,     // band byte + band hash -> posting list of documents (merged)
  kSignatures,   // document number -> MinHash signature
  kSentences,    // sentence hash -> posting list, positions = [start, end) pairs (merged)
  kCorpus,       // "stats" -> CorpusStats
  kClusters,     // cluster id + '\0' + document number -> "" (members of a cluster)
};

// Keys of the corpus family.
inline constexpr char kCorpusStatsKey[] = "stats";    // CorpusStats
inline constexpr char kCorpusLayoutKey[] = "layout";  // storage.v1.LayoutRecord

// The table, in QueryFamily order: merge functions for the posting
// families, Bloom filters where lookups mostly miss, size-tiered compaction
// everywhere (bulk writes touch keys all over every family's key range).
const FamilyTable<QueryFamily>& QueryFamilies();

}  // namespace zhengwen::query

#endif  // ZHENGWEN_SERVICES_QUERY_INDEX_QUERY_FAMILIES_H_
