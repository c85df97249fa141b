#include "services/ingest/ingest_core.h"

#include <algorithm>
#include <filesystem>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/error_reason.h"
#include "common/pagination/page_size.h"
#include "common/text/hashing.h"
#include "common/status_macros.h"
#include "common/storage/key_codec.h"
#include "services/ingest/page_validator.h"
#include "services/ingest/request_limits.h"
#include "common/text/utf8.h"

namespace zhengwen::ingest {
namespace {

using zhengwen::ingest::v1::PAGE_STATUS_ACCEPTED;
using zhengwen::ingest::v1::PAGE_STATUS_FAILED;
using zhengwen::ingest::v1::PAGE_STATUS_INDEXED;
using zhengwen::ingest::v1::PAGE_STATUS_NO_CONTENT;
using zhengwen::ingest::v1::PAGE_STATUS_NORMALIZED;

// Column families of the ingest database, in this order.
enum Family : int {
  kPages = 0,     // page_id -> PageInfo
  kContents = 1,  // page_id -> raw page bytes
  kByUri = 2,     // source_uri -> newest page_id
  kOutbox = 3,    // big-endian sequence -> page_id
  kRequests = 4,  // request_id -> page_id
};
const std::vector<std::string>& FamilyNames() {
  static const auto* names =
      new std::vector<std::string>{"pages", "contents", "by_uri", "outbox", "requests"};
  return *names;
}

std::string SequenceKey(uint64_t sequence) { return BigEndian64(sequence); }

uint64_t SequenceFromKey(absl::string_view key) { return ReadBigEndian(key); }

int64_t NowMs() { return absl::ToUnixMillis(absl::Now()); }

// A stored page record; DATA_LOSS names the key when it does not parse.
absl::StatusOr<PageInfo> ParsePageInfo(absl::string_view key, absl::string_view bytes) {
  PageInfo info;
  if (!info.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    return absl::DataLossError(absl::StrCat("corrupt page record ", key));
  }
  return info;
}


}  // namespace

IngestCore::IngestCore(std::unique_ptr<Storage> storage, IngestOptions options)
    : storage_(std::move(storage)), options_(options) {}

absl::StatusOr<std::unique_ptr<IngestCore>> IngestCore::Open(const std::string& data_dir,
                                                             const IngestOptions& options) {
  std::error_code ec;
  std::filesystem::create_directories(data_dir, ec);
  if (ec) return absl::UnavailableError(absl::StrCat("create ", data_dir, ": ", ec.message()));
  ZW_ASSIGN_OR_RETURN(auto storage, Storage::Open(data_dir, FamilyNames()));
  std::unique_ptr<IngestCore> core(new IngestCore(std::move(storage), options));
  ZW_RETURN_IF_ERROR(core->LoadCounters());
  return core;
}

absl::Status IngestCore::LoadCounters() {
  ZW_ASSIGN_OR_RETURN(auto last, storage_->LastKey(kOutbox));
  if (last.has_value()) next_sequence_ = SequenceFromKey(*last) + 1;
  ZW_RETURN_IF_ERROR(storage_->Scan(kOutbox, "", "", [&](absl::string_view, absl::string_view) {
    ++stats_.outbox_depth;
    return true;
  }));
  absl::Status parse_status;
  ZW_RETURN_IF_ERROR(storage_->Scan(kPages, "", "", [&](absl::string_view key, absl::string_view value) {
    auto info = ParsePageInfo(key, value);
    if (!info.ok()) {
      parse_status = info.status();
      return false;
    }
    CountStatus(info->status(), 1);
    return true;
  }));
  return parse_status;
}

void IngestCore::CountStatus(PageStatus status, int delta) {
  switch (status) {
    case PAGE_STATUS_ACCEPTED: stats_.accepted += delta; break;
    case PAGE_STATUS_NORMALIZED: stats_.normalized += delta; break;
    case PAGE_STATUS_INDEXED: stats_.indexed += delta; break;
    case PAGE_STATUS_FAILED: stats_.failed += delta; break;
    case PAGE_STATUS_NO_CONTENT: stats_.no_content += delta; break;
    default: break;
  }
}

void IngestCore::SetOnAccepted(std::function<void()> callback) {
  std::lock_guard<std::mutex> lock(mu_);
  on_accepted_ = std::move(callback);
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
  // Text fields are proto3 strings: they must be UTF-8 to be stored and read back.
  for (const auto& [name, value] :
       {std::pair<const char*, const std::string*>{"source_uri", &request.source_uri},
        {"request_id", &request.request_id},
        {"content_type", &request.content_type},
        {"declared_encoding", &request.declared_encoding}}) {
    if (!IsValidUtf8(*value)) {
      return ErrorWithReason(absl::StatusCode::kInvalidArgument,
                             absl::StrCat(name, " is not valid UTF-8"), "INVALID_FIELD",
                             {{"field", name}});
    }
  }
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
  const std::string page_id = Hash128Hex(request.content);

  std::function<void()> notify;
  IngestResult result;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!request.request_id.empty()) {
      ZW_ASSIGN_OR_RETURN(auto earlier, storage_->Get(kRequests, request.request_id));
      if (earlier.has_value()) {
        // Page ids are content hashes: another id means other bytes.
        if (*earlier != page_id) {
          return ErrorWithReason(
              absl::StatusCode::kAlreadyExists,
              absl::StrCat("request_id '", request.request_id, "' was used for other bytes (page ",
                           *earlier, "); use a new request_id for new content"),
              "REQUEST_ID_REUSED", {{"page_id", *earlier}, {"request_id", request.request_id}});
        }
        ZW_ASSIGN_OR_RETURN(PageInfo info, ReadInfo(*earlier));
        return IngestResult{*earlier, true, info.status()};
      }
    }
    ZW_ASSIGN_OR_RETURN(auto existing, storage_->Get(kPages, page_id));
    if (existing.has_value()) {
      ZW_ASSIGN_OR_RETURN(PageInfo info, ParsePageInfo(page_id, *existing));
      if (!request.request_id.empty()) {
        WriteBatch batch;
        batch.Put(kRequests, request.request_id, page_id);
        ZW_RETURN_IF_ERROR(storage_->Write(batch, /*sync=*/true));
      }
      return IngestResult{page_id, true, info.status()};
    }
    if (stats_.outbox_depth >= options_.max_outbox) {
      return WithRetryDelay(
          ErrorWithReason(absl::StatusCode::kResourceExhausted,
                          absl::StrCat("ingest queue is full (", stats_.outbox_depth,
                                       " pages waiting); retry later"),
                          "OUTBOX_FULL", {{"retry_after_ms", "1000"}}),
          absl::Seconds(1));
    }
    ZW_ASSIGN_OR_RETURN(auto previous, storage_->Get(kByUri, request.source_uri));

