#include "services/query/query_families.h"

#include <memory>

#include "services/query/posting_list.h"

namespace zhengwen::query {

const std::vector<std::string>& QueryFamilyNames() {
  static const auto* names = new std::vector<std::string>{
      "documents", "replaced",   "doc_numbers", "doc_meta", "postings",
      "lsh_bands", "signatures", "sentences",   "corpus",   "clusters"};
  return *names;
}

StorageOptions QueryStorageOptions() {
  StorageOptions options;
  auto merge = std::make_shared<PostingMerge>();
  options.merge_functions = {{kPostings, merge}, {kLshBands, merge}, {kSentences, merge}};
  // Band and sentence lookups of new documents mostly find nothing, and so do
  // queries for terms no document has.
  options.bloom_filter_families = {kPostings, kLshBands, kSentences, kDocNumbers, kReplaced};
  options.block_cache_bytes = 256 << 20;
  // Bulk writes touch keys all over every family's key range (hashed terms,
  // hashed page ids), so every family compacts size-tiered.
  for (int family = 0; family < static_cast<int>(QueryFamilyNames().size()); ++family) {
    options.universal_compaction_families.push_back(family);
  }
  return options;
}

}  // namespace zhengwen::query
