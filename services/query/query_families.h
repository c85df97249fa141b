// The column families of the query service's RocksDB, declared once. Every
// component of the query service addresses storage through these indexes.
#ifndef ZHENGWEN_SERVICES_QUERY_QUERY_FAMILIES_H_
#define ZHENGWEN_SERVICES_QUERY_QUERY_FAMILIES_H_

#include <string>
#include <vector>

#include "common/storage.h"

namespace zhengwen::query {

enum QueryFamily : int {
  kDocuments = 0,   // "<page_id>-<part>" -> Document
  kReplaced = 1,    // page_id -> id of the newer page that replaced it
  kDocNumbers = 2,  // document id -> document number (4 bytes, big-endian)
  kDocMeta = 3,     // document number -> DocMeta (lengths and filter fields)
  kPostings = 4,    // term key (see tokenizer.h) -> posting list (merged)
  kLshBands = 5,    // band byte + band hash -> posting list of documents (merged)
  kSignatures = 6,  // document number -> MinHash signature
  kSentences = 7,   // sentence hash -> posting list, positions = [start, end) pairs (merged)
  kCorpus = 8,      // "stats" -> CorpusStats
  kClusters = 9,    // cluster id + '\0' + document number -> "" (members of a cluster)
};

const std::vector<std::string>& QueryFamilyNames();

// Storage options of the query database: merge functions for the posting
// families, Bloom filters where lookups mostly miss, a block cache.
StorageOptions QueryStorageOptions();

}  // namespace zhengwen::query

#endif  // ZHENGWEN_SERVICES_QUERY_QUERY_FAMILIES_H_