    PageInfo info;
    info.set_page_id(page_id);
    info.set_source_uri(request.source_uri);
    info.set_status(PAGE_STATUS_ACCEPTED);
    info.set_size_bytes(static_cast<int64_t>(request.content.size()));
    info.set_content_type(validated.content_type);
    info.set_declared_encoding(request.declared_encoding);
    info.set_encoding(validated.encoding);
    info.set_decode_replacements(validated.decode_replacements);
    info.set_accepted_at_ms(NowMs());
    info.set_updated_at_ms(info.accepted_at_ms());
    if (previous.has_value() && *previous != page_id) info.set_replaces_page_id(*previous);

    const uint64_t sequence = next_sequence_;
    WriteBatch batch;
    batch.Put(kPages, page_id, info.SerializeAsString());
    batch.Put(kContents, page_id, request.content);
    batch.Put(kByUri, request.source_uri, page_id);
    batch.Put(kOutbox, SequenceKey(sequence), page_id);
    if (!request.request_id.empty()) batch.Put(kRequests, request.request_id, page_id);
    ZW_RETURN_IF_ERROR(storage_->Write(batch, /*sync=*/true));
    ++next_sequence_;
    ++stats_.outbox_depth;
    CountStatus(PAGE_STATUS_ACCEPTED, 1);
    result = IngestResult{page_id, false, PAGE_STATUS_ACCEPTED};
    notify = on_accepted_;
  }
  if (notify) notify();
  return result;
}

