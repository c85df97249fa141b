#include "services/ingest/ingest_core.h"

#include <algorithm>
#include <filesystem>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/error_reason.h"
#include "common/pagination/page_size.h"
#include "common/source_host.h"
#include "common/status_macros.h"
#include "common/storage/key_codec.h"
#include "common/text/hashing.h"
#include "common/text/utf8.h"
#include "services/ingest/ingest_layout.h"
#include "services/ingest/page_validator.h"
#include "services/ingest/request_limits.h"

namespace zhengwen::ingest {
namespace {

using zhengwen::storage::v1::OutboxRecord;
using zhengwen::storage::v1::RenormalizeJobRecord;
using zhengwen::storage::v1::StoredPageState;
using zhengwen::storage::v1::StoredRequest;
using zhengwen::storage::v1::StoredVersion;
namespace sv1 = zhengwen::storage::v1;

int64_t NowMs() { return absl::ToUnixMillis(absl::Now()); }

// Pages one re-normalization step visits at most (one bounded scan per round).
constexpr int kRenormalizeScanStep = 1000;
// Outbox entries one PendingWork call looks at at most.
constexpr int kMaxOutboxScan = 10000;
// Pages one ListPages call looks at at most (a selective filter pages on).
constexpr int kMaxPagesVisitedPerList = 100000;

sv1::OutboxKind ToRecordKind(WorkKind kind) {
  switch (kind) {
    case WorkKind::kDelete: return sv1::OUTBOX_KIND_DELETE;
    case WorkKind::kRenormalize: return sv1::OUTBOX_KIND_RENORMALIZE;
    default: return sv1::OUTBOX_KIND_INGEST;
  }
}

WorkKind FromRecordKind(sv1::OutboxKind kind) {
  switch (kind) {
    case sv1::OUTBOX_KIND_DELETE: return WorkKind::kDelete;
    case sv1::OUTBOX_KIND_RENORMALIZE: return WorkKind::kRenormalize;
    default: return WorkKind::kIngest;
  }
}

void PutOutbox(uint64_t sequence, const std::string& page_id, int64_t version, WorkKind kind,
               int64_t job_id, WriteBatch* batch) {
  OutboxRecord record;
  record.set_page_id(page_id);
  record.set_version(version);
  record.set_kind(ToRecordKind(kind));
  record.set_job_id(job_id);
  batch->Put(IngestFamily::kOutbox, BigEndian64(sequence), record.SerializeAsString());
}

bool Deleted(const StoredPage& page) {
  return page.state() == sv1::STORED_PAGE_STATE_DELETING ||
         page.state() == sv1::STORED_PAGE_STATE_DELETED;
}

// A page whose current version's documents are in place (or failed for good).
bool Settled(const StoredPage& page) {
  return page.state() == sv1::STORED_PAGE_STATE_INDEXED ||
         page.state() == sv1::STORED_PAGE_STATE_NO_CONTENT ||
         page.state() == sv1::STORED_PAGE_STATE_FAILED;
}

absl::Status NotFound(const std::string& what) {
  return ErrorWithReason(absl::StatusCode::kNotFound, absl::StrCat("no page ", what),
                         "PAGE_NOT_FOUND", {{"page", what}});
}

absl::Status CheckUtf8Fields(
    std::initializer_list<std::pair<const char*, const std::string*>> fields) {
  // Text fields are proto3 strings: they must be UTF-8 to be stored and read back.
  for (const auto& [name, value] : fields) {
    if (!IsValidUtf8(*value)) {
      return ErrorWithReason(absl::StatusCode::kInvalidArgument,
                             absl::StrCat(name, " is not valid UTF-8"), "INVALID_FIELD",
                             {{"field", name}});
    }
  }
  return absl::OkStatus();
}

}  // namespace

IngestCore::IngestCore(std::unique_ptr<Storage> storage, IngestOptions options)
    : storage_(std::move(storage)), options_(options) {}

absl::StatusOr<std::unique_ptr<IngestCore>> IngestCore::Open(const std::string& data_dir,
                                                             const IngestOptions& options) {
  std::error_code ec;
  std::filesystem::create_directories(data_dir, ec);
  if (ec) return absl::UnavailableError(absl::StrCat("create ", data_dir, ": ", ec.message()));
  ZW_ASSIGN_OR_RETURN(auto storage, OpenIngestStorage(data_dir));
  std::unique_ptr<IngestCore> core(new IngestCore(std::move(storage), options));
  ZW_RETURN_IF_ERROR(core->LoadCounters());
  return core;
}

absl::Status IngestCore::LoadCounters() {
  ZW_ASSIGN_OR_RETURN(auto last, storage_->LastKey(IngestFamily::kOutbox));
  if (last.has_value()) next_sequence_ = ReadBigEndian(*last) + 1;
  ZW_RETURN_IF_ERROR(ScanRecords<OutboxRecord>(*storage_, IngestFamily::kOutbox, "outbox", "", "",
                                               [&](absl::string_view key, OutboxRecord& record) {
                                                 ++stats_.outbox_depth;
                                                 if (record.kind() == sv1::OUTBOX_KIND_RENORMALIZE)
                                                   ++stats_.renormalize_queued;
                                                 return true;
                                               }));
  ZW_RETURN_IF_ERROR(ScanRecords<StoredPage>(*storage_, IngestFamily::kPages, "page", "", "",
                                             [&](absl::string_view key, StoredPage& page) {
                                               CountState(page.state(), 1);
                                               return true;
                                             }));
  ZW_ASSIGN_OR_RETURN(auto job, storage_->Get(IngestFamily::kJobs, kRenormalizeJobKey));
  if (job.has_value()) {
    ZW_ASSIGN_OR_RETURN(job_, ParseRecord<RenormalizeJobRecord>("job", kRenormalizeJobKey, *job));
  }
  return absl::OkStatus();
}

void IngestCore::CountState(int state, int delta) {
  switch (state) {
    case sv1::STORED_PAGE_STATE_ACCEPTED: stats_.accepted += delta; break;
    case sv1::STORED_PAGE_STATE_NORMALIZED: stats_.normalized += delta; break;
    case sv1::STORED_PAGE_STATE_INDEXED: stats_.indexed += delta; break;
    case sv1::STORED_PAGE_STATE_FAILED: stats_.failed += delta; break;
    case sv1::STORED_PAGE_STATE_NO_CONTENT: stats_.no_content += delta; break;
    case sv1::STORED_PAGE_STATE_DELETING: stats_.deleting += delta; break;
    case sv1::STORED_PAGE_STATE_DELETED: stats_.deleted += delta; break;
    default: break;
  }
}

void IngestCore::SetOnAccepted(std::function<void()> callback) {
  std::lock_guard<std::mutex> lock(mu_);
  on_accepted_ = std::move(callback);
}

absl::StatusOr<StoredPage> IngestCore::ReadPage(const std::string& page_id) const {
  ZW_ASSIGN_OR_RETURN(auto value, storage_->Get(IngestFamily::kPages, page_id));
  if (!value.has_value()) return NotFound(page_id);
  return ParseRecord<StoredPage>("page", page_id, *value);
}

absl::StatusOr<std::string> IngestCore::ResolvePageId(const std::string& page_id,
                                                      const std::string& source_uri) const {
  ZW_RETURN_IF_ERROR(CheckFieldLength("page_id", page_id, kMaxPageIdBytes));
  ZW_RETURN_IF_ERROR(CheckFieldLength("source_uri", source_uri, kMaxSourceUriBytes));
  if (page_id.empty() == source_uri.empty()) {
    return ErrorWithReason(absl::StatusCode::kInvalidArgument,
                           "name the page by exactly one of page_id and source_uri",
                           "INVALID_PAGE_SELECTOR");
  }
  if (!page_id.empty()) return page_id;
  ZW_ASSIGN_OR_RETURN(auto id, storage_->Get(IngestFamily::kByUri, source_uri));
  if (!id.has_value()) return NotFound(source_uri);
  return *id;
}

absl::StatusOr<IngestResult> IngestCore::Ingest(const IngestRequest& request) {
  // Lengths first: nothing else should spend time on a 10 MB identifier.
  ZW_RETURN_IF_ERROR(CheckFieldLength("source_uri", request.source_uri, kMaxSourceUriBytes));
  ZW_RETURN_IF_ERROR(CheckFieldLength("request_id", request.request_id, kMaxRequestIdBytes));
  ZW_RETURN_IF_ERROR(
      CheckFieldLength("content_type", request.content_type, kMaxContentTypeBytes));
  ZW_RETURN_IF_ERROR(CheckFieldLength("declared_encoding", request.declared_encoding,
                                      kMaxDeclaredEncodingBytes));
  if (request.source_uri.empty()) {
    return ErrorWithReason(absl::StatusCode::kInvalidArgument, "source_uri is required",
                           "MISSING_SOURCE_URI");
  }
  ZW_RETURN_IF_ERROR(CheckUtf8Fields({{"source_uri", &request.source_uri},
                                      {"request_id", &request.request_id},
                                      {"content_type", &request.content_type},
                                      {"declared_encoding", &request.declared_encoding}}));
  if (request.content.empty()) {
    return ErrorWithReason(absl::StatusCode::kInvalidArgument, "page is empty", "EMPTY_PAGE");
  }
  if (static_cast<int64_t>(request.content.size()) > options_.max_page_bytes) {
    return ErrorWithReason(
        absl::StatusCode::kInvalidArgument,
        absl::StrCat("page is ", request.content.size(), " bytes; the limit is ",
                     options_.max_page_bytes),
        "PAGE_TOO_LARGE", {{"limit_bytes", absl::StrCat(options_.max_page_bytes)}});
  }
  ZW_ASSIGN_OR_RETURN(ValidatedPage validated,
                      ValidatePage(request.content, request.content_type,
                                   request.declared_encoding));
  const std::string hash = Hash128Hex(request.content);

  std::function<void()> notify;
  IngestResult result;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!request.request_id.empty()) {
      ZW_ASSIGN_OR_RETURN(auto earlier, storage_->Get(IngestFamily::kRequests, request.request_id));
      if (earlier.has_value()) {
        ZW_ASSIGN_OR_RETURN(auto seen,
                            ParseRecord<StoredRequest>("request", request.request_id, *earlier));
        if (seen.content_hash() != hash) {
          return ErrorWithReason(
              absl::StatusCode::kAlreadyExists,
              absl::StrCat("request_id '", request.request_id, "' was used for other bytes (page ",
                           seen.page_id(), "); use a new request_id for new content"),
              "REQUEST_ID_REUSED",
              {{"page_id", seen.page_id()}, {"request_id", request.request_id}});
        }
        // A retry: the original answer, never new work (a deleted page stays deleted).
        ZW_ASSIGN_OR_RETURN(StoredPage page, ReadPage(seen.page_id()));
        return IngestResult{seen.page_id(), true, ToPageInfo(page).status(), seen.version()};
      }
    }
    ZW_ASSIGN_OR_RETURN(auto known_id, storage_->Get(IngestFamily::kByUri, request.source_uri));
    const std::string page_id = known_id.value_or(NewPageId(request.source_uri));
    StoredPage before;
    if (known_id.has_value()) {
      ZW_ASSIGN_OR_RETURN(before, ReadPage(page_id));
    }
    WriteBatch batch;
    auto record_request = [&](int64_t version) {
      if (request.request_id.empty()) return;
      StoredRequest seen;
      seen.set_page_id(page_id);
      seen.set_version(version);
      seen.set_content_hash(hash);
      batch.Put(IngestFamily::kRequests, request.request_id, seen.SerializeAsString());
      batch.Put(IngestFamily::kPageRequests, PageRequestKey(page_id, request.request_id), "");
    };
    if (known_id.has_value() && !Deleted(before) && before.current().content_hash() == hash &&
        before.current().content_type() == validated.content_type &&
        before.current().encoding() == validated.encoding) {
      // The current version already is this: the same bytes, read the same way.
      record_request(before.current().version());
      if (!request.request_id.empty()) ZW_RETURN_IF_ERROR(storage_->Write(batch, /*sync=*/true));
      return IngestResult{page_id, true, ToPageInfo(before).status(), before.current().version()};
    }
    if (stats_.outbox_depth - stats_.renormalize_queued >= options_.max_outbox) {
      return WithRetryDelay(
          ErrorWithReason(absl::StatusCode::kResourceExhausted,
                          absl::StrCat("ingest queue is full (", stats_.outbox_depth,
                                       " pages waiting); retry later"),
                          "OUTBOX_FULL", {{"retry_after_ms", "1000"}}),
          absl::Seconds(1));
    }
    StoredVersion version;
    version.set_version(before.last_version() + 1);
    version.set_content_hash(hash);
    version.set_size_bytes(static_cast<int64_t>(request.content.size()));
    version.set_content_type(validated.content_type);
    version.set_declared_encoding(request.declared_encoding);
    version.set_encoding(validated.encoding);
    version.set_decode_replacements(validated.decode_replacements);
    version.set_accepted_at_ms(NowMs());
    version.set_request_id(request.request_id);
    version.set_bytes_stored(true);

