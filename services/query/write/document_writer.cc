#include "services/query/write/document_writer.h"

#include <set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/error_reason.h"
#include "common/executor.h"
#include "common/status_macros.h"
#include "common/storage/key_codec.h"
#include "services/query/index/query_families.h"
#include "services/query/records/document_record.h"

namespace zhengwen::query {
namespace {

using zhengwen::document::v1::Document;

// Tokenizing and serializing run a chunk of documents at a time (bounded memory).
constexpr size_t kPrepareChunk = 4096;
// Fewer items than this per thread do not pay for the hand-off.
constexpr size_t kParallelGrain = 256;

absl::Status InvalidDocument(absl::string_view why) {
  return ErrorWithReason(absl::StatusCode::kInvalidArgument, why, "INVALID_DOCUMENT");
}

// The stored documents of page `page_id` (ids "<page_id>-<part>").
absl::StatusOr<std::vector<Document>> StoredDocumentsOfPage(const Storage& storage,
                                                            const std::string& page_id) {
  std::vector<Document> documents;
  absl::Status parse_status;
  ZW_RETURN_IF_ERROR(storage.Scan(QueryFamily::kDocuments, "", page_id + "-",
                                  [&](absl::string_view key, absl::string_view value) {
                                    auto doc = DecodeDocumentRecord(key, value);
                                    if (!doc.ok()) {
                                      parse_status = doc.status();
                                      return false;
                                    }
                                    documents.push_back(*std::move(doc));
                                    return true;
                                  }));
  ZW_RETURN_IF_ERROR(parse_status);
  return documents;
}

}  // namespace

absl::Status ValidatePages(const std::vector<PageDocuments>& pages) {
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
  return absl::OkStatus();
}

DocumentWriter::DocumentWriter(Storage* storage, const DocTable* table, const CorpusStats& stats,
                               const RelationThresholds& thresholds, int bulk_operations)
    : storage_(storage), bulk_operations_(bulk_operations), clusters_(storage, table, thresholds) {
  written_.stats = stats;
}

absl::StatusOr<WrittenPages> DocumentWriter::Write(const std::vector<PageDocuments>& pages) {
  // Nothing is written before the batch: the reads may run on all cores.
  ProfileIncoming(pages);
  const std::vector<StoredPage> stored = ReadStoredPages(pages);
  for (size_t p = 0; p < pages.size(); ++p) ZW_RETURN_IF_ERROR(ReplacePage(pages[p], stored[p]));
  // Clusters are final only once every new document has been seen.
  ZW_RETURN_IF_ERROR(clusters_.Finish());
  IndexAdded();
  ZW_RETURN_IF_ERROR(Commit());
  for (const Added& entry : added_) written_.added.emplace_back(entry.number, entry.meta);
  return std::move(written_);
}

void DocumentWriter::ProfileIncoming(const std::vector<PageDocuments>& pages) {
  for (const PageDocuments& page : pages) {
    for (const Document& doc : page.documents) incoming_.push_back(&doc);
  }
  profiles_.resize(incoming_.size());
  candidates_.resize(incoming_.size());
  ProcessExecutor().ParallelFor(
      incoming_.size(),
      [&](size_t i) {
        profiles_[i] = ProfileOf(incoming_[i]->text());
        candidates_[i] = StoredCandidates(*storage_, profiles_[i]);
      },
      kParallelGrain);
}

std::vector<DocumentWriter::StoredPage> DocumentWriter::ReadStoredPages(
    const std::vector<PageDocuments>& pages) const {
  // One lookup per page is most of a bulk write's reads.
  std::vector<StoredPage> stored(pages.size());
  ProcessExecutor().ParallelFor(
      pages.size(),
      [&](size_t i) {
        const PageDocuments& page = pages[i];
        StoredPage& out = stored[i];
        auto newer = storage_->Get(QueryFamily::kReplaced, page.page_id);
        if (!newer.ok()) {
          out.status = newer.status();
          return;
        }
        out.replaced_by_newer = newer->has_value();
        if (out.replaced_by_newer) return;
        auto documents = StoredDocumentsOfPage(*storage_, page.page_id);
        if (!documents.ok()) {
          out.status = documents.status();
          return;
        }
        out.documents = std::move(*documents);
        if (!page.replaces_page_id.empty() && page.replaces_page_id != page.page_id) {
          auto replaced = StoredDocumentsOfPage(*storage_, page.replaces_page_id);
          if (!replaced.ok()) {
            out.status = replaced.status();
            return;
          }
          out.replaced_documents = std::move(*replaced);
        }
      },
      kParallelGrain);
  return stored;
}

absl::StatusOr<int> DocumentWriter::RemoveStored(const std::vector<Document>& old) {
  for (const Document& doc : old) {
    batch_.Delete(QueryFamily::kDocuments, doc.id());
    ZW_ASSIGN_OR_RETURN(auto number_bytes, storage_->Get(QueryFamily::kDocNumbers, doc.id()));
    if (!number_bytes.has_value()) continue;  // stored before the index existed
    const uint32_t number = static_cast<uint32_t>(ReadBigEndian(*number_bytes));
    ZW_ASSIGN_OR_RETURN(auto meta_bytes, storage_->Get(QueryFamily::kDocMeta, *number_bytes));
    DocMeta meta;
    if (!meta_bytes.has_value() || !DecodeDocMeta(*meta_bytes, &meta)) {
      return absl::DataLossError(absl::StrCat("index entry of ", doc.id(), " is corrupt"));
    }
    ZW_ASSIGN_OR_RETURN(SimilarityProfile profile, StoredProfile(*storage_, number));
    update_.RemoveDocument(number, doc, profile.signature, meta.cluster_id);
    ZW_RETURN_IF_ERROR(clusters_.Remove(number, doc.id()));
    written_.removed.push_back(number);
    written_.stats.documents -= 1;
    written_.stats.total_length -= meta.length;
  }
  return static_cast<int>(old.size());
}

absl::Status DocumentWriter::ReplacePage(const PageDocuments& page, const StoredPage& stored) {
  ZW_RETURN_IF_ERROR(stored.status);
  if (stored.replaced_by_newer) {
    next_incoming_ += page.documents.size();
    return absl::OkStatus();  // A newer version already took its place.
  }
  // A retried put of the same page overwrites its own earlier copy.
  ZW_RETURN_IF_ERROR(RemoveStored(stored.documents).status());
  if (!page.replaces_page_id.empty() && page.replaces_page_id != page.page_id) {
    ZW_ASSIGN_OR_RETURN(int count, RemoveStored(stored.replaced_documents));
    written_.result.removed += count;
    batch_.Put(QueryFamily::kReplaced, page.replaces_page_id, page.page_id);
  }
  for (const Document& doc : page.documents) {
    ZW_RETURN_IF_ERROR(candidates_[next_incoming_].status());
    Added entry{written_.stats.next_doc++, &doc, std::move(profiles_[next_incoming_]),
                MetaOfDocument(doc)};
    ZW_RETURN_IF_ERROR(
        clusters_.Add(entry.number, entry.meta, entry.profile, *candidates_[next_incoming_]));
    candidates_[next_incoming_] = Candidates();
    ++next_incoming_;
    added_.push_back(std::move(entry));
  }
  written_.result.stored += static_cast<int>(page.documents.size());
  return absl::OkStatus();
}

void DocumentWriter::IndexAdded() {
  // Tokenizing and serializing run on all cores; the index entries are then
  // added in document order.
  std::vector<PreparedDocument> prepared;
  std::vector<std::string> serialized;
  for (size_t begin = 0; begin < added_.size(); begin += kPrepareChunk) {
    const size_t end = std::min(added_.size(), begin + kPrepareChunk);
    prepared.assign(end - begin, PreparedDocument());
    serialized.assign(end - begin, std::string());
    ProcessExecutor().ParallelFor(
        end - begin,
        [&](size_t i) {
          const Document& doc = *added_[begin + i].doc;
          prepared[i] = PrepareDocument(doc);
          serialized[i] = EncodeDocumentRecord(doc);
        },
        kParallelGrain);
    std::vector<DocumentToAdd> to_add;
    for (size_t i = begin; i < end; ++i) {
      Added& entry = added_[i];
      entry.meta.cluster_id = clusters_.ClusterOf(entry.number);
      batch_.PutMoved(QueryFamily::kDocuments, std::string(entry.doc->id()),
                      std::move(serialized[i - begin]));
      to_add.push_back(DocumentToAdd{entry.number, entry.doc, &entry.meta, &entry.profile,
                                     &prepared[i - begin]});
    }
    update_.AddPreparedBatch(to_add);
    for (size_t i = begin; i < end; ++i) {
      written_.stats.documents += 1;
      written_.stats.total_length += added_[i].meta.length;
    }
  }
}

absl::Status DocumentWriter::Commit() {
  ZW_RETURN_IF_ERROR(clusters_.AppendRelabels(&batch_));
  written_.touched_terms = update_.TouchedTerms();
  update_.AppendTo(&batch_);
  batch_.Put(QueryFamily::kCorpus, kCorpusStatsKey, EncodeCorpusStats(written_.stats));
  // Large writes (bulk loads) go in as table files, past the memtables.
  if (bulk_operations_ > 0 && batch_.Count() >= bulk_operations_) {
    return storage_->WriteBulk(batch_);
  }
  return storage_->Write(batch_, /*sync=*/true);
}

}  // namespace zhengwen::query
