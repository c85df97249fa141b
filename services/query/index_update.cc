#include "services/query/index_update.h"

#include <algorithm>
#include <thread>

#include "common/text/hashing.h"
#include "common/text/utf8.h"

#include "services/query/query_families.h"
#include "services/query/tokenizer.h"
#include "services/query/varint.h"

namespace zhengwen::query {

using zhengwen::document::v1::Document;

std::string LshBandKey(int band, uint64_t hash) {
  std::string key(1, static_cast<char>(band));
  key += BigEndian64(hash);
  return key;
}

std::string SentenceKey(uint64_t hash) { return BigEndian64(hash); }

std::string ClusterMemberKey(absl::string_view cluster_id, uint32_t doc) {
  std::string key(cluster_id);
  key.push_back('\0');
  key += BigEndian32(doc);
  return key;
}

size_t IndexUpdate::TermHash::operator()(absl::string_view term) const { return Hash64(term); }

IndexUpdate::FamilyChanges& IndexUpdate::changes(int family) {
  if (family == kLshBands) return bands_;
  if (family == kSentences) return sentences_;
  return postings_;
}

namespace {

// A document's tokens as integers, so sorting and grouping them compares
// numbers: a CJK token's key is its kind and code points; a word's is its
// kind and hash, with the word itself kept aside (words sharing a hash are
// told apart by their text).
class CompactTokens : public TokenSink {
 public:
  struct Entry {
    uint64_t key;
    uint32_t position;
    uint32_t word;  // index into words() for word tokens
  };

  void Cjk(char32_t first, char32_t second, uint32_t position) override {
    const uint64_t kind = static_cast<uint8_t>(second == 0 ? TokenKind::kUnigram : TokenKind::kBigram);
    entries_.push_back(Entry{kind << 56 | static_cast<uint64_t>(first) << 21 | second, position, 0});
  }
  void Word(absl::string_view folded, uint32_t position, uint32_t length) override {
    const uint64_t kind = static_cast<uint8_t>(TokenKind::kWord);
    words_.emplace_back(folded);
    entries_.push_back(Entry{kind << 56 | (Hash64(folded) >> 8), position,
                             static_cast<uint32_t>(words_.size() - 1)});
  }

  // Sorted by term, then position.
  std::vector<Entry>& Sorted() {
    std::sort(entries_.begin(), entries_.end(), [&](const Entry& a, const Entry& b) {
      if (a.key != b.key) return a.key < b.key;
      if (IsWord(a) && words_[a.word] != words_[b.word]) return words_[a.word] < words_[b.word];
      return a.position < b.position;
    });
    return entries_;
  }
  bool SameTerm(const Entry& a, const Entry& b) const {
    return a.key == b.key && (!IsWord(a) || words_[a.word] == words_[b.word]);
  }
  // The term key (tokenizer.h) of `entry`.
  std::string Term(const Entry& entry) const {
    std::string term(1, static_cast<char>(entry.key >> 56));
    if (IsWord(entry)) return term + words_[entry.word];
    EncodeUtf8(static_cast<char32_t>((entry.key >> 21) & 0x1FFFFF), &term);
    if ((entry.key & 0x1FFFFF) != 0) EncodeUtf8(static_cast<char32_t>(entry.key & 0x1FFFFF), &term);
    return term;
  }