    StoredPage page = before;
    page.set_page_id(page_id);
    page.set_source_uri(request.source_uri);
    page.set_state(sv1::STORED_PAGE_STATE_ACCEPTED);
    *page.mutable_current() = version;
    page.set_last_version(version.version());
    page.clear_failure_reason();
    page.clear_last_error();
    page.set_attempts(0);
    page.set_document_count(0);
    page.set_deleted_at_ms(0);
    page.set_updated_at_ms(version.accepted_at_ms());

    BlobRefs refs;
    refs.Add(hash, request.content);
    // Retention: older versions beyond the newest keep_old_version_bytes lose
    // their bytes; beyond max_versions_kept, their record.
    std::vector<StoredVersion> older;
    ZW_RETURN_IF_ERROR(ScanRecords<StoredVersion>(*storage_, IngestFamily::kVersions, "version", "",
                                                  VersionPrefix(page_id),
                                                  [&](absl::string_view key, StoredVersion& v) {
                                                    older.push_back(std::move(v));
                                                    return true;
                                                  }));
    const int kept_with_bytes = std::max(0, options_.keep_old_version_bytes);
    const int kept_records = std::max(1, options_.max_versions_kept) - 1;
    for (size_t i = 0; i < older.size(); ++i) {
      StoredVersion& v = older[i];
      const size_t newer = older.size() - i - 1;  // older versions newer than v
      const bool drop_record = static_cast<int>(newer) >= kept_records;
      const bool drop_bytes = v.bytes_stored() && static_cast<int>(newer) >= kept_with_bytes;
      if (!drop_record && !drop_bytes) continue;
      if (v.bytes_stored()) refs.Release(v.content_hash());
      if (drop_record) {
        batch.Delete(IngestFamily::kVersions, VersionKey(page_id, v.version()));
      } else {
        v.set_bytes_stored(false);
        batch.Put(IngestFamily::kVersions, VersionKey(page_id, v.version()), v.SerializeAsString());
      }
    }
    ZW_RETURN_IF_ERROR(refs.AppendTo(*storage_, &batch));
    const uint64_t sequence = next_sequence_;
    batch.Put(IngestFamily::kVersions, VersionKey(page_id, version.version()), version.SerializeAsString());
    batch.Put(IngestFamily::kByUri, request.source_uri, page_id);
    PutOutbox(sequence, page_id, version.version(), WorkKind::kIngest, 0, &batch);
    record_request(version.version());
    batch.Put(IngestFamily::kPages, page_id, page.SerializeAsString());
    ZW_RETURN_IF_ERROR(storage_->Write(batch, /*sync=*/true));
    CountState(before.state(), -1);  // UNSPECIFIED for a new page: not counted
    CountState(page.state(), 1);
    ++next_sequence_;
    ++stats_.outbox_depth;
    result = IngestResult{page_id, false, zhengwen::ingest::v1::PAGE_STATUS_ACCEPTED,
                          version.version()};
    notify = on_accepted_;
  }
  if (notify) notify();
  return result;
}

