// Posting lists: for one index key (a term, an LSH band, a sentence hash) the
// documents that have it, in increasing document number, each with its
// positions. Encoded in blocks of kPostingBlockSize documents behind a small
// block table, so a cursor can jump to a document without decoding what lies
// before it (the intersections of a search skip most of every long list).
//
// Value format ('P'):
//   'P' varint(docs) varint(blocks)
//   blocks x [varint(last doc of block - last doc of previous block), varint(block bytes)]
//   blocks, each: docs x [varint(doc - previous doc), varint(n), n x varint(position delta)]
// A delete operand ('D'): 'D' varint(count) count x varint(doc delta).
//
// Posting lists are updated with RocksDB merges: a write appends a 'P' run
// for new documents or a 'D' operand for removed ones, and PostingMerge folds
// them (at read time and in compaction). Document numbers are never reused,
// so adds and deletes commute.
#ifndef ZHENGWEN_SERVICES_QUERY_INDEX_POSTING_LIST_H_
#define ZHENGWEN_SERVICES_QUERY_INDEX_POSTING_LIST_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/inlined_vector.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/storage/storage.h"

namespace zhengwen::query {

inline constexpr int kPostingBlockSize = 128;

// Builds a 'P' value from documents added in increasing order.
class PostingListBuilder {
 public:
  // Adds `doc` with its ascending `positions` (may be empty).
  void Add(uint32_t doc, const uint32_t* positions, size_t count);
  // Adds `doc` with its already-encoded "n, position deltas" bytes.
  void AddEncoded(uint32_t doc, absl::string_view payload);
  bool empty() const { return docs_ == 0; }
  uint32_t size() const { return docs_; }
  uint32_t last_doc() const { return last_doc_; }
  // The encoded value. The builder may not be used afterwards.
  std::string Finish();

 private:
  void CloseBlock();

  uint32_t docs_ = 0;
  uint32_t blocks_ = 0;
  uint32_t last_doc_ = 0;
  uint32_t last_block_end_doc_ = 0;
  int in_block_ = 0;
  std::string table_;
  std::string body_;
  size_t block_start_ = 0;
};

// A 'D' operand removing `docs` (any order).
std::string EncodeDeletes(std::vector<uint32_t> docs);

// The merge function of every posting-list family.
class PostingMerge : public MergeFunction {
 public:
  const char* Name() const override { return "zhengwen.PostingMerge.v1"; }
  bool Merge(absl::string_view key, const absl::string_view* existing,
             const std::vector<absl::string_view>& operands, std::string* result) const override;
};

// A parsed 'P' value (block table decoded; blocks decoded by cursors). Most
// lists of a corpus have one block, so the table is stored inline for them:
// parsing such a list allocates once.
class PostingList {
  struct PassKey {};

 public:
  // Parses `data` (kept alive by the list). An empty string is an empty list.
  static absl::StatusOr<std::shared_ptr<const PostingList>> Parse(std::string data);

  explicit PostingList(PassKey) {}
  uint32_t size() const { return docs_; }
  size_t bytes() const { return data_.size(); }

 private:
  friend class PostingCursor;
  size_t blocks() const { return block_last_.size(); }
  // Byte offsets of block `b` in data_: [begin, end).
  uint32_t block_begin(size_t b) const { return block_offset_[b]; }
  uint32_t block_end(size_t b) const {
    return b + 1 < block_offset_.size() ? block_offset_[b + 1] : static_cast<uint32_t>(data_.size());
  }

  std::string data_;
  uint32_t docs_ = 0;
  absl::InlinedVector<uint32_t, 1> block_last_;    // last doc of each block
  absl::InlinedVector<uint32_t, 1> block_offset_;  // byte offset of each block in data_
};

// Walks a PostingList in increasing document order. A block's entries are
// decoded only as far as the cursor goes: an intersection that seeks one
// document in a block decodes half of it on average, not all of it.
class PostingCursor {
 public:
  // `list` must outlive the cursor. Starts before the first document.
  explicit PostingCursor(const PostingList* list) : list_(list) {}

  // Moves to the first document >= `target` (never backwards). Returns false
  // when there is none; the cursor is then at its end.
  bool SeekTo(uint32_t target);
  // Moves to the next document; false at the end.
  bool Next();
  bool at_end() const { return at_end_; }
  uint32_t doc() const { return docs_[index_]; }
  // Number of positions of the current document.
  uint32_t count() const { return counts_[index_]; }
  // Appends the current document's positions to `out` (cleared first).
  void Positions(std::vector<uint32_t>* out) const;

 private:
  // Starts block `block` and decodes its first entry; false past the last.
  bool LoadBlock(size_t block);
  // Decodes the block's next entry; false when the block has no more.
  bool DecodeNext();
  // Marks the cursor ended; returns false.
  bool End();

  const PostingList* list_;
  size_t block_ = static_cast<size_t>(-1);
  int index_ = -1;       // current entry of the block
  int block_docs_ = 0;   // entries of the block decoded so far
  const char* next_ = nullptr;       // the block's next undecoded entry
  const char* block_end_ = nullptr;  // just past the block
  bool at_end_ = false;
  uint32_t docs_[kPostingBlockSize];
  uint32_t counts_[kPostingBlockSize];
  const char* payloads_[kPostingBlockSize];  // positions of each document
};

}  // namespace zhengwen::query

#endif  // ZHENGWEN_SERVICES_QUERY_INDEX_POSTING_LIST_H_