absl::StatusOr<PageInfo> IngestCore::ReadInfo(const std::string& page_id) const {
  ZW_ASSIGN_OR_RETURN(auto value, storage_->Get(kPages, page_id));
  if (!value.has_value()) {
    return ErrorWithReason(absl::StatusCode::kNotFound, absl::StrCat("no page ", page_id),
                           "PAGE_NOT_FOUND", {{"page_id", page_id}});
  }
  return ParsePageInfo(page_id, *value);
}

absl::StatusOr<PageInfo> IngestCore::GetPage(const std::string& page_id) const {
  ZW_RETURN_IF_ERROR(CheckFieldLength("page_id", page_id, kMaxPageIdBytes));
  return ReadInfo(page_id);
}

absl::StatusOr<PageList> IngestCore::ListPages(int page_size, const std::string& page_token,
                                               PageStatus status_filter) const {
  ZW_ASSIGN_OR_RETURN(const int limit, PageSizeOf(page_size, kDefaultListPageSize));
  PageList list;
  absl::Status parse_status;
  ResponseBudget budget(options_.max_response_bytes);
  // The cursor is the last page id returned; continue strictly after it.
  const std::string start = page_token.empty() ? "" : page_token + '\0';
  ZW_RETURN_IF_ERROR(storage_->Scan(kPages, start, "", [&](absl::string_view key,
                                                           absl::string_view value) {
    auto parsed = ParsePageInfo(key, value);
    if (!parsed.ok()) {
      parse_status = parsed.status();
      return false;
    }
    PageInfo info = *std::move(parsed);
    if (status_filter != zhengwen::ingest::v1::PAGE_STATUS_UNSPECIFIED &&
        info.status() != status_filter) {
      return true;
    }
    if (static_cast<int>(list.pages.size()) == limit || !budget.Take(info.ByteSizeLong())) {
      list.next_page_token = list.pages.back().page_id();
      return false;
    }
    list.pages.push_back(std::move(info));
    return true;
  }));
  ZW_RETURN_IF_ERROR(parse_status);
  return list;
}

IngestStats IngestCore::Stats() const {
  std::lock_guard<std::mutex> lock(mu_);
  return stats_;
}

absl::StatusOr<std::vector<OutboxEntry>> IngestCore::PendingWork(
    size_t limit, const std::vector<uint64_t>& skip) const {
  std::vector<OutboxEntry> entries;
  ZW_RETURN_IF_ERROR(storage_->Scan(kOutbox, "", "", [&](absl::string_view key,
                                                         absl::string_view value) {
    const uint64_t sequence = SequenceFromKey(key);
    if (std::find(skip.begin(), skip.end(), sequence) != skip.end()) return true;
    entries.push_back(OutboxEntry{sequence, std::string(value)});
    return entries.size() < limit;
  }));
  return entries;
}

absl::StatusOr<zhengwen::document::v1::Page> IngestCore::LoadPage(
    const std::string& page_id, std::string* replaces_page_id) const {
  ZW_ASSIGN_OR_RETURN(PageInfo info, ReadInfo(page_id));
  ZW_ASSIGN_OR_RETURN(auto content, storage_->Get(kContents, page_id));
  if (!content.has_value()) return absl::DataLossError(absl::StrCat("no bytes for page ", page_id));
  zhengwen::document::v1::Page page;
  page.set_page_id(page_id);
  page.set_source_uri(info.source_uri());
  page.set_content(*std::move(content));
  page.set_content_type(info.content_type());
  // Normalization decodes with the encoding ingest validated the bytes in.
  page.set_declared_encoding(info.encoding());
  if (replaces_page_id != nullptr) *replaces_page_id = info.replaces_page_id();
  return page;
}

absl::Status IngestCore::UpdateStatus(const std::string& page_id,
                                      const std::function<void(PageInfo*)>& change,
                                      const OutboxEntry* remove_entry) {
  ZW_ASSIGN_OR_RETURN(PageInfo info, ReadInfo(page_id));
  const PageStatus before = info.status();
  change(&info);
  info.set_updated_at_ms(NowMs());
  WriteBatch batch;
  batch.Put(kPages, page_id, info.SerializeAsString());
  if (remove_entry != nullptr) batch.Delete(kOutbox, SequenceKey(remove_entry->sequence));
  // Final states are synced; intermediate ones may be redone after a crash.
  ZW_RETURN_IF_ERROR(storage_->Write(batch, /*sync=*/remove_entry != nullptr));
  CountStatus(before, -1);
  CountStatus(info.status(), 1);
  if (remove_entry != nullptr) --stats_.outbox_depth;
  return absl::OkStatus();
}

