#include "services/query/document_store.h"

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <functional>
#include <limits>
#include <map>
#include <set>
#include <thread>

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "common/error_reason.h"
#include "common/status_macros.h"
#include "common/text/minhash.h"
#include "common/text/sentences.h"
#include "common/text/utf8.h"
#include "services/query/cluster_assigner.h"
#include "services/query/index_update.h"
#include "services/query/index_view.h"
#include "services/query/near_duplicates.h"
#include "services/query/passage_reuse.h"
#include "services/query/query_families.h"
#include "services/query/query_parser.h"
#include "services/query/request_limits.h"
#include "services/query/searcher.h"
#include "services/query/tokenizer.h"
#include "services/query/varint.h"

namespace zhengwen::query {
namespace {

using zhengwen::query::v1::FindReuseRequest;
using zhengwen::query::v1::FindReuseResponse;
using zhengwen::query::v1::FindSimilarRequest;
using zhengwen::query::v1::FindSimilarResponse;
using zhengwen::query::v1::ListSharedSentencesRequest;
using zhengwen::query::v1::ListSharedSentencesResponse;
using zhengwen::query::v1::SearchRequest;
using zhengwen::query::v1::SearchResponse;

constexpr int kDefaultPageSize = 100;
constexpr int kMaxPageSize = 1000;
// Near-duplicates listed on an exported document; FindSimilar returns them all.
constexpr size_t kMaxNearDuplicatesPerDocument = 50;
constexpr char kStatsKey[] = "stats";
// Pages per write when indexing documents stored before the index existed.
constexpr size_t kReindexPagesPerWrite = 500;

absl::Status InvalidDocument(absl::string_view why) {
  return ErrorWithReason(absl::StatusCode::kInvalidArgument, why, "INVALID_DOCUMENT");
}

absl::Status DocumentNotFound(const std::string& id) {
  return ErrorWithReason(absl::StatusCode::kNotFound, absl::StrCat("no document ", id),
                         "DOCUMENT_NOT_FOUND", {{"id", id}});
}

// FindSimilar's text is profiled on the read path: bounded by the API's limit
// (the gRPC adapter refuses longer ones first, as FIELD_TOO_LONG).
constexpr size_t kMaxSimilarTextBytes = kMaxQueryTextBytes;

absl::Status InvalidSimilarRequest(absl::string_view why) {
  return ErrorWithReason(absl::StatusCode::kInvalidArgument, why, "INVALID_SIMILAR_REQUEST");
}

absl::Status InvalidPageSize() {
  return ErrorWithReason(absl::StatusCode::kInvalidArgument, "page_size must not be negative",
                         "INVALID_PAGE_SIZE");
}

// The document with the fields only reads fill in cleared.
Document StoredForm(const Document& doc) {
  Document stored = doc;
  stored.clear_cluster_id();
  stored.clear_near_duplicates();
  return stored;
}

// Runs fn(0) .. fn(n - 1) on all cores when n is large enough to pay for
// the threads; fn must be safe to run concurrently for different indexes.
void ParallelFor(size_t n, const std::function<void(size_t)>& fn) {
  const size_t threads =
      std::min<size_t>(std::max(1u, std::thread::hardware_concurrency()), n / 256 + 1);
  if (threads <= 1) {
    for (size_t i = 0; i < n; ++i) fn(i);
    return;
  }
  std::vector<std::thread> workers;
  for (size_t t = 1; t < threads; ++t) {
    workers.emplace_back([&, t] {
      for (size_t i = t; i < n; i += threads) fn(i);
    });
  }
  for (size_t i = 0; i < n; i += threads) fn(i);
  for (std::thread& worker : workers) worker.join();
}

zhengwen::document::v1::CopyRelation RelationProto(CopyRelation relation) {
  switch (relation) {
    case CopyRelation::kDuplicate: return zhengwen::document::v1::COPY_RELATION_DUPLICATE;
    case CopyRelation::kContains: return zhengwen::document::v1::COPY_RELATION_CONTAINS;
    case CopyRelation::kContainedIn: return zhengwen::document::v1::COPY_RELATION_CONTAINED_IN;
    case CopyRelation::kNone: break;
  }
  return zhengwen::document::v1::COPY_RELATION_UNSPECIFIED;
}

// 20220916 -> "2022-09-16" (missing parts left off); "" for 0.
std::string DateText(int32_t date) {
  if (date <= 0) return "";
  const int year = date / 10000, month = date / 100 % 100, day = date % 100;
  if (month == 0) return absl::StrFormat("%04d", year);
  if (day == 0) return absl::StrFormat("%04d-%02d", year, month);
  return absl::StrFormat("%04d-%02d-%02d", year, month, day);
}

// Fills the measures of one neighbour into a NearDuplicate or SimilarDocument.
template <typename Out>
void SetMeasures(const Neighbor& neighbor, const ClusterKey& asked, const DocTable& table,
                 Out* out) {
  out->set_similarity(neighbor.measures.jaccard);
  out->set_containment_in_other(neighbor.measures.containment_in_other);
  out->set_containment_of_other(neighbor.measures.containment_of_other);
  out->set_relation(RelationProto(neighbor.measures.relation));
  const DocTable::Entry* entry = table.Find(neighbor.doc);
  const int32_t published = entry == nullptr ? 0 : entry->published;
  out->set_published_at(DateText(published));
  out->set_other_is_earlier(ClusterKey{published, table.id(neighbor.doc)} < asked);
}

}  // namespace

DocumentStore::DocumentStore(std::unique_ptr<Storage> storage, DocumentStoreOptions options,
                             std::unique_ptr<ScriptConverter> converter)
    : storage_(std::move(storage)), options_(std::move(options)),
      converter_(std::move(converter)) {
  postings_ = std::make_unique<PostingCache>(storage_.get(), kPostings,
                                             options_.posting_cache_bytes);
}

absl::StatusOr<std::unique_ptr<DocumentStore>> DocumentStore::Open(
    const std::string& data_dir, const DocumentStoreOptions& options) {
  std::error_code ec;
  std::filesystem::create_directories(data_dir, ec);
  if (ec) return absl::UnavailableError(absl::StrCat("create ", data_dir, ": ", ec.message()));
  ZW_ASSIGN_OR_RETURN(auto converter, ScriptConverter::Create(options.opencc_config));
  ZW_ASSIGN_OR_RETURN(auto storage,
                      Storage::Open(data_dir, QueryFamilyNames(), QueryStorageOptions()));
  std::unique_ptr<DocumentStore> store(
      new DocumentStore(std::move(storage), options, std::move(converter)));
  ZW_RETURN_IF_ERROR(store->Load());
  return store;
}

absl::Status DocumentStore::Load() {
  absl::Status parse_status;
  ZW_RETURN_IF_ERROR(storage_->Scan(kDocMeta, "", "", [&](absl::string_view key,
                                                          absl::string_view value) {
    DocMeta meta;
    if (key.size() != 4 || !DecodeDocMeta(value, &meta)) {
      parse_status = absl::DataLossError("corrupt document meta");
      return false;
    }
    table_.Set(static_cast<uint32_t>(ReadBigEndian(key)), meta);
    return true;
  }));
  ZW_RETURN_IF_ERROR(parse_status);
  ZW_ASSIGN_OR_RETURN(auto stored, storage_->Get(kCorpus, kStatsKey));
  if (stored.has_value()) {
    if (!DecodeCorpusStats(*stored, &stats_)) return absl::DataLossError("corrupt corpus stats");
    return absl::OkStatus();
  }
  return ReindexUnindexedDocuments();
}

absl::Status DocumentStore::ReindexUnindexedDocuments() {
  // Documents written before this index existed: index them page by page.
  std::map<std::string, std::vector<Document>> pages;
  absl::Status parse_status;
  ZW_RETURN_IF_ERROR(storage_->Scan(kDocuments, "", "", [&](absl::string_view key,
                                                            absl::string_view value) {
    Document doc;
    if (!doc.ParseFromArray(value.data(), static_cast<int>(value.size()))) {
      parse_status = absl::DataLossError(absl::StrCat("corrupt document ", key));
      return false;
    }
    pages[doc.page_id()].push_back(std::move(doc));
    return true;
  }));
  ZW_RETURN_IF_ERROR(parse_status);
  std::vector<PageDocuments> chunk;
  for (auto& [page_id, docs] : pages) {
    chunk.push_back(PageDocuments{page_id, std::move(docs), ""});
    if (chunk.size() == kReindexPagesPerWrite) {
      ZW_RETURN_IF_ERROR(PutPages(chunk).status());
      chunk.clear();
    }
  }
  // Writes the statistics even for an empty database, so this runs once.
  return PutPages(chunk).status();
}

absl::StatusOr<PutResult> DocumentStore::PutDocuments(const std::string& page_id,
                                                      const std::vector<Document>& documents,
                                                      const std::string& replaces_page_id) {
  return PutPages({PageDocuments{page_id, documents, replaces_page_id}});
}

absl::StatusOr<PutResult> DocumentStore::PutPages(const std::vector<PageDocuments>& pages) {
  std::set<std::string> page_ids;
  for (const PageDocuments& page : pages) {
    if (page.page_id.empty()) return InvalidDocument("page_id is required");
    if (!page_ids.insert(page.page_id).second) {
      return InvalidDocument(absl::StrCat("page ", page.page_id, " appears twice in one write"));
    }
    for (const auto& doc : page.documents) {
      if (doc.page_id() != page.page_id) {
        return InvalidDocument(absl::StrCat("document ", doc.id(), " belongs to page ",
                                            doc.page_id(), ", not ", page.page_id));
      }
      if (doc.id() != absl::StrCat(page.page_id, "-", doc.part())) {
        return InvalidDocument(absl::StrCat("document id ", doc.id(), " is not <page_id>-<part>"));
      }
    }
  }
  std::lock_guard<std::mutex> lock(write_mu_);
  PutResult result;
  CorpusStats stats = stats_;  // only writers change stats_, and we are the writer
  WriteBatch batch;
  IndexUpdate update;
  ClusterAssigner clusters(storage_.get(), &table_, Thresholds());
  std::vector<uint32_t> removed;

  // Queues the removal of stored documents `old` (one page's); returns how many.
  auto remove_page = [&](const std::vector<Document>& old) -> absl::StatusOr<int> {
    for (const Document& doc : old) {
      batch.Delete(kDocuments, doc.id());
      ZW_ASSIGN_OR_RETURN(auto number_bytes, storage_->Get(kDocNumbers, doc.id()));
      if (!number_bytes.has_value()) continue;  // stored before the index existed
      const uint32_t number = static_cast<uint32_t>(ReadBigEndian(*number_bytes));
      ZW_ASSIGN_OR_RETURN(auto meta_bytes, storage_->Get(kDocMeta, *number_bytes));
      DocMeta meta;
      if (!meta_bytes.has_value() || !DecodeDocMeta(*meta_bytes, &meta)) {
        return absl::DataLossError(absl::StrCat("index entry of ", doc.id(), " is corrupt"));
      }
      ZW_ASSIGN_OR_RETURN(SimilarityProfile profile, StoredProfile(*storage_, number));
      update.RemoveDocument(number, doc, profile.signature, meta.cluster_id);
      ZW_RETURN_IF_ERROR(clusters.Remove(number, doc.id()));
      removed.push_back(number);
      stats.documents -= 1;
      stats.total_length -= meta.length;
    }
    return static_cast<int>(old.size());
  };

  struct Added {
    uint32_t number;
    const Document* doc;
    SimilarityProfile profile;
    DocMeta meta;
  };
  // MinHash signatures of every new document, computed on all cores.
  std::vector<const Document*> incoming;
  for (const PageDocuments& page : pages) {
    for (const Document& doc : page.documents) incoming.push_back(&doc);
  }
  // Similarity profiles and the stored documents sharing an LSH band or a
  // sentence with each, computed on all cores (nothing is written before the
  // batch).
  std::vector<SimilarityProfile> profiles(incoming.size());
  std::vector<absl::StatusOr<Candidates>> stored_candidates(incoming.size());
  ParallelFor(incoming.size(), [&](size_t i) {
    profiles[i] = ProfileOf(incoming[i]->text());
    stored_candidates[i] = StoredCandidates(*storage_, profiles[i]);
  });
  // What is stored of each page (and of the page it replaces), also read on
  // all cores: one lookup per page is most of a bulk write's reads.
  struct StoredPage {
    absl::Status status;
    bool replaced_by_newer = false;
    std::vector<Document> documents;
    std::vector<Document> replaced_documents;
  };
  std::vector<StoredPage> stored(pages.size());
  ParallelFor(pages.size(), [&](size_t i) {
    const PageDocuments& page = pages[i];
    StoredPage& out = stored[i];
    auto newer = storage_->Get(kReplaced, page.page_id);
    if (!newer.ok()) {
      out.status = newer.status();
      return;
    }
    out.replaced_by_newer = newer->has_value();
    if (out.replaced_by_newer) return;
    auto documents = StoredDocumentsOfPage(page.page_id);
    if (!documents.ok()) {
      out.status = documents.status();
      return;
    }
    out.documents = std::move(*documents);
    if (!page.replaces_page_id.empty() && page.replaces_page_id != page.page_id) {
      auto replaced = StoredDocumentsOfPage(page.replaces_page_id);
      if (!replaced.ok()) {
        out.status = replaced.status();
        return;
      }
      out.replaced_documents = std::move(*replaced);
    }
  });
  size_t next_incoming = 0;
  std::vector<Added> added;
  for (size_t p = 0; p < pages.size(); ++p) {
    const PageDocuments& page = pages[p];
    ZW_RETURN_IF_ERROR(stored[p].status);
    if (stored[p].replaced_by_newer) {
      next_incoming += page.documents.size();
      continue;  // A newer version already took its place.
    }
    // A retried put of the same page overwrites its own earlier copy.
    ZW_RETURN_IF_ERROR(remove_page(stored[p].documents).status());
    if (!page.replaces_page_id.empty() && page.replaces_page_id != page.page_id) {
      ZW_ASSIGN_OR_RETURN(int count, remove_page(stored[p].replaced_documents));
      result.removed += count;
      batch.Put(kReplaced, page.replaces_page_id, page.page_id);
    }
    for (const Document& doc : page.documents) {
      ZW_RETURN_IF_ERROR(stored_candidates[next_incoming].status());
      Added entry{stats.next_doc++, &doc, std::move(profiles[next_incoming]),
                  MetaOfDocument(doc)};
      ZW_RETURN_IF_ERROR(
          clusters.Add(entry.number, entry.meta, entry.profile, *stored_candidates[next_incoming]));
      stored_candidates[next_incoming] = Candidates();
      ++next_incoming;
      added.push_back(std::move(entry));
    }
    result.stored += static_cast<int>(page.documents.size());
  }
  // Clusters are final only once every new document has been seen.
  ZW_RETURN_IF_ERROR(clusters.Finish());
  // Tokenizing and serializing run on all cores, a chunk at a time (bounded
  // memory); the index entries are then added in document order.
  constexpr size_t kPrepareChunk = 4096;
  std::vector<PreparedDocument> prepared;
  std::vector<std::string> serialized;
  for (size_t begin = 0; begin < added.size(); begin += kPrepareChunk) {
    const size_t end = std::min(added.size(), begin + kPrepareChunk);
    prepared.assign(end - begin, PreparedDocument());
    serialized.assign(end - begin, std::string());
    ParallelFor(end - begin, [&](size_t i) {
      const Document& doc = *added[begin + i].doc;
      prepared[i] = PrepareDocument(doc);
      serialized[i] = StoredForm(doc).SerializeAsString();
    });
    std::vector<DocumentToAdd> to_add;
    for (size_t i = begin; i < end; ++i) {
      Added& entry = added[i];
      entry.meta.cluster_id = clusters.ClusterOf(entry.number);
      batch.PutMoved(kDocuments, std::string(entry.doc->id()), std::move(serialized[i - begin]));
      to_add.push_back(DocumentToAdd{entry.number, entry.doc, &entry.meta, &entry.profile,
                                     &prepared[i - begin]});
    }
    update.AddPreparedBatch(to_add);
    for (size_t i = begin; i < end; ++i) {
      stats.documents += 1;
      stats.total_length += added[i].meta.length;
    }
  }
  ZW_RETURN_IF_ERROR(clusters.AppendRelabels(&batch));
  const std::vector<std::string> touched = update.TouchedTerms();
  update.AppendTo(&batch);
  batch.Put(kCorpus, kStatsKey, EncodeCorpusStats(stats));
  // Large writes (bulk loads) go in as table files, past the memtables.
  if (options_.bulk_write_operations > 0 && batch.Count() >= options_.bulk_write_operations) {
    ZW_RETURN_IF_ERROR(storage_->WriteBulk(batch));
  } else {
    ZW_RETURN_IF_ERROR(storage_->Write(batch, /*sync=*/true));
  }

  {
    std::unique_lock<std::shared_mutex> table_lock(table_mu_);
    for (uint32_t number : removed) table_.Remove(number);
    for (const Added& entry : added) table_.Set(entry.number, entry.meta);
    stats_ = stats;
  }
  postings_->Invalidate(touched);
  return result;
}

absl::StatusOr<std::vector<Document>> DocumentStore::StoredDocumentsOfPage(
    const std::string& page_id) const {
  std::vector<Document> documents;
  absl::Status parse_status;
  ZW_RETURN_IF_ERROR(storage_->Scan(kDocuments, "", page_id + "-",
                                    [&](absl::string_view key, absl::string_view value) {
                                      Document doc;
                                      if (!doc.ParseFromArray(value.data(),
                                                              static_cast<int>(value.size()))) {
                                        parse_status = absl::DataLossError(
                                            absl::StrCat("corrupt document ", key));
                                        return false;
                                      }
                                      documents.push_back(std::move(doc));
                                      return true;
                                    }));
  ZW_RETURN_IF_ERROR(parse_status);
  return documents;
}

absl::StatusOr<uint32_t> DocumentStore::DocumentNumber(const std::string& id) const {
  ZW_ASSIGN_OR_RETURN(auto value, storage_->Get(kDocNumbers, id));
  if (!value.has_value()) return DocumentNotFound(id);
  return static_cast<uint32_t>(ReadBigEndian(*value));
}

absl::Status DocumentStore::FillSimilarity(Document* doc) const {
  auto number = DocumentNumber(doc->id());
  if (!number.ok()) return absl::OkStatus();  // not indexed (yet): nothing to add
  ZW_ASSIGN_OR_RETURN(auto meta_bytes, storage_->Get(kDocMeta, BigEndian32(*number)));
  DocMeta meta;
  if (meta_bytes.has_value() && DecodeDocMeta(*meta_bytes, &meta)) {
    doc->set_cluster_id(meta.cluster_id.empty() ? doc->id() : meta.cluster_id);
  }
  const SimilarityProfile profile = ProfileOf(doc->text());
  if (profile.signature.empty()) return absl::OkStatus();
  IndexView view{storage_.get(), &table_, stats_, postings_.get()};
  ZW_ASSIGN_OR_RETURN(auto neighbors, FindRelated(view, profile, Thresholds(),
                                                  options_.similarity_threshold, *number));
  const ClusterKey asked{DateNumber(doc->published_at()), doc->id()};
  // Most similar first (as returned); a document inside a huge cluster (a
  // template genre) lists only the closest ones, so reading it stays cheap.
  if (neighbors.size() > kMaxNearDuplicatesPerDocument) {
    neighbors.resize(kMaxNearDuplicatesPerDocument);
  }
  for (const Neighbor& neighbor : neighbors) {
    auto* out = doc->add_near_duplicates();
    out->set_id(table_.id(neighbor.doc));
    SetMeasures(neighbor, asked, table_, out);
  }
  return absl::OkStatus();
}

absl::StatusOr<Document> DocumentStore::GetDocument(const std::string& id) const {
  ZW_ASSIGN_OR_RETURN(auto value, storage_->Get(kDocuments, id));
  if (!value.has_value()) return DocumentNotFound(id);
  Document doc;
  if (!doc.ParseFromString(*value)) return absl::DataLossError(absl::StrCat("corrupt document ", id));
  std::shared_lock<std::shared_mutex> lock(table_mu_);
  ZW_RETURN_IF_ERROR(FillSimilarity(&doc));
  return doc;
}

absl::StatusOr<DocumentList> DocumentStore::ListDocuments(int page_size,
                                                          const std::string& page_token,
                                                          const std::string& page_id) const {
  if (page_size < 0) return InvalidPageSize();
  const int limit = page_size == 0 ? kDefaultPageSize : std::min(page_size, kMaxPageSize);
  DocumentList list;
  absl::Status parse_status;
  const std::string prefix = page_id.empty() ? "" : page_id + "-";
  // Stored sizes bound what is read; the sizes with near-duplicates filled in
  // bound what is answered (below).
  ResponseBudget read_budget(options_.max_response_bytes);
  // The cursor is the last id returned; continue strictly after it.
  const std::string start = page_token.empty() ? "" : page_token + '\0';
  ZW_RETURN_IF_ERROR(storage_->Scan(kDocuments, start, prefix, [&](absl::string_view key,
                                                                   absl::string_view value) {
    if (static_cast<int>(list.documents.size()) == limit || !read_budget.Take(value.size())) {
      list.next_page_token = list.documents.back().id();
      return false;
    }
    Document doc;
    if (!doc.ParseFromArray(value.data(), static_cast<int>(value.size()))) {
      parse_status = absl::DataLossError(absl::StrCat("corrupt document ", key));
      return false;
    }
    list.documents.push_back(std::move(doc));
    return true;
  }));
  ZW_RETURN_IF_ERROR(parse_status);
  std::shared_lock<std::shared_mutex> lock(table_mu_);
  for (Document& doc : list.documents) ZW_RETURN_IF_ERROR(FillSimilarity(&doc));
  ResponseBudget answer_budget(options_.max_response_bytes);
  for (size_t i = 0; i < list.documents.size(); ++i) {
    if (!answer_budget.Take(list.documents[i].ByteSizeLong())) {
      list.documents.resize(i);
      list.next_page_token = list.documents.back().id();
      break;
    }
  }
  return list;
}

std::string DocumentStore::ToSimplified(absl::string_view text) const {
  // Most queries are Simplified already: skip the conversion when no
  // character of `text` is one the dictionary changes.
  if (!converter_->MayConvert(text)) return std::string(text);
  return converter_->ToSimplified(text);
}

absl::StatusOr<SearchResponse> DocumentStore::Search(const SearchRequest& request) const {
  ZW_ASSIGN_OR_RETURN(ParsedQuery query,
                      ParseQuery(request.query(), [this](absl::string_view text) {
                        return ToSimplified(text);
                      }));
  std::shared_lock<std::shared_mutex> lock(table_mu_);
  IndexView view{storage_.get(), &table_, stats_, postings_.get(),
                 options_.max_response_bytes};
  return RunSearch(view, query, request);
}

absl::StatusOr<FindSimilarResponse> DocumentStore::FindSimilar(
    const FindSimilarRequest& request) const {
  if (request.page_size() < 0) return InvalidPageSize();
  if (request.id().empty() == request.text().empty()) {
    return InvalidSimilarRequest("FindSimilar needs exactly one of id and text");
  }
  if (!(request.min_similarity() >= 0 && request.min_similarity() <= 1)) {
    return InvalidSimilarRequest("min_similarity must be between 0 and 1");
  }
  if (request.text().size() > kMaxSimilarTextBytes) {
    return InvalidSimilarRequest(
        absl::StrCat("text is over ", kMaxSimilarTextBytes, " bytes"));
  }
  const double min_similarity =
      request.min_similarity() > 0 ? request.min_similarity() : options_.similarity_threshold;
  const int page_size =
      request.page_size() == 0 ? kDefaultPageSize : std::min(request.page_size(), kMaxPageSize);
  std::shared_lock<std::shared_mutex> lock(table_mu_);
  IndexView view{storage_.get(), &table_, stats_, postings_.get()};
  FindSimilarResponse response;
  SimilarityProfile profile;
  uint32_t exclude = kNoDocument;
  // A text asked about is "now": every stored document is earlier.
  ClusterKey asked{std::numeric_limits<int32_t>::max(), ""};
  if (!request.id().empty()) {
    ZW_ASSIGN_OR_RETURN(exclude, DocumentNumber(request.id()));
    ZW_ASSIGN_OR_RETURN(auto stored, storage_->Get(kDocuments, request.id()));
    Document doc;
    if (!stored.has_value() || !doc.ParseFromString(*stored)) {
      return absl::DataLossError(absl::StrCat("corrupt document ", request.id()));
    }
    profile = ProfileOf(doc.text());
    asked = ClusterKey{DateNumber(doc.published_at()), doc.id()};
    ZW_ASSIGN_OR_RETURN(auto meta_bytes, storage_->Get(kDocMeta, BigEndian32(exclude)));
    DocMeta meta;
    if (meta_bytes.has_value() && DecodeDocMeta(*meta_bytes, &meta)) {
      response.set_cluster_id(meta.cluster_id.empty() ? request.id() : meta.cluster_id);
    }
  } else {
    profile = ProfileOf(ToSimplified(request.text()));
  }
  ZW_ASSIGN_OR_RETURN(auto neighbors,
                      FindRelated(view, profile, Thresholds(), min_similarity, exclude));
  // An explicit floor keeps only documents at least that similar (partial
  // copies have a low Jaccard: the default reports every relation).
  if (request.min_similarity() > 0) {
    neighbors.erase(std::remove_if(neighbors.begin(), neighbors.end(),
                                   [&](const Neighbor& n) { return n.measures.jaccard < min_similarity; }),
                    neighbors.end());
  }
  // Order: similarity descending, then id; the token is the last one returned.
  std::sort(neighbors.begin(), neighbors.end(), [&](const Neighbor& a, const Neighbor& b) {
    return a.measures.jaccard != b.measures.jaccard ? a.measures.jaccard > b.measures.jaccard
                                                    : table_.id(a.doc) < table_.id(b.doc);
  });
  size_t first = 0;
  if (!request.page_token().empty()) {
    std::string raw;
    std::vector<std::string> parts;
    double last_similarity = 0;
    if (absl::WebSafeBase64Unescape(request.page_token(), &raw)) {
      parts = absl::StrSplit(raw, absl::MaxSplits('\x1f', 1));
    }
    if (parts.size() != 2 || !absl::SimpleAtod(parts[0], &last_similarity)) {
      return ErrorWithReason(absl::StatusCode::kInvalidArgument, "page_token is not valid here",
                             "INVALID_PAGE_TOKEN");
    }
    while (first < neighbors.size() &&
           (neighbors[first].measures.jaccard > last_similarity ||
            (neighbors[first].measures.jaccard == last_similarity &&
             table_.id(neighbors[first].doc) <= parts[1]))) {
      ++first;
    }
  }
  size_t end = std::min(neighbors.size(), first + page_size);
  std::vector<std::string> ids;
  for (size_t i = first; i < end; ++i) ids.push_back(table_.id(neighbors[i].doc));
  ZW_ASSIGN_OR_RETURN(auto documents, storage_->MultiGet(kDocuments, ids));
  ResponseBudget budget(options_.max_response_bytes);
  for (size_t i = first; i < end; ++i) {
    auto* out = response.add_documents();
    out->set_id(ids[i - first]);
    SetMeasures(neighbors[i], asked, table_, out);
    Document doc;
    if (documents[i - first].has_value() && doc.ParseFromString(*documents[i - first])) {
      out->set_title(doc.title());
      out->set_source_uri(doc.source_uri());
    }
    ZW_ASSIGN_OR_RETURN(auto meta_bytes, storage_->Get(kDocMeta, BigEndian32(neighbors[i].doc)));
    DocMeta meta;
    if (meta_bytes.has_value() && DecodeDocMeta(*meta_bytes, &meta)) {
      out->set_cluster_id(meta.cluster_id.empty() ? meta.id : meta.cluster_id);
    }
    if (!budget.Take(out->ByteSizeLong())) {
      response.mutable_documents()->RemoveLast();
      end = i;
      break;
    }
  }
  if (end < neighbors.size() && end > first) {
    std::string token;
    absl::WebSafeBase64Escape(
        absl::StrCat(absl::StrFormat("%.17g", neighbors[end - 1].measures.jaccard), "\x1f",
                     ids[end - 1 - first]),
        &token);
    response.set_next_page_token(token);
  }
  return response;
}

absl::StatusOr<FindReuseResponse> DocumentStore::FindReuse(const FindReuseRequest& request) const {
  if (request.id().empty() == request.text().empty()) {
    return absl::InvalidArgumentError("FindReuse needs exactly one of id and text");
  }
  std::vector<Sentence> sentences;
  uint32_t exclude = kNoDocument;
  if (!request.id().empty()) {
    ZW_ASSIGN_OR_RETURN(Document doc, GetDocument(request.id()));
    ZW_ASSIGN_OR_RETURN(exclude, DocumentNumber(request.id()));
    sentences = SplitSentences(doc.text());
  } else {
    // Hash the Simplified form, but keep offsets into the text as sent: when
    // conversion changes the length (rare phrase rewrites), use the original.
    const std::string simplified = ToSimplified(request.text());
    const bool same_length = CodePointCount(simplified) == CodePointCount(request.text());
    sentences = SplitSentences(same_length ? simplified : request.text());
  }
  std::shared_lock<std::shared_mutex> lock(table_mu_);
  IndexView view{storage_.get(), &table_, stats_, postings_.get(),
                 options_.max_response_bytes};
  return RunFindReuse(view, sentences, exclude, request);
}

absl::StatusOr<ListSharedSentencesResponse> DocumentStore::ListSharedSentences(
    const ListSharedSentencesRequest& request) const {
  std::shared_lock<std::shared_mutex> lock(table_mu_);
  IndexView view{storage_.get(), &table_, stats_, postings_.get(),
                 options_.max_response_bytes};
  return RunListSharedSentences(view, request);
}

CorpusStats DocumentStore::Stats() const {
  std::shared_lock<std::shared_mutex> lock(table_mu_);
  return stats_;
}

absl::StatusOr<CorpusStats> DocumentStore::StoredStats() const {
  ZW_ASSIGN_OR_RETURN(auto value, storage_->Get(kCorpus, kStatsKey));
  CorpusStats stats;
  if (!value.has_value() || !DecodeCorpusStats(*value, &stats)) {
    return absl::NotFoundError("no corpus statistics stored");
  }
  return stats;
}

absl::Status DocumentStore::CompactIndex() {
  ZW_RETURN_IF_ERROR(storage_->FlushAll());
  // The LSH bands (millions of one-document buckets, read only by
  // near-duplicate lookups, which fold their few operands cheaply) are left
  // to background compaction.
  for (int family : {kPostings, kSentences}) {
    ZW_RETURN_IF_ERROR(storage_->CompactFamily(family));
  }
  postings_->Clear();
  return WarmPostingCache();
}

absl::Status DocumentStore::WarmPostingCache() {
  // Sizes first (no value copied), then the chosen lists in one MultiGet.
  std::vector<std::pair<size_t, std::string>> sizes;
  ZW_RETURN_IF_ERROR(storage_->Scan(kPostings, "", "", [&](absl::string_view key,
                                                           absl::string_view value) {
    if (!key.empty() && key[0] != static_cast<char>(TokenKind::kUnigram) && value.size() > 1024) {
      sizes.emplace_back(value.size(), std::string(key));
    }
    return true;
  }));
  std::sort(sizes.begin(), sizes.end(), std::greater<>());
  const size_t budget = options_.posting_cache_bytes / 2;
  std::vector<std::string> keys;
  size_t bytes = 0;
  for (auto& [size, key] : sizes) {
    if (bytes + size > budget) break;
    bytes += size;
    keys.push_back(std::move(key));
  }
  ZW_ASSIGN_OR_RETURN(auto values, storage_->MultiGet(kPostings, keys));
  for (size_t i = 0; i < keys.size(); ++i) {
    if (values[i].has_value()) ZW_RETURN_IF_ERROR(postings_->Preload(keys[i], std::move(*values[i])));
  }
  return absl::OkStatus();
}

absl::Status DocumentStore::Close() { return storage_->Close(); }

}  // namespace zhengwen::query