struct IngestCore::Staged {
  std::vector<std::pair<int, int>> moves;  // (state before, state after) per page written
  int64_t removed = 0;                     // outbox entries removed
  int64_t removed_renormalize = 0;         // of which re-normalization entries
  int64_t added = 0;                       // outbox entries added
  int64_t added_renormalize = 0;
  std::optional<RenormalizeJobRecord> job;  // the job as written
};

absl::Status IngestCore::Commit(const WriteBatch& batch, const Staged& staged) {
  ZW_RETURN_IF_ERROR(storage_->Write(batch, /*sync=*/true));
  for (const auto& [before, after] : staged.moves) {
    CountState(before, -1);
    CountState(after, 1);
  }
  stats_.outbox_depth += staged.added - staged.removed;
  stats_.renormalize_queued += staged.added_renormalize - staged.removed_renormalize;
  if (staged.job.has_value()) job_ = staged.job;
  return absl::OkStatus();
}

absl::Status IngestCore::StageFinish(const OutboxEntry& entry, bool failed,
                                     const std::function<void(StoredPage*)>& change,
                                     WriteBatch* batch, Staged* staged) {
  ZW_ASSIGN_OR_RETURN(StoredPage before, ReadPage(entry.page_id));
  StoredPage after = before;
  const bool current = before.current().version() == entry.version &&
                       (entry.kind == WorkKind::kDelete || !Deleted(before));
  if (current && change) change(&after);
  after.set_updated_at_ms(NowMs());
  batch->Put(IngestFamily::kPages, after.page_id(), after.SerializeAsString());
  staged->moves.emplace_back(before.state(), after.state());
  batch->Delete(IngestFamily::kOutbox, BigEndian64(entry.sequence));
  ++staged->removed;
  if (entry.kind == WorkKind::kRenormalize) {
    ++staged->removed_renormalize;
    std::optional<RenormalizeJobRecord>& job = staged->job;
    if (!job.has_value()) job = job_;
    if (job.has_value() && job->job_id() == entry.job_id) {
      job->set_pages_done(job->pages_done() + 1);
      if (failed) job->set_pages_failed(job->pages_failed() + 1);
      if (job->scan_done() && job->pages_done() >= job->pages_queued() &&
          job->finished_at_ms() == 0) {
        job->set_finished_at_ms(NowMs());
      }
      batch->Put(IngestFamily::kJobs, kRenormalizeJobKey, job->SerializeAsString());
    }
  }
  return absl::OkStatus();
}

