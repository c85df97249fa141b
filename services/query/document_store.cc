#include "services/query/document_store.h"

#include <algorithm>
#include <filesystem>
#include <limits>
#include <map>

#include "absl/strings/str_cat.h"
#include "common/error_reason.h"
#include "common/pagination/page_size.h"
#include "common/pagination/rank_cursor.h"
#include "common/status_macros.h"
#include "common/storage/key_codec.h"
#include "common/text/minhash.h"
#include "common/text/sentences.h"
#include "common/text/utf8.h"
#include "services/query/index/index_view.h"
#include "services/query/index/query_families.h"
#include "services/query/index/tokenizer.h"
#include "services/query/index/varint.h"
#include "services/query/records/document_record.h"
#include "services/query/records/query_layout.h"
#include "services/query/request_limits.h"
#include "services/query/reuse/passage_reuse.h"
#include "services/query/search/query_parser.h"
#include "services/query/search/searcher.h"
#include "services/query/similar/find_similar.h"
#include "services/query/similar/near_duplicates.h"
#include "services/query/write/cluster_assigner.h"
#include "services/query/write/document_writer.h"

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

// Near-duplicates listed on an exported document; FindSimilar returns them all.
constexpr size_t kMaxNearDuplicatesPerDocument = 50;
// Pages per write when indexing documents stored before the index existed.
constexpr size_t kReindexPagesPerWrite = 500;

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

}  // namespace

DocumentStore::DocumentStore(std::unique_ptr<Storage> storage, DocumentStoreOptions options,
                             std::unique_ptr<ScriptConverter> converter)
    : storage_(std::move(storage)), options_(std::move(options)),
      converter_(std::move(converter)) {
  postings_ = std::make_unique<PostingCache>(storage_.get(), QueryFamily::kPostings,
                                             options_.posting_cache_bytes);
}

absl::StatusOr<std::unique_ptr<DocumentStore>> DocumentStore::Open(
    const std::string& data_dir, const DocumentStoreOptions& options) {
  std::error_code ec;
  std::filesystem::create_directories(data_dir, ec);
  if (ec) return absl::UnavailableError(absl::StrCat("create ", data_dir, ": ", ec.message()));
  ZW_ASSIGN_OR_RETURN(auto converter, ScriptConverter::Create(options.opencc_config));
  StorageOptions storage_options;
  storage_options.block_cache_bytes = options.block_cache_bytes;
  ZW_ASSIGN_OR_RETURN(auto storage, Storage::Open(data_dir, QueryFamilies(), storage_options));
  ZW_RETURN_IF_ERROR(MigrateQueryLayout(*storage));
  std::unique_ptr<DocumentStore> store(
      new DocumentStore(std::move(storage), options, std::move(converter)));
  ZW_RETURN_IF_ERROR(store->Load());
  return store;
}

