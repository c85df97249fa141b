#include "services/query/index/posting_list.h"

#include <algorithm>

#include "absl/container/flat_hash_set.h"
#include "services/query/index/varint.h"

namespace zhengwen::query {

void PostingListBuilder::Add(uint32_t doc, const uint32_t* positions, size_t count) {
  if (in_block_ == 0) block_start_ = body_.size();
  PutVarint(doc - (in_block_ == 0 ? last_block_end_doc_ : last_doc_), &body_);
  PutVarint(count, &body_);
  uint32_t previous = 0;
  for (size_t i = 0; i < count; ++i) {
    PutVarint(positions[i] - previous, &body_);
    previous = positions[i];
  }
  last_doc_ = doc;
  ++docs_;
  if (++in_block_ == kPostingBlockSize) CloseBlock();
}

void PostingListBuilder::AddEncoded(uint32_t doc, absl::string_view payload) {
  if (in_block_ == 0) block_start_ = body_.size();
  PutVarint(doc - (in_block_ == 0 ? last_block_end_doc_ : last_doc_), &body_);
  body_.append(payload.data(), payload.size());
  last_doc_ = doc;
  ++docs_;
  if (++in_block_ == kPostingBlockSize) CloseBlock();
}

void PostingListBuilder::CloseBlock() {
  PutVarint(last_doc_ - last_block_end_doc_, &table_);
  PutVarint(body_.size() - block_start_, &table_);
  last_block_end_doc_ = last_doc_;
  ++blocks_;
  in_block_ = 0;
}

std::string PostingListBuilder::Finish() {
  if (in_block_ > 0) CloseBlock();
  std::string out;
  out.reserve(12 + table_.size() + body_.size());
  out.push_back('P');
  PutVarint(docs_, &out);
  PutVarint(blocks_, &out);
  out += table_;
  out += body_;
  return out;
}

std::string EncodeDeletes(std::vector<uint32_t> docs) {
  std::sort(docs.begin(), docs.end());
  std::string out = "D";
  PutVarint(docs.size(), &out);
  uint32_t previous = 0;
  for (uint32_t doc : docs) {
    PutVarint(doc - previous, &out);
    previous = doc;
  }
  return out;
}

namespace {

struct Entry {
  uint32_t doc;
  absl::string_view payload;  // varint n, n position deltas
};

// Appends the entries of 'P' value `value` to `out`; false when corrupt.
bool DecodeEntries(absl::string_view value, std::vector<Entry>* out) {
  if (value.empty()) return true;
  if (value[0] != 'P') return false;
  const char* p = value.data() + 1;
  const char* end = value.data() + value.size();
  uint32_t docs = 0;
  uint32_t blocks = 0;
  if (!GetVarint32(&p, end, &docs) || !GetVarint32(&p, end, &blocks)) return false;
  for (uint32_t b = 0; b < blocks; ++b) {  // skip the table: the body is sequential
    uint64_t ignored = 0;
    if (!GetVarint(&p, end, &ignored) || !GetVarint(&p, end, &ignored)) return false;
  }
  uint32_t doc = 0;
  for (uint32_t i = 0; i < docs; ++i) {
    uint32_t delta = 0;
    uint32_t n = 0;
    if (!GetVarint32(&p, end, &delta)) return false;
    doc += delta;
    const char* payload = p;
    if (!GetVarint32(&p, end, &n)) return false;
    for (uint32_t k = 0; k < n; ++k) {
      uint64_t ignored = 0;
      if (!GetVarint(&p, end, &ignored)) return false;
    }
    out->push_back(Entry{doc, absl::string_view(payload, p - payload)});
  }
  return p == end;
}

bool DecodeDeletes(absl::string_view value, absl::flat_hash_set<uint32_t>* out) {
  const char* p = value.data() + 1;
  const char* end = value.data() + value.size();
  uint32_t count = 0;
  if (!GetVarint32(&p, end, &count)) return false;
  uint32_t doc = 0;
  for (uint32_t i = 0; i < count; ++i) {
    uint32_t delta = 0;
    if (!GetVarint32(&p, end, &delta)) return false;
    doc += delta;
    out->insert(doc);
  }
  return true;
}

}  // namespace

bool PostingMerge::Merge(absl::string_view key, const absl::string_view* existing,
                         const std::vector<absl::string_view>& operands,
                         std::string* result) const {
  // One run and nothing to fold it into (most keys of a bulk load, which
  // appear in one write only): the run is already the merged list.
  if (existing == nullptr && operands.size() == 1 && !operands[0].empty() &&
      operands[0][0] == 'P') {
    result->assign(operands[0].data(), operands[0].size());
    return true;
  }
  std::vector<Entry> entries;
  absl::flat_hash_set<uint32_t> deleted;
  if (existing != nullptr && !DecodeEntries(*existing, &entries)) return false;
  for (absl::string_view op : operands) {
    if (op.empty()) continue;
    if (op[0] == 'D') {
      if (!DecodeDeletes(op, &deleted)) return false;
    } else if (!DecodeEntries(op, &entries)) {
      return false;
    }
  }
  // Runs are each sorted and usually already in order (new documents get new
  // numbers); a stable sort keeps this cheap and handles any order.
  std::stable_sort(entries.begin(), entries.end(),
                   [](const Entry& a, const Entry& b) { return a.doc < b.doc; });
  PostingListBuilder builder;
  for (size_t i = 0; i < entries.size(); ++i) {
    const Entry& e = entries[i];
    if (deleted.contains(e.doc)) continue;
    if (i + 1 < entries.size() && entries[i + 1].doc == e.doc) continue;  // keep the latest
    builder.AddEncoded(e.doc, e.payload);
  }
  *result = builder.Finish();
  return true;
}

absl::StatusOr<std::shared_ptr<const PostingList>> PostingList::Parse(std::string data) {
  auto list = std::make_shared<PostingList>(PassKey());
  list->data_ = std::move(data);
  if (list->data_.empty()) return std::shared_ptr<const PostingList>(std::move(list));
  const char* begin = list->data_.data();
  const char* p = begin;
  const char* end = begin + list->data_.size();
  if (*p++ != 'P') return absl::DataLossError("posting list: bad tag");
  uint32_t blocks = 0;
  if (!GetVarint32(&p, end, &list->docs_) || !GetVarint32(&p, end, &blocks) ||
      blocks > list->data_.size()) {
    return absl::DataLossError("posting list: bad header");
  }
  list->block_last_.resize(blocks);
  list->block_offset_.resize(blocks);
  // The table holds each block's size; block_offset_ keeps them until the
  // offsets are known (the body starts after the table).
  uint32_t last = 0;
  for (uint32_t b = 0; b < blocks; ++b) {
    uint32_t delta = 0;
    if (!GetVarint32(&p, end, &delta) || !GetVarint32(&p, end, &list->block_offset_[b])) {
      return absl::DataLossError("posting list: bad block table");
    }
    last += delta;
    list->block_last_[b] = last;
  }
  uint64_t offset = static_cast<uint64_t>(p - begin);
  for (uint32_t b = 0; b < blocks; ++b) {
    const uint32_t size = list->block_offset_[b];
    list->block_offset_[b] = static_cast<uint32_t>(offset);
    offset += size;
  }
  if (offset != list->data_.size()) return absl::DataLossError("posting list: bad block sizes");
  return std::shared_ptr<const PostingList>(std::move(list));
}

bool PostingCursor::End() {
  at_end_ = true;
  return false;
}

bool PostingCursor::LoadBlock(size_t block) {
  block_ = block;
  index_ = 0;
  block_docs_ = 0;
  if (block >= list_->blocks()) return End();
  next_ = list_->data_.data() + list_->block_begin(block);
  block_end_ = list_->data_.data() + list_->block_end(block);
  return DecodeNext() ? true : End();
}

bool PostingCursor::DecodeNext() {
  if (next_ >= block_end_ || block_docs_ == kPostingBlockSize) return false;
  const char* p = next_;
  uint32_t delta = 0;
  uint32_t n = 0;
  if (!GetVarint32(&p, block_end_, &delta)) return false;
  const uint32_t doc =
      (block_docs_ == 0 ? (block_ == 0 ? 0 : list_->block_last_[block_ - 1]) : docs_[block_docs_ - 1]) +
      delta;
  const char* payload = p;
  if (!GetVarint32(&p, block_end_, &n)) return false;
  // Skip the positions: most documents of a long list are never asked for them.
  for (uint32_t k = 0; k < n && p < block_end_; ++k) {
    while (p < block_end_ && (static_cast<uint8_t>(*p) & 0x80)) ++p;
    ++p;
  }
  docs_[block_docs_] = doc;
  counts_[block_docs_] = n;
  payloads_[block_docs_] = payload;
  ++block_docs_;
  next_ = p;
  return true;
}

bool PostingCursor::SeekTo(uint32_t target) {
  if (at_end_) return false;
  const size_t blocks = list_->blocks();
  if (index_ >= 0 && block_ < blocks && docs_[index_] >= target) return true;
  const auto& last = list_->block_last_;
  if (block_ >= blocks || last[block_] < target) {
    const size_t from = block_ >= blocks ? 0 : block_ + 1;
    const size_t found = std::lower_bound(last.begin() + from, last.end(), target) - last.begin();
    if (!LoadBlock(found)) return false;
  }
  // The block holds a document >= target (its last one does): decode up to it.
  while (docs_[index_] < target) {
    if (index_ + 1 >= block_docs_ && !DecodeNext()) return End();  // the table lied (corrupt)
    ++index_;
  }
  return true;
}

bool PostingCursor::Next() {
  if (at_end_) return false;
  if (index_ >= 0 && block_ < list_->blocks()) {
    if (index_ + 1 < block_docs_ || DecodeNext()) {
      ++index_;
      return true;
    }
  }
  return LoadBlock(block_ >= list_->blocks() ? 0 : block_ + 1);
}

void PostingCursor::Positions(std::vector<uint32_t>* out) const {
  out->clear();
  const char* p = payloads_[index_];
  const char* end = list_->data_.data() + list_->block_end(block_);
  uint32_t n = 0;
  if (!GetVarint32(&p, end, &n)) return;
  out->reserve(n);
  uint32_t position = 0;
  for (uint32_t k = 0; k < n; ++k) {
    uint32_t delta = 0;
    if (!GetVarint32(&p, end, &delta)) return;
    position += delta;
    out->push_back(position);
  }
}

}  // namespace zhengwen::query