 private:
  static bool IsWord(const Entry& entry) {
    return (entry.key >> 56) == static_cast<uint8_t>(TokenKind::kWord);
  }
  std::vector<Entry> entries_;
  std::vector<std::string> words_;
};

}  // namespace

PreparedDocument PrepareDocument(const Document& doc) {
  PreparedDocument prepared;
  CompactTokens tokens;
  ScanTokens(doc.text(), 0, &tokens);
  ScanTokens(doc.title(), kTitleBase, &tokens);
  const std::vector<CompactTokens::Entry>& sorted = tokens.Sorted();
  prepared.length = static_cast<uint32_t>(sorted.size());
  prepared.positions.reserve(sorted.size());
  for (size_t i = 0; i < sorted.size();) {
    PreparedTerm term;
    term.begin = static_cast<uint32_t>(prepared.positions.size());
    size_t j = i;
    while (j < sorted.size() && tokens.SameTerm(sorted[j], sorted[i])) {
      prepared.positions.push_back(sorted[j].position);
      ++j;
    }
    term.end = static_cast<uint32_t>(prepared.positions.size());
    term.term = tokens.Term(sorted[i]);
    term.hash = Hash64(term.term);
    prepared.terms.push_back(std::move(term));
    i = j;
  }
  prepared.sentences = SplitSentences(doc.text());
  std::stable_sort(prepared.sentences.begin(), prepared.sentences.end(),
                   [](const Sentence& a, const Sentence& b) { return a.hash < b.hash; });
  return prepared;
}

void IndexUpdate::AddDocument(uint32_t doc_number, const Document& doc, DocMeta* meta,
                              const SimilarityProfile& profile) {
  const PreparedDocument prepared = PrepareDocument(doc);
  AddPreparedBatch({DocumentToAdd{doc_number, &doc, meta, &profile, &prepared}});
}

void IndexUpdate::AddPreparedBatch(const std::vector<DocumentToAdd>& documents) {
  // Small batches are not worth a thread.
  if (documents.size() < 64) {
    for (int shard = 0; shard < kPostingShards; ++shard) AddPostings(shard, documents);
    for (const DocumentToAdd& document : documents) AddOther(document);
    return;
  }
  // Three independent jobs (each posting shard, everything else), mostly
  // waiting on memory: they share the cores well.
  std::thread postings_helper([&] { AddPostings(1, documents); });
  std::thread other_helper([&] {
    for (const DocumentToAdd& document : documents) AddOther(document);
  });
  AddPostings(0, documents);
  postings_helper.join();
  other_helper.join();
}

void IndexUpdate::AddPostings(int shard, const std::vector<DocumentToAdd>& documents) {
  PostingShard& adds = posting_adds_[shard];
  for (const DocumentToAdd& document : documents) {
    const PreparedDocument& prepared = *document.prepared;
    for (const PreparedTerm& term : prepared.terms) {
      if (ShardOf(term.hash) != shard) continue;
      auto it = adds.find(term);
      if (it == adds.end()) it = adds.emplace(term.term, PostingListBuilder()).first;
      it->second.Add(document.doc_number, prepared.positions.data() + term.begin,
                     term.end - term.begin);
    }
  }
}

void IndexUpdate::AddOther(const DocumentToAdd& document) {
  const uint32_t doc_number = document.doc_number;
  const Document& doc = *document.doc;
  DocMeta* meta = document.meta;
  const MinHashSignature& signature = document.profile->signature;
  meta->length = document.prepared->length;
  const std::vector<uint64_t> bands = LshBandHashes(signature);
  for (size_t band = 0; band < bands.size(); ++band) {
    bands_.adds[LshBandKey(static_cast<int>(band), bands[band])].Add(doc_number, nullptr, 0);
  }
  // A sentence's occurrences in this document, as [start, end) pairs.
  const std::vector<Sentence>& sentences = document.prepared->sentences;
  std::vector<uint32_t> positions;
  for (size_t i = 0; i < sentences.size();) {
    size_t j = i;
    positions.clear();
    while (j < sentences.size() && sentences[j].hash == sentences[i].hash) {
      positions.push_back(static_cast<uint32_t>(sentences[j].offset));
      positions.push_back(static_cast<uint32_t>(sentences[j].offset + sentences[j].length));
      ++j;
    }
    sentences_.adds[SentenceKey(sentences[i].hash)].Add(doc_number, positions.data(),
                                                        positions.size());
    i = j;
  }
  const std::string number = BigEndian32(doc_number);
  puts_.push_back({kDocNumbers, {doc.id(), number}});
  puts_.push_back({kDocMeta, {number, EncodeDocMeta(*meta)}});
  if (!signature.empty()) {
    puts_.push_back({kSignatures, {number, EncodeSimilarityRecord(*document.profile)}});
  }
  if (!meta->cluster_id.empty()) {
    puts_.push_back({kClusters, {ClusterMemberKey(meta->cluster_id, doc_number), ""}});
  }
}

void IndexUpdate::RemoveDocument(uint32_t doc_number, const Document& doc,
                                 const MinHashSignature& signature,
                                 absl::string_view cluster_id) {
  const PreparedDocument prepared = PrepareDocument(doc);
  for (const PreparedTerm& term : prepared.terms) {
    postings_.deletes[term.term].push_back(doc_number);
  }
  const std::vector<uint64_t> bands = LshBandHashes(signature);
  for (size_t band = 0; band < bands.size(); ++band) {
    bands_.deletes[LshBandKey(static_cast<int>(band), bands[band])].push_back(doc_number);
  }
  for (const Sentence& sentence : prepared.sentences) {
    auto& docs = sentences_.deletes[SentenceKey(sentence.hash)];
    if (docs.empty() || docs.back() != doc_number) docs.push_back(doc_number);
  }
  const std::string number = BigEndian32(doc_number);
  deletes_.push_back({kDocNumbers, doc.id()});
  deletes_.push_back({kDocMeta, number});
  deletes_.push_back({kSignatures, number});
  if (!cluster_id.empty()) deletes_.push_back({kClusters, ClusterMemberKey(cluster_id, doc_number)});
}

void IndexUpdate::AppendTo(WriteBatch* batch) {
  // Deletes first: a document removed and another added under the same key
  // (a re-ingested page) leave the new entry.
  for (const auto& [family, key] : deletes_) batch->Delete(family, key);
  for (auto& [family, entry] : puts_) batch->PutMoved(family, std::move(entry.first), std::move(entry.second));
  for (int family : {kPostings, kLshBands, kSentences}) {
    FamilyChanges& change = changes(family);
    for (auto& [key, docs] : change.deletes) batch->Merge(family, key, EncodeDeletes(docs));
    for (auto& [key, builder] : change.adds) batch->MergeMoved(family, std::string(key), builder.Finish());
  }
  for (PostingShard& shard : posting_adds_) {
    for (auto& [key, builder] : shard) batch->MergeMoved(kPostings, std::string(key), builder.Finish());
    shard = PostingShard();
  }
  puts_.clear();
  deletes_.clear();
  postings_ = FamilyChanges();
  bands_ = FamilyChanges();
  sentences_ = FamilyChanges();
}

std::vector<std::string> IndexUpdate::TouchedTerms() const {
  std::vector<std::string> terms;
  for (const PostingShard& shard : posting_adds_) {
    for (const auto& [key, builder] : shard) terms.push_back(key);
  }
  for (const auto& [key, docs] : postings_.deletes) terms.push_back(key);
  return terms;
}

}  // namespace zhengwen::query