absl::Status IngestCore::FinishEntry(const OutboxEntry& entry, bool failed,
                                     const std::function<void(StoredPage*)>& change) {
  std::lock_guard<std::mutex> lock(mu_);
  WriteBatch batch;
  Staged staged;
  ZW_RETURN_IF_ERROR(StageFinish(entry, failed, change, &batch, &staged));
  return Commit(batch, staged);
}

absl::StatusOr<PageInfo> IngestCore::GetPage(const std::string& page_id) const {
  ZW_ASSIGN_OR_RETURN(PageHistory found, GetPageHistory(page_id, "", false));
  return found.page;
}

absl::StatusOr<PageHistory> IngestCore::GetPageHistory(const std::string& page_id,
                                                       const std::string& source_uri,
                                                       bool include_history) const {
  ZW_ASSIGN_OR_RETURN(std::string id, ResolvePageId(page_id, source_uri));
  ZW_ASSIGN_OR_RETURN(StoredPage page, ReadPage(id));
  PageHistory out;
  out.page = ToPageInfo(page);
  if (!include_history) return out;
  // Bounded by IngestOptions::max_versions_kept.
  ZW_RETURN_IF_ERROR(ScanRecords<StoredVersion>(*storage_, IngestFamily::kVersions, "version", "",
                                                VersionPrefix(id),
                                                [&](absl::string_view key, StoredVersion& v) {
                                                  out.versions.push_back(ToPageVersion(v));
                                                  return true;
                                                }));
  return out;
}

