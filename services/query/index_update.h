// IndexUpdate gathers what one write changes in the search, near-duplicate
// and reuse indexes (postings, per-document meta, MinHash signatures, LSH
// bands, sentence hashes) and queues it in the same WriteBatch as the
// documents, so a page and its index entries change together.
#ifndef ZHENGWEN_SERVICES_QUERY_INDEX_UPDATE_H_
#define ZHENGWEN_SERVICES_QUERY_INDEX_UPDATE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "common/storage.h"
#include "common/text_signatures.h"
#include "services/query/doc_table.h"
#include "services/query/posting_list.h"
#include "services/query/tokenizer.h"
#include "zhengwen/document/v1/document.pb.h"

namespace zhengwen::query {

// Key of LSH band `band` with hash `hash` in kLshBands.
std::string LshBandKey(int band, uint64_t hash);
// Key of a sentence hash in kSentences.
std::string SentenceKey(uint64_t hash);
// Key of a cluster member in kClusters.
std::string ClusterMemberKey(absl::string_view cluster_id, uint32_t doc);

// Index length (tokenizer units) of a document: its title and text.
uint32_t IndexedLength(const zhengwen::document::v1::Document& doc);

// What AddDocument derives from a document alone (tokens sorted by term and
// position, its index length, sentences sorted by hash). Computing it is the
// costly part of indexing and needs no shared state, so bulk writes prepare
// many documents on all cores and add them one by one.
struct PreparedDocument {
  std::vector<Token> tokens;
  uint32_t length = 0;
  std::vector<Sentence> sentences;
};
PreparedDocument PrepareDocument(const zhengwen::document::v1::Document& doc);

class IndexUpdate {
 public:
  // AddDocument with the document already prepared (PrepareDocument(doc)).
  void AddPrepared(uint32_t doc_number, const zhengwen::document::v1::Document& doc,
                   DocMeta* meta, const MinHashSignature& signature,
                   const PreparedDocument& prepared);

  // Indexes `doc` as document number `doc_number`, which must be larger than
  // every number added before in this update. `meta.length` is filled in.
  void AddDocument(uint32_t doc_number, const zhengwen::document::v1::Document& doc,
                   DocMeta* meta, const MinHashSignature& signature);

  // Removes what AddDocument wrote for this document (same document, same
  // signature, and the cluster it was in).
  void RemoveDocument(uint32_t doc_number, const zhengwen::document::v1::Document& doc,
                      const MinHashSignature& signature, absl::string_view cluster_id);

  // Queues every change in `batch`.
  void AppendTo(WriteBatch* batch);

  // Term keys whose posting lists this update changes (for cache invalidation).
  std::vector<std::string> TouchedTerms() const;

 private:
  struct FamilyChanges {
    absl::flat_hash_map<std::string, PostingListBuilder> adds;
    absl::flat_hash_map<std::string, std::vector<uint32_t>> deletes;
  };
  FamilyChanges& changes(int family);

  FamilyChanges postings_;
  FamilyChanges bands_;
  FamilyChanges sentences_;
  std::vector<std::pair<int, std::pair<std::string, std::string>>> puts_;
  std::vector<std::pair<int, std::string>> deletes_;
};

}  // namespace zhengwen::query

#endif  // ZHENGWEN_SERVICES_QUERY_INDEX_UPDATE_H_
