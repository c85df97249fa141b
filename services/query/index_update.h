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
#include "common/text/minhash.h"
#include "common/text/sentences.h"
#include "services/query/doc_table.h"
#include "services/query/near_duplicates.h"
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

// One distinct term of a prepared document: its key, the key's hash (which
// also picks the posting shard) and its ascending positions, as
// positions[begin, end) of the document.
struct PreparedTerm {
  std::string term;
  uint64_t hash = 0;
  uint32_t begin = 0;
  uint32_t end = 0;
};

// What AddDocument derives from a document alone (distinct terms with their
// positions, its index length, sentences sorted by hash). Computing it is the
// costly part of indexing and needs no shared state, so bulk writes prepare
// many documents on all cores.
struct PreparedDocument {
  std::vector<PreparedTerm> terms;
  std::vector<uint32_t> positions;
  uint32_t length = 0;  // BM25 length: the number of tokens of title and text
  std::vector<Sentence> sentences;
};
PreparedDocument PrepareDocument(const zhengwen::document::v1::Document& doc);

// A prepared document to add (see IndexUpdate::AddPreparedBatch).
struct DocumentToAdd {
  uint32_t doc_number;
  const zhengwen::document::v1::Document* doc;
  DocMeta* meta;
  const SimilarityProfile* profile;
  const PreparedDocument* prepared;
};

class IndexUpdate {
 public:
  // AddDocument for many prepared documents, in increasing document number;
  // the posting lists are built on two threads (each owns half the terms),
  // the rest of the entries on a third.
  void AddPreparedBatch(const std::vector<DocumentToAdd>& documents);

  // Indexes `doc` as document number `doc_number`, which must be larger than
  // every number added before in this update. `meta.length` is filled in.
  void AddDocument(uint32_t doc_number, const zhengwen::document::v1::Document& doc,
                   DocMeta* meta, const SimilarityProfile& profile);

  // Removes what AddDocument wrote for this document (same document, same
  // signature, and the cluster it was in).
  void RemoveDocument(uint32_t doc_number, const zhengwen::document::v1::Document& doc,
                      const MinHashSignature& signature, absl::string_view cluster_id);

  // Queues every change in `batch`.
  void AppendTo(WriteBatch* batch);

  // Term keys whose posting lists this update changes (for cache invalidation).
  std::vector<std::string> TouchedTerms() const;

 private:
  // Term keys hashed with Hash64, so a lookup can reuse the hash computed
  // while preparing.
  struct TermHash {
    using is_transparent = void;
    size_t operator()(absl::string_view term) const;
    size_t operator()(const PreparedTerm& term) const { return term.hash; }
  };
  struct TermEq {
    using is_transparent = void;
    static absl::string_view View(absl::string_view term) { return term; }
    static absl::string_view View(const PreparedTerm& term) { return term.term; }
    template <typename A, typename B>
    bool operator()(const A& a, const B& b) const { return View(a) == View(b); }
  };
  using PostingShard = absl::flat_hash_map<std::string, PostingListBuilder, TermHash, TermEq>;
  static constexpr int kPostingShards = 2;
  static int ShardOf(uint64_t hash) { return static_cast<int>((hash >> 32) % kPostingShards); }
  // Adds the postings of the documents' terms that fall in `shard`.
  void AddPostings(int shard, const std::vector<DocumentToAdd>& documents);
  // Adds everything but the postings of one document.
  void AddOther(const DocumentToAdd& document);

  struct FamilyChanges {
    absl::flat_hash_map<std::string, PostingListBuilder> adds;
    absl::flat_hash_map<std::string, std::vector<uint32_t>> deletes;
  };
  FamilyChanges& changes(int family);

  PostingShard posting_adds_[kPostingShards];
  FamilyChanges postings_;  // deletes only; adds are in posting_adds_
  FamilyChanges bands_;
  FamilyChanges sentences_;
  std::vector<std::pair<int, std::pair<std::string, std::string>>> puts_;
  std::vector<std::pair<int, std::string>> deletes_;
};

}  // namespace zhengwen::query

#endif  // ZHENGWEN_SERVICES_QUERY_INDEX_UPDATE_H_