absl::StatusOr<PageList> IngestCore::ListPages(int page_size, const std::string& page_token,
                                               const PageFilter& filter) const {
  ZW_RETURN_IF_ERROR(CheckFieldLength("host", filter.host, kMaxHostBytes));
  ZW_ASSIGN_OR_RETURN(const int limit, PageSizeOf(page_size, kDefaultListPageSize));
  const std::string host = absl::AsciiStrToLower(filter.host);
  PageList list;
  ResponseBudget budget(options_.max_response_bytes);
  int visited = 0;
  std::string last_key;
  // The cursor is the last page id visited; continue strictly after it.
  const std::string start = page_token.empty() ? "" : page_token + '\0';
  ZW_RETURN_IF_ERROR(ScanRecords<StoredPage>(
      *storage_, IngestFamily::kPages, "page", start, "",
      [&](absl::string_view key, StoredPage& parsed) {
        if (++visited > kMaxPagesVisitedPerList) {
          // A selective filter over many pages: the client continues from here.
          list.next_page_token = last_key;
          return false;
        }
        PageInfo info = ToPageInfo(parsed);
        const bool matches = (filter.status == zhengwen::ingest::v1::PAGE_STATUS_UNSPECIFIED ||
                              info.status() == filter.status) &&
                             (host.empty() || SourceHost(info.source_uri()) == host) &&
                             (filter.since_ms == 0 || info.accepted_at_ms() >= filter.since_ms) &&
                             (filter.until_ms == 0 || info.accepted_at_ms() < filter.until_ms);
        if (!matches) {
          last_key = std::string(key);
          return true;
        }
        if (static_cast<int>(list.pages.size()) == limit || !budget.Take(info.ByteSizeLong())) {
          list.next_page_token = last_key;
          return false;
        }
        last_key = std::string(key);
        list.pages.push_back(std::move(info));
        return true;
      }));
  return list;
}

absl::StatusOr<PageInfo> IngestCore::DeletePage(const std::string& page_id,
                                                const std::string& source_uri) {
  std::function<void()> notify;
  PageInfo info;
  {
    std::lock_guard<std::mutex> lock(mu_);
    ZW_ASSIGN_OR_RETURN(std::string id, ResolvePageId(page_id, source_uri));
    ZW_ASSIGN_OR_RETURN(StoredPage before, ReadPage(id));
    // Deleting twice is the same delete.
    if (Deleted(before)) return ToPageInfo(before);
    StoredPage after = before;
    after.set_state(sv1::STORED_PAGE_STATE_DELETING);
    after.set_attempts(0);
    after.clear_failure_reason();
    after.clear_last_error();
    after.set_updated_at_ms(NowMs());
    WriteBatch batch;
    Staged staged;
    batch.Put(IngestFamily::kPages, id, after.SerializeAsString());
    staged.moves.emplace_back(before.state(), after.state());
    PutOutbox(next_sequence_, id, before.current().version(), WorkKind::kDelete, 0, &batch);
    staged.added = 1;
    ZW_RETURN_IF_ERROR(Commit(batch, staged));
    ++next_sequence_;
    info = ToPageInfo(after);
    notify = on_accepted_;
  }
  if (notify) notify();
  return info;
}

