// What the index knows about each document besides its postings: the fields
// BM25 and the search filters need (DocMeta, stored per document number), the
// corpus statistics, and DocTable, their in-memory copy that searches read
// without touching RocksDB.
#ifndef ZHENGWEN_SERVICES_QUERY_INDEX_DOC_TABLE_H_
#define ZHENGWEN_SERVICES_QUERY_INDEX_DOC_TABLE_H_

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "common/source_host.h"
#include "zhengwen/document/v1/document.pb.h"

namespace zhengwen::query {

struct DocMeta {
  std::string id;               // document id "<page_id>-<part>"
  uint32_t length = 0;          // BM25 length: tokens of title and text (tokenizer.h)
  int32_t published = 0;        // published_at as yyyymmdd, 0 when unknown
  std::string host;             // host of source_uri, "" for paths
  int32_t script = 0;           // zhengwen.document.v1.Script of the input
  bool has_placeholders = false;
  std::string cluster_id;       // near-duplicate cluster (near_duplicates.h)
};

std::string EncodeDocMeta(const DocMeta& meta);
bool DecodeDocMeta(absl::string_view bytes, DocMeta* meta);

// The filter fields of `doc` (length and cluster are set by the caller).
DocMeta MetaOfDocument(const zhengwen::document::v1::Document& doc);

using ::zhengwen::SourceHost;  // common/source_host.h

// "2022-09-16" (or "2022-09", "2022") -> 20220916 (missing parts as 00);
// 0 when `date` does not start with a year.
int32_t DateNumber(absl::string_view date);

// Corpus statistics for BM25, exact under replacement (updated in the same
// write as the documents), and the next free document number.
struct CorpusStats {
  uint64_t documents = 0;
  uint64_t total_length = 0;
  uint32_t next_doc = 1;
};

std::string EncodeCorpusStats(const CorpusStats& stats);
bool DecodeCorpusStats(absl::string_view bytes, CorpusStats* stats);

// A document number no document has ("none excluded").
inline constexpr uint32_t kNoDocument = std::numeric_limits<uint32_t>::max();

// In-memory table of live documents by number. Not synchronized: the owner
// guards it (DocumentStore: shared lock to read, exclusive to change).
class DocTable {
 public:
  struct Entry {
    uint32_t length = 0;
    int32_t published = 0;
    uint32_t host = 0;  // interned host id
    int32_t script = 0;
    bool has_placeholders = false;
    bool live = false;
  };
  static constexpr uint32_t kUnknownHost = 0xFFFFFFFF;

  void Set(uint32_t doc, const DocMeta& meta);
  void Remove(uint32_t doc);
  // The entry of a live document, or nullptr.
  const Entry* Find(uint32_t doc) const {
    return doc < entries_.size() && entries_[doc].live ? &entries_[doc] : nullptr;
  }
  const std::string& id(uint32_t doc) const { return ids_[doc]; }
  // Interned id of `host`, or kUnknownHost when no document has it.
  uint32_t HostId(absl::string_view host) const;

 private:
  std::vector<Entry> entries_;
  std::vector<std::string> ids_;
  absl::flat_hash_map<std::string, uint32_t> host_ids_;
};

}  // namespace zhengwen::query

#endif  // ZHENGWEN_SERVICES_QUERY_INDEX_DOC_TABLE_H_
