#include "services/query/index/query_families.h"

#include <memory>

#include "services/query/index/posting_list.h"

namespace zhengwen::query {
namespace {

FamilyOptions Options(bool bloom_filter, std::shared_ptr<const MergeFunction> merge = nullptr) {
  FamilyOptions options;
  options.merge = std::move(merge);
  options.bloom_filter = bloom_filter;
  options.universal_compaction = true;
  return options;
}

}  // namespace

const FamilyTable<QueryFamily>& QueryFamilies() {
  // Band and sentence lookups of new documents mostly find nothing, and so do
  // queries for terms no document has, and lookups of new page ids.
  static const auto* table = [] {
    auto merge = std::make_shared<PostingMerge>();
    return new FamilyTable<QueryFamily>{
        {QueryFamily::kDocuments, "documents", Options(false)},
        {QueryFamily::kReplaced, "replaced", Options(true)},
        {QueryFamily::kDocNumbers, "doc_numbers", Options(true)},
        {QueryFamily::kDocMeta, "doc_meta", Options(false)},
        {QueryFamily::kPostings, "postings", Options(true, merge)},
        {QueryFamily::kLshBands, "lsh_bands", Options(true, merge)},
        {QueryFamily::kSignatures, "signatures", Options(false)},
        {QueryFamily::kSentences, "sentences", Options(true, merge)},
        {QueryFamily::kCorpus, "corpus", Options(false)},
        {QueryFamily::kClusters, "clusters", Options(false)},
    };
  }();
  return *table;
}

}  // namespace zhengwen::query