absl::StatusOr<RenormalizeJob> IngestCore::StartRenormalize(
    const std::string& host, const std::string& rules_version_other_than) {
  ZW_RETURN_IF_ERROR(CheckFieldLength("host", host, kMaxHostBytes));
  ZW_RETURN_IF_ERROR(CheckFieldLength("rules_version_other_than", rules_version_other_than,
                                      kMaxHostBytes));
  ZW_RETURN_IF_ERROR(CheckUtf8Fields(
      {{"host", &host}, {"rules_version_other_than", &rules_version_other_than}}));
  std::function<void()> notify;
  RenormalizeJob started;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (job_.has_value() && job_->finished_at_ms() == 0) {
      return ErrorWithReason(absl::StatusCode::kFailedPrecondition,
                             absl::StrCat("re-normalization job ", job_->job_id(),
                                          " is still running (", job_->pages_done(), " of ",
                                          job_->pages_queued(), " pages done)"),
                             "RENORMALIZE_RUNNING", {{"job_id", absl::StrCat(job_->job_id())}});
    }
    RenormalizeJobRecord job;
    job.set_job_id(job_.has_value() ? job_->job_id() + 1 : 1);
    job.set_host(absl::AsciiStrToLower(host));
    job.set_rules_version_other_than(rules_version_other_than);
    job.set_started_at_ms(NowMs());
    WriteBatch batch;
    batch.Put(IngestFamily::kJobs, kRenormalizeJobKey, job.SerializeAsString());
    Staged staged;
    staged.job = job;
    ZW_RETURN_IF_ERROR(Commit(batch, staged));
    started = ToRenormalizeJob(job);
    notify = on_accepted_;
  }
  if (notify) notify();
  return started;
}

absl::Status IngestCore::FeedRenormalize() {
  std::lock_guard<std::mutex> lock(mu_);
  if (!job_.has_value() || job_->scan_done()) return absl::OkStatus();
  const int64_t room = options_.max_renormalize_queued - stats_.renormalize_queued;
  if (room <= 0) return absl::OkStatus();
  RenormalizeJobRecord job = *job_;
  WriteBatch batch;
  Staged staged;
  int visited = 0;
  bool reached_end = true;
  uint64_t sequence = next_sequence_;
  const std::string start = job.cursor().empty() ? "" : job.cursor() + '\0';
  ZW_RETURN_IF_ERROR(ScanRecords<StoredPage>(
      *storage_, IngestFamily::kPages, "page", start, "",
      [&](absl::string_view key, StoredPage& page) {
        if (visited == kRenormalizeScanStep || staged.added == room) {
          reached_end = false;
          return false;
        }
        ++visited;
        job.set_cursor(std::string(key));
        job.set_pages_scanned(job.pages_scanned() + 1);
        // Pages still on their way are normalized with the current rules anyway.
        const bool matches = Settled(page) &&
                             (job.host().empty() || SourceHost(page.source_uri()) == job.host()) &&
                             (job.rules_version_other_than().empty() ||
                              page.rules_version() != job.rules_version_other_than());
        if (!matches) return true;
        StoredPage after = page;
        after.set_attempts(0);
        batch.Put(IngestFamily::kPages, after.page_id(), after.SerializeAsString());
        PutOutbox(sequence++, after.page_id(), after.current().version(), WorkKind::kRenormalize,
                  job.job_id(), &batch);
        ++staged.added;
        ++staged.added_renormalize;
        job.set_pages_queued(job.pages_queued() + 1);
        return true;
      }));
  if (visited == 0 && !reached_end) return absl::OkStatus();
  if (reached_end) {
    job.set_scan_done(true);
    if (job.pages_done() >= job.pages_queued()) job.set_finished_at_ms(NowMs());
  }
  batch.Put(IngestFamily::kJobs, kRenormalizeJobKey, job.SerializeAsString());
  staged.job = job;
  ZW_RETURN_IF_ERROR(Commit(batch, staged));
  next_sequence_ = sequence;
  return absl::OkStatus();
}

IngestStats IngestCore::Stats() const {
  std::lock_guard<std::mutex> lock(mu_);
  IngestStats stats = stats_;
  if (job_.has_value()) stats.renormalize = ToRenormalizeJob(*job_);
  return stats;
}

absl::StatusOr<int> IngestCore::PurgeExpiredTombstones(absl::Time now, int limit) {
  std::lock_guard<std::mutex> lock(mu_);
  const int64_t cutoff = absl::ToUnixMillis(now - options_.tombstone_retention);
  std::vector<StoredPage> expired;
  ZW_RETURN_IF_ERROR(ScanRecords<StoredPage>(*storage_, IngestFamily::kPages, "page", "", "",
                                             [&](absl::string_view key, StoredPage& page) {
                                               if (page.state() == sv1::STORED_PAGE_STATE_DELETED &&
                                                   page.deleted_at_ms() < cutoff) {
                                                 expired.push_back(std::move(page));
                                               }
                                               return static_cast<int>(expired.size()) < limit;
                                             }));
  if (expired.empty()) return 0;
  WriteBatch batch;
  Staged staged;
  for (const StoredPage& page : expired) {
    ZW_RETURN_IF_ERROR(storage_->Scan(IngestFamily::kPageRequests, "", PageRequestPrefix(page.page_id()),
                                      [&](absl::string_view key, absl::string_view) {
                                        batch.Delete(IngestFamily::kPageRequests, key);
                                        batch.Delete(
                                            IngestFamily::kRequests,
                                            key.substr(PageRequestPrefix(page.page_id()).size()));
                                        return true;
                                      }));
    ZW_ASSIGN_OR_RETURN(auto mapped, storage_->Get(IngestFamily::kByUri, page.source_uri()));
    if (mapped.has_value() && *mapped == page.page_id()) batch.Delete(IngestFamily::kByUri, page.source_uri());
    batch.Delete(IngestFamily::kPages, page.page_id());
    staged.moves.emplace_back(page.state(), sv1::STORED_PAGE_STATE_UNSPECIFIED);
  }
  ZW_RETURN_IF_ERROR(Commit(batch, staged));
  return static_cast<int>(expired.size());
}

