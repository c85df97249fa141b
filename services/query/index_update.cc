#include "services/query/index_update.h"

#include <algorithm>

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

namespace {

// Tokens of the title (at kTitleBase) and the text, sorted by term then
// position, so each term's positions are one ascending run.
uint32_t SortedTokens(const Document& doc, std::vector<Token>* tokens) {
  tokens->reserve(doc.text().size() / 2 + doc.title().size() / 2 + 8);
  uint32_t length = Tokenize(doc.text(), 0, tokens);
  length += Tokenize(doc.title(), kTitleBase, tokens);
  std::sort(tokens->begin(), tokens->end(), [](const Token& a, const Token& b) {
    return a.term != b.term ? a.term < b.term : a.position < b.position;
  });
  return length;
}

}  // namespace

uint32_t IndexedLength(const Document& doc) {
  std::vector<Token> tokens;
  return Tokenize(doc.text(), 0, &tokens) + Tokenize(doc.title(), kTitleBase, &tokens);
}

IndexUpdate::FamilyChanges& IndexUpdate::changes(int family) {
  if (family == kLshBands) return bands_;
  if (family == kSentences) return sentences_;
  return postings_;
}

PreparedDocument PrepareDocument(const Document& doc) {
  PreparedDocument prepared;
  prepared.length = SortedTokens(doc, &prepared.tokens);
  prepared.sentences = SplitSentences(doc.text());
  std::stable_sort(prepared.sentences.begin(), prepared.sentences.end(),
                   [](const Sentence& a, const Sentence& b) { return a.hash < b.hash; });
  return prepared;
}

void IndexUpdate::AddDocument(uint32_t doc_number, const Document& doc, DocMeta* meta,
                              const MinHashSignature& signature) {
  AddPrepared(doc_number, doc, meta, signature, PrepareDocument(doc));
}

void IndexUpdate::AddPrepared(uint32_t doc_number, const Document& doc, DocMeta* meta,
                              const MinHashSignature& signature,
                              const PreparedDocument& prepared) {
  const std::vector<Token>& tokens = prepared.tokens;
  meta->length = prepared.length;
  std::vector<uint32_t> positions;
  for (size_t i = 0; i < tokens.size();) {
    size_t j = i;
    positions.clear();
    while (j < tokens.size() && tokens[j].term == tokens[i].term) {
      positions.push_back(tokens[j].position);
      ++j;
    }
    postings_.adds[tokens[i].term].Add(doc_number, positions.data(), positions.size());
    i = j;
  }
  const std::vector<uint64_t> bands = LshBandHashes(signature);
  for (size_t band = 0; band < bands.size(); ++band) {
    bands_.adds[LshBandKey(static_cast<int>(band), bands[band])].Add(doc_number, nullptr, 0);
  }
  // A sentence's occurrences in this document, as [start, end) pairs.
  const std::vector<Sentence>& sentences = prepared.sentences;
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
  if (!signature.empty()) puts_.push_back({kSignatures, {number, EncodeMinHash(signature)}});
  if (!meta->cluster_id.empty()) {
    puts_.push_back({kClusters, {ClusterMemberKey(meta->cluster_id, doc_number), ""}});
  }
}

void IndexUpdate::RemoveDocument(uint32_t doc_number, const Document& doc,
                                 const MinHashSignature& signature,
                                 absl::string_view cluster_id) {
  std::vector<Token> tokens;
  SortedTokens(doc, &tokens);
  for (size_t i = 0; i < tokens.size(); ++i) {
    if (i > 0 && tokens[i].term == tokens[i - 1].term) continue;
    postings_.deletes[tokens[i].term].push_back(doc_number);
  }
  const std::vector<uint64_t> bands = LshBandHashes(signature);
  for (size_t band = 0; band < bands.size(); ++band) {
    bands_.deletes[LshBandKey(static_cast<int>(band), bands[band])].push_back(doc_number);
  }
  for (const Sentence& sentence : SplitSentences(doc.text())) {
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
  for (auto& [family, entry] : puts_) batch->Put(family, entry.first, entry.second);
  for (int family : {kPostings, kLshBands, kSentences}) {
    FamilyChanges& change = changes(family);
    for (auto& [key, docs] : change.deletes) batch->Merge(family, key, EncodeDeletes(docs));
    for (auto& [key, builder] : change.adds) batch->Merge(family, key, builder.Finish());
  }
  puts_.clear();
  deletes_.clear();
  postings_ = FamilyChanges();
  bands_ = FamilyChanges();
  sentences_ = FamilyChanges();
}

std::vector<std::string> IndexUpdate::TouchedTerms() const {
  std::vector<std::string> terms;
  terms.reserve(postings_.adds.size() + postings_.deletes.size());
  for (const auto& [key, builder] : postings_.adds) terms.push_back(key);
  for (const auto& [key, docs] : postings_.deletes) terms.push_back(key);
  return terms;
}

}  // namespace zhengwen::query