absl::Status DocumentStore::Load() {
  absl::Status parse_status;
  ZW_RETURN_IF_ERROR(storage_->Scan(QueryFamily::kDocMeta, "", "", [&](absl::string_view key,
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
  ZW_ASSIGN_OR_RETURN(auto stored, storage_->Get(QueryFamily::kCorpus, kCorpusStatsKey));
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
  ZW_RETURN_IF_ERROR(storage_->Scan(QueryFamily::kDocuments, "", "", [&](absl::string_view key,
                                                            absl::string_view value) {
    auto doc = DecodeDocumentRecord(key, value);
    if (!doc.ok()) {
      parse_status = doc.status();
      return false;
    }
    pages[doc->page_id()].push_back(*std::move(doc));
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
  ZW_RETURN_IF_ERROR(ValidatePages(pages));
  std::lock_guard<std::mutex> lock(write_mu_);
  // Only writers change table_ and stats_, and we are the writer: reading
  // them without table_mu_ is safe.
  DocumentWriter writer(storage_.get(), &table_, stats_, Thresholds(),
                        options_.bulk_write_operations);
  ZW_ASSIGN_OR_RETURN(WrittenPages written, writer.Write(pages));
  {
    std::unique_lock<std::shared_mutex> table_lock(table_mu_);
    for (uint32_t number : written.removed) table_.Remove(number);
    for (const auto& [number, meta] : written.added) table_.Set(number, meta);
    stats_ = written.stats;
  }
  postings_->Invalidate(written.touched_terms);
  return written.result;
}

absl::StatusOr<uint32_t> DocumentStore::DocumentNumber(const std::string& id) const {
  ZW_ASSIGN_OR_RETURN(auto value, storage_->Get(QueryFamily::kDocNumbers, id));
  if (!value.has_value()) return DocumentNotFound(id);
  return static_cast<uint32_t>(ReadBigEndian(*value));
}

absl::Status DocumentStore::FillSimilarity(Document* doc) const {
  auto number = DocumentNumber(doc->id());
  if (!number.ok()) return absl::OkStatus();  // not indexed (yet): nothing to add
  ZW_ASSIGN_OR_RETURN(auto meta_bytes, storage_->Get(QueryFamily::kDocMeta, BigEndian32(*number)));
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
  ZW_ASSIGN_OR_RETURN(auto value, storage_->Get(QueryFamily::kDocuments, id));
  if (!value.has_value()) return DocumentNotFound(id);
  ZW_ASSIGN_OR_RETURN(Document doc, DecodeDocumentRecord(id, *value));
  std::shared_lock<std::shared_mutex> lock(table_mu_);
  ZW_RETURN_IF_ERROR(FillSimilarity(&doc));
  return doc;
}

absl::StatusOr<DocumentList> DocumentStore::ListDocuments(int page_size,
                                                          const std::string& page_token,
                                                          const std::string& page_id) const {
  ZW_ASSIGN_OR_RETURN(const int limit, PageSizeOf(page_size, kDefaultListPageSize));
  DocumentList list;
  absl::Status parse_status;
  const std::string prefix = page_id.empty() ? "" : page_id + "-";
  // Stored sizes bound what is read; the sizes with near-duplicates filled in
  // bound what is answered (below).
  ResponseBudget read_budget(options_.max_response_bytes);
  // The cursor is the last id returned; continue strictly after it.
  const std::string start = page_token.empty() ? "" : page_token + '\0';
  ZW_RETURN_IF_ERROR(storage_->Scan(QueryFamily::kDocuments, start, prefix, [&](absl::string_view key,
                                                                   absl::string_view value) {
    if (static_cast<int>(list.documents.size()) == limit || !read_budget.Take(value.size())) {
      list.next_page_token = list.documents.back().id();
      return false;
    }
    auto doc = DecodeDocumentRecord(key, value);
    if (!doc.ok()) {
      parse_status = doc.status();
      return false;
    }
    list.documents.push_back(*std::move(doc));
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
  ZW_ASSIGN_OR_RETURN(const int page_size, PageSizeOf(request.page_size(), kDefaultListPageSize));
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
  std::shared_lock<std::shared_mutex> lock(table_mu_);
  IndexView view{storage_.get(), &table_, stats_, postings_.get(), options_.max_response_bytes};
  SimilarAsk ask;
  // A text asked about is "now": every stored document is earlier.
  ask.asked = ClusterKey{std::numeric_limits<int32_t>::max(), ""};
  if (!request.id().empty()) {
    ZW_ASSIGN_OR_RETURN(ask.exclude, DocumentNumber(request.id()));
    ZW_ASSIGN_OR_RETURN(auto stored, storage_->Get(QueryFamily::kDocuments, request.id()));
    zhengwen::storage::v1::DocumentRecord doc;
    if (!stored.has_value() || !doc.ParseFromString(*stored)) {
      return absl::DataLossError(absl::StrCat("corrupt document ", request.id()));
    }
    ask.profile = ProfileOf(doc.text());
    ask.asked = ClusterKey{DateNumber(doc.published_at()), doc.id()};
    ZW_ASSIGN_OR_RETURN(auto meta_bytes,
                        storage_->Get(QueryFamily::kDocMeta, BigEndian32(ask.exclude)));
    DocMeta meta;
    if (meta_bytes.has_value() && DecodeDocMeta(*meta_bytes, &meta)) {
      ask.cluster_id = meta.cluster_id.empty() ? request.id() : meta.cluster_id;
    }
  } else {
    ask.profile = ProfileOf(ToSimplified(request.text()));
  }
  SimilarPage page{min_similarity, request.min_similarity() > 0, page_size, request.page_token()};
  return RunFindSimilar(view, Thresholds(), ask, page);
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
  ZW_ASSIGN_OR_RETURN(auto value, storage_->Get(QueryFamily::kCorpus, kCorpusStatsKey));
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
  for (QueryFamily family : {QueryFamily::kPostings, QueryFamily::kSentences}) {
    ZW_RETURN_IF_ERROR(storage_->CompactFamily(family));
  }
  postings_->Clear();
  return WarmPostingCache();
}

absl::Status DocumentStore::WarmPostingCache() {
  // Sizes first (no value copied), then the chosen lists in one MultiGet.
  std::vector<std::pair<size_t, std::string>> sizes;
  ZW_RETURN_IF_ERROR(storage_->Scan(QueryFamily::kPostings, "", "", [&](absl::string_view key,
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
  ZW_ASSIGN_OR_RETURN(auto values, storage_->MultiGet(QueryFamily::kPostings, keys));
  for (size_t i = 0; i < keys.size(); ++i) {
    if (values[i].has_value()) ZW_RETURN_IF_ERROR(postings_->Preload(keys[i], std::move(*values[i])));
  }
  return absl::OkStatus();
}

absl::Status DocumentStore::Close() { return storage_->Close(); }

}  // namespace zhengwen::query