absl::StatusOr<std::vector<OutboxEntry>> IngestCore::PendingWork(
    size_t limit, const std::vector<uint64_t>& skip) const {
  std::vector<OutboxEntry> entries;
  std::set<std::string> busy;  // pages with an earlier entry in flight or taken now
  int visited = 0;
  ZW_RETURN_IF_ERROR(ScanRecords<OutboxRecord>(
      *storage_, IngestFamily::kOutbox, "outbox", "", "",
      [&](absl::string_view key, OutboxRecord& record) {
        const uint64_t sequence = ReadBigEndian(key);
        const bool in_flight = std::find(skip.begin(), skip.end(), sequence) != skip.end();
        if (!busy.insert(record.page_id()).second || in_flight) return ++visited < kMaxOutboxScan;
        OutboxEntry entry;
        entry.sequence = sequence;
        entry.page_id = record.page_id();
        entry.version = record.version();
        entry.kind = FromRecordKind(record.kind());
        entry.job_id = record.job_id();
        entries.push_back(std::move(entry));
        return entries.size() < limit && ++visited < kMaxOutboxScan;
      }));
  return entries;
}

absl::StatusOr<Work> IngestCore::LoadWork(const OutboxEntry& entry) const {
  ZW_ASSIGN_OR_RETURN(StoredPage page, ReadPage(entry.page_id));
  Work work;
  work.replaces_page_id = page.legacy_replaces_page_id();
  // A delete always removes the documents, even when a newer version arrived
  // since: that version's own entry comes after it and puts its documents.
  if (entry.kind == WorkKind::kDelete) return work;
  work.stale = Deleted(page) || page.current().version() != entry.version;
  if (work.stale) return work;
  ZW_ASSIGN_OR_RETURN(auto content, storage_->Get(IngestFamily::kContents, page.current().content_hash()));
  if (!content.has_value()) {
    return absl::DataLossError(absl::StrCat("no bytes for page ", entry.page_id, " version ",
                                            entry.version));
  }
  work.page.set_page_id(entry.page_id);
  work.page.set_source_uri(page.source_uri());
  work.page.set_content(*std::move(content));
  work.page.set_content_type(page.current().content_type());
  // Normalization decodes with the encoding ingest validated the bytes in.
  work.page.set_declared_encoding(page.current().encoding());
  return work;
}

absl::StatusOr<std::vector<OutboxEntry>> IngestCore::BeginAttempts(
    const std::vector<OutboxEntry>& entries, int max_attempts) {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<OutboxEntry> begun;
  WriteBatch batch;
  Staged staged;
  bool any_failed = false;
  for (const OutboxEntry& entry : entries) {
    ZW_ASSIGN_OR_RETURN(StoredPage page, ReadPage(entry.page_id));
    if (page.attempts() >= max_attempts) {
      // Each earlier attempt ended without an answer being recorded: the
      // process stopped while the page was in flight.
      const std::string reason = absl::StrCat(
          "attempt budget used up (", page.attempts(), " of ", max_attempts,
          "): the server stopped while the page was in flight",
          page.last_error().empty() ? "" : absl::StrCat("; last error: ", page.last_error()));
      const bool renormalize = entry.kind == WorkKind::kRenormalize;
      ZW_RETURN_IF_ERROR(StageFinish(
          entry, renormalize,
          [&](StoredPage* p) {
            p->set_attempts(0);
            if (renormalize) {
              p->set_last_error(absl::StrCat("re-normalization failed: ", reason));
              return;
            }
            p->set_state(sv1::STORED_PAGE_STATE_FAILED);
            p->set_failure_reason(reason);
          },
          &batch, &staged));
      any_failed = true;
      continue;
    }
    StoredPage after = page;
    after.set_attempts(page.attempts() + 1);
    after.set_updated_at_ms(NowMs());
    batch.Put(IngestFamily::kPages, entry.page_id, after.SerializeAsString());
    OutboxEntry charged = entry;
    charged.attempts = after.attempts();
    begun.push_back(std::move(charged));
  }
  if (begun.empty() && !any_failed) return begun;
  // Not synced unless an entry ended: the write-ahead log reaches the OS
  // before Write returns, so the charge survives the process dying (what it is
  // there to count); a machine crash may lose it, which only grants one more attempt.
  if (any_failed) {
    ZW_RETURN_IF_ERROR(Commit(batch, staged));
  } else {
    ZW_RETURN_IF_ERROR(storage_->Write(batch, /*sync=*/false));
  }
  return begun;
}