absl::StatusOr<std::vector<OutboxEntry>> IngestCore::BeginAttempts(
    const std::vector<OutboxEntry>& entries, int max_attempts) {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<OutboxEntry> begun;
  std::vector<std::pair<PageStatus, PageStatus>> changes;  // (before, after) per page written
  int failed = 0;
  WriteBatch batch;
  for (const OutboxEntry& entry : entries) {
    ZW_ASSIGN_OR_RETURN(PageInfo info, ReadInfo(entry.page_id));
    const PageStatus before = info.status();
    if (info.attempts() >= max_attempts) {
      // Each earlier attempt ended without an answer being recorded: the
      // process stopped while the page was in flight.
      info.set_status(PAGE_STATUS_FAILED);
      info.set_failure_reason(absl::StrCat(
          "attempt budget used up (", info.attempts(), " of ", max_attempts,
          "): the server stopped while the page was in flight",
          info.last_error().empty() ? "" : absl::StrCat("; last error: ", info.last_error())));
      batch.Delete(kOutbox, SequenceKey(entry.sequence));
      ++failed;
    } else {
      info.set_attempts(info.attempts() + 1);
      OutboxEntry charged = entry;
      charged.attempts = info.attempts();
      begun.push_back(std::move(charged));
    }
    info.set_updated_at_ms(NowMs());
    batch.Put(kPages, entry.page_id, info.SerializeAsString());
    changes.emplace_back(before, info.status());
  }
  if (changes.empty()) return begun;
  // Not synced: the write-ahead log reaches the OS before Write returns, so
  // the charge survives the process dying (what it is there to count); a
  // machine crash may lose it, which only grants one more attempt. A FAILED
  // page is a final state and is synced.
  ZW_RETURN_IF_ERROR(storage_->Write(batch, /*sync=*/failed > 0));
  for (const auto& [before, after] : changes) {
    CountStatus(before, -1);
    CountStatus(after, 1);
  }
  stats_.outbox_depth -= failed;
  return begun;
}

absl::Status IngestCore::AdjustAttempts(const std::string& page_id, int delta,
                                        const std::string& last_error) {
  std::lock_guard<std::mutex> lock(mu_);
  return UpdateStatus(page_id,
                      [&](PageInfo* info) {
                        info->set_attempts(std::max(0, info->attempts() + delta));
                        if (!last_error.empty()) info->set_last_error(last_error);
                      },
                      nullptr);
}

absl::Status IngestCore::MarkNormalized(const std::string& page_id, int document_count) {
  std::lock_guard<std::mutex> lock(mu_);
  return UpdateStatus(page_id,
                      [&](PageInfo* info) {
                        info->set_status(PAGE_STATUS_NORMALIZED);
                        info->set_document_count(document_count);
                      },
                      nullptr);
}

absl::Status IngestCore::MarkIndexed(const OutboxEntry& entry) {
  std::lock_guard<std::mutex> lock(mu_);
  return UpdateStatus(entry.page_id,
                      [](PageInfo* info) {
                        // Zero documents is an outcome of its own, never a silent INDEXED.
                        info->set_status(info->document_count() == 0 ? PAGE_STATUS_NO_CONTENT
                                                                     : PAGE_STATUS_INDEXED);
                        info->clear_failure_reason();
                        info->clear_last_error();
                      },
                      &entry);
}

absl::Status IngestCore::MarkFailed(const OutboxEntry& entry, const std::string& reason) {
  std::lock_guard<std::mutex> lock(mu_);
  return UpdateStatus(entry.page_id,
                      [&](PageInfo* info) {
                        info->set_status(PAGE_STATUS_FAILED);
                        info->set_failure_reason(reason);
                      },
                      &entry);
}

absl::Status IngestCore::Close() { return storage_->Close(); }

}  // namespace zhengwen::ingest