absl::Status IngestCore::AdjustAttempts(const std::string& page_id, int delta,
                                        const std::string& last_error) {
  std::lock_guard<std::mutex> lock(mu_);
  ZW_ASSIGN_OR_RETURN(StoredPage page, ReadPage(page_id));
  page.set_attempts(std::max(0, page.attempts() + delta));
  if (!last_error.empty()) page.set_last_error(last_error);
  page.set_updated_at_ms(NowMs());
  WriteBatch batch;
  batch.Put(IngestFamily::kPages, page_id, page.SerializeAsString());
  // Intermediate: may be redone after a crash.
  return storage_->Write(batch, /*sync=*/false);
}

absl::Status IngestCore::MarkNormalized(const OutboxEntry& entry, int document_count) {
  if (entry.kind != WorkKind::kIngest) return absl::OkStatus();
  std::lock_guard<std::mutex> lock(mu_);
  ZW_ASSIGN_OR_RETURN(StoredPage before, ReadPage(entry.page_id));
  if (Deleted(before) || before.current().version() != entry.version) return absl::OkStatus();
  StoredPage after = before;
  after.set_state(sv1::STORED_PAGE_STATE_NORMALIZED);
  after.set_document_count(document_count);
  after.set_updated_at_ms(NowMs());
  WriteBatch batch;
  batch.Put(IngestFamily::kPages, entry.page_id, after.SerializeAsString());
  // Intermediate: may be redone after a crash.
  ZW_RETURN_IF_ERROR(storage_->Write(batch, /*sync=*/false));
  CountState(before.state(), -1);
  CountState(after.state(), 1);
  return absl::OkStatus();
}

absl::Status IngestCore::MarkIndexed(const OutboxEntry& entry, int document_count,
                                     const std::string& rules_version) {
  return FinishEntry(entry, false, [&](StoredPage* page) {
    // Zero documents is an outcome of its own, never a silent INDEXED.
    page->set_state(document_count == 0 ? sv1::STORED_PAGE_STATE_NO_CONTENT
                                        : sv1::STORED_PAGE_STATE_INDEXED);
    page->set_document_count(document_count);
    page->set_rules_version(rules_version);
    page->clear_failure_reason();
    page->clear_last_error();
    // The documents of a pre-versions page id are replaced now.
    page->clear_legacy_replaces_page_id();
  });
}

absl::Status IngestCore::MarkFailed(const OutboxEntry& entry, const std::string& reason) {
  const bool renormalize = entry.kind == WorkKind::kRenormalize;
  return FinishEntry(entry, renormalize, [&](StoredPage* page) {
    if (renormalize) {
      // The page keeps the documents it had.
      page->set_last_error(absl::StrCat("re-normalization failed: ", reason));
      return;
    }
    page->set_state(sv1::STORED_PAGE_STATE_FAILED);
    page->set_failure_reason(reason);
  });
}

absl::Status IngestCore::MarkDeleted(const OutboxEntry& entry) {
  std::lock_guard<std::mutex> lock(mu_);
  WriteBatch batch;
  Staged staged;
  BlobRefs refs;
  // Every version the delete covers: the one current when it was asked, and older.
  ZW_RETURN_IF_ERROR(ScanRecords<StoredVersion>(*storage_, IngestFamily::kVersions, "version", "",
                                                VersionPrefix(entry.page_id),
                                                [&](absl::string_view key, StoredVersion& v) {
                                                  if (v.version() > entry.version) return false;
                                                  if (v.bytes_stored())
                                                    refs.Release(v.content_hash());
                                                  batch.Delete(IngestFamily::kVersions, key);
                                                  return true;
                                                }));
  ZW_RETURN_IF_ERROR(refs.AppendTo(*storage_, &batch));
  ZW_RETURN_IF_ERROR(StageFinish(
      entry, false,
      [](StoredPage* page) {
        if (page->state() != sv1::STORED_PAGE_STATE_DELETING) return;
        page->set_state(sv1::STORED_PAGE_STATE_DELETED);
        page->clear_current();
        page->set_document_count(0);
        page->clear_rules_version();
        page->clear_legacy_replaces_page_id();
        page->set_deleted_at_ms(NowMs());
      },
      &batch, &staged));
  return Commit(batch, staged);
}

absl::Status IngestCore::DropStale(const OutboxEntry& entry) {
  return FinishEntry(entry, false, nullptr);
}

absl::Status IngestCore::Close() { return storage_->Close(); }

}  // namespace zhengwen::ingest
