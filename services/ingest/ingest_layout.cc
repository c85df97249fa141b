#include "services/ingest/ingest_layout.h"

#include <set>

#include "absl/strings/numbers.h"
#include "common/error_reason.h"
#include "common/text/hashing.h"
#include "common/log.h"
#include "common/status_macros.h"

namespace zhengwen::ingest {

using zhengwen::storage::v1::OutboxRecord;
using zhengwen::storage::v1::StoredPage;
using zhengwen::storage::v1::StoredRequest;
using zhengwen::storage::v1::StoredVersion;

const FamilyTable<IngestFamily>& IngestFamilyTable() {
  static const auto* table = new FamilyTable<IngestFamily>{
      {IngestFamily::kPages, "pages", {}},       {IngestFamily::kContents, "contents", {}},
      {IngestFamily::kByUri, "by_uri", {}},      {IngestFamily::kOutbox, "outbox", {}},
      {IngestFamily::kRequests, "requests", {}}, {IngestFamily::kVersions, "versions", {}},
      {IngestFamily::kBlobRefs, "blob_refs", {}}, {IngestFamily::kPageRequests, "page_requests", {}},
      {IngestFamily::kJobs, "jobs", {}},         {IngestFamily::kMeta, "meta", {}}};
  return *table;
}

std::string VersionPrefix(absl::string_view page_id) { return absl::StrCat(page_id, "/"); }

std::string VersionKey(absl::string_view page_id, int64_t version) {
  return absl::StrCat(VersionPrefix(page_id), BigEndian64(static_cast<uint64_t>(version)));
}

std::string PageRequestPrefix(absl::string_view page_id) {
  return absl::StrCat(page_id, absl::string_view("\0", 1));
}

std::string PageRequestKey(absl::string_view page_id, absl::string_view request_id) {
  return absl::StrCat(PageRequestPrefix(page_id), request_id);
}

// A prefix keeps source ids apart from layout-1 ids (hashes of page bytes).
std::string NewPageId(absl::string_view source_uri) {
  return Hash128Hex(absl::StrCat("source_uri\n", source_uri));
}

zhengwen::ingest::v1::PageInfo ToPageInfo(const StoredPage& page) {
  zhengwen::ingest::v1::PageInfo info;
  info.set_page_id(page.page_id());
  info.set_source_uri(page.source_uri());
  // The stored states have the API's numbers.
  info.set_status(static_cast<zhengwen::ingest::v1::PageStatus>(page.state()));
  info.set_failure_reason(page.failure_reason());
  info.set_document_count(page.document_count());
  info.set_updated_at_ms(page.updated_at_ms());
  info.set_attempts(page.attempts());
  info.set_replaces_page_id(page.legacy_replaces_page_id());
  info.set_last_error(page.last_error());
  info.set_rules_version(page.rules_version());
  info.set_deleted_at_ms(page.deleted_at_ms());
  if (page.has_current()) {
    const StoredVersion& v = page.current();
    info.set_version(v.version());
    info.set_content_hash(v.content_hash());
    info.set_size_bytes(v.size_bytes());
    info.set_content_type(v.content_type());
    info.set_declared_encoding(v.declared_encoding());
    info.set_encoding(v.encoding());
    info.set_decode_replacements(v.decode_replacements());
    info.set_accepted_at_ms(v.accepted_at_ms());
  }
  return info;
}

zhengwen::ingest::v1::PageVersion ToPageVersion(const StoredVersion& v) {
  zhengwen::ingest::v1::PageVersion out;
  out.set_version(v.version());
  out.set_content_hash(v.content_hash());
  out.set_size_bytes(v.size_bytes());
  out.set_content_type(v.content_type());
  out.set_encoding(v.encoding());
  out.set_accepted_at_ms(v.accepted_at_ms());
  out.set_request_id(v.request_id());
  out.set_bytes_stored(v.bytes_stored());
  return out;
}

zhengwen::ingest::v1::RenormalizeJob ToRenormalizeJob(
    const zhengwen::storage::v1::RenormalizeJobRecord& job) {
  zhengwen::ingest::v1::RenormalizeJob out;
  out.set_job_id(job.job_id());
  out.set_state(job.finished_at_ms() != 0 ? zhengwen::ingest::v1::RENORMALIZE_JOB_STATE_DONE
                                          : zhengwen::ingest::v1::RENORMALIZE_JOB_STATE_RUNNING);
  out.set_host(job.host());
  out.set_rules_version_other_than(job.rules_version_other_than());
  out.set_pages_scanned(job.pages_scanned());
  out.set_pages_queued(job.pages_queued());
  out.set_pages_done(job.pages_done());
  out.set_pages_failed(job.pages_failed());
  out.set_scan_done(job.scan_done());
  out.set_started_at_ms(job.started_at_ms());
  out.set_finished_at_ms(job.finished_at_ms());
  return out;
}

void BlobRefs::Add(const std::string& hash, const std::string& content) {
  ++delta_[hash];
  content_[hash] = &content;
}

void BlobRefs::Release(const std::string& hash) { --delta_[hash]; }

absl::Status BlobRefs::AppendTo(const Storage& storage, WriteBatch* batch) const {
  for (const auto& [hash, delta] : delta_) {
    if (delta == 0) continue;
    ZW_ASSIGN_OR_RETURN(auto stored, storage.Get(IngestFamily::kBlobRefs, hash));
    int64_t count = 0;
    if (stored.has_value() && !absl::SimpleAtoi(*stored, &count)) {
      return absl::DataLossError(absl::StrCat("corrupt reference count of blob ", hash));
    }
    const int64_t now = count + delta;
    if (now <= 0) {
      batch->Delete(IngestFamily::kBlobRefs, hash);
      batch->Delete(IngestFamily::kContents, hash);
      continue;
    }
    batch->Put(IngestFamily::kBlobRefs, hash, absl::StrCat(now));
    auto content = content_.find(hash);
    if (count == 0 && content != content_.end()) batch->Put(IngestFamily::kContents, hash, *content->second);
  }
  return absl::OkStatus();
}

namespace {

// True when any of the layout-1 families holds a key.
absl::StatusOr<bool> HasLayout1Records(const Storage& storage) {
  for (IngestFamily family : {IngestFamily::kPages, IngestFamily::kOutbox, IngestFamily::kRequests, IngestFamily::kByUri, IngestFamily::kContents}) {
    bool any = false;
    ZW_RETURN_IF_ERROR(storage.Scan(family, "", "", [&](absl::string_view, absl::string_view) {
      any = true;
      return false;
    }));
    if (any) return true;
  }
  return false;
}

// Layout 1 -> 2. The newest page of each source_uri keeps its id (so its
// documents in the query service stay its own) as version 1 of that page;
// pages an older layout-1 version replaced are dropped (their documents were
// removed when they were replaced). A second URL that shared bytes with a
// first one had no page of its own: its mapping is dropped and its next
// ingest makes it a page.
absl::Status MigrateLayout1(Storage* storage) {
  WriteBatch batch;
  std::map<std::string, zhengwen::ingest::v1::PageInfo> old_pages;
  ZW_RETURN_IF_ERROR(ScanRecords<zhengwen::ingest::v1::PageInfo>(
      *storage, IngestFamily::kPages, "layout-1 page", "", "",
      [&](absl::string_view key, zhengwen::ingest::v1::PageInfo& info) {
        old_pages[std::string(key)] = std::move(info);
        return true;
      }));
  std::map<std::string, std::string> by_uri;
  ZW_RETURN_IF_ERROR(storage->Scan(IngestFamily::kByUri, "", "", [&](absl::string_view key,
                                                       absl::string_view value) {
    by_uri[std::string(key)] = std::string(value);
    return true;
  }));
  std::set<std::string> kept;
  for (const auto& [id, info] : old_pages) {
    auto newest = by_uri.find(info.source_uri());
    if (newest == by_uri.end() || newest->second != id) {
      batch.Delete(IngestFamily::kPages, id);
      batch.Delete(IngestFamily::kContents, id);
      continue;
    }
    kept.insert(id);
    StoredVersion version;
    version.set_version(1);
    version.set_content_hash(id);  // layout-1 ids are hashes of the bytes
    version.set_size_bytes(info.size_bytes());
    version.set_content_type(info.content_type());
    version.set_declared_encoding(info.declared_encoding());
    version.set_encoding(info.encoding());
    version.set_decode_replacements(info.decode_replacements());
    version.set_accepted_at_ms(info.accepted_at_ms());
    version.set_bytes_stored(true);
    StoredPage page;
    page.set_page_id(id);
    page.set_source_uri(info.source_uri());
    page.set_state(static_cast<zhengwen::storage::v1::StoredPageState>(info.status()));
    *page.mutable_current() = version;
    page.set_last_version(1);
    page.set_failure_reason(info.failure_reason());
    page.set_attempts(info.attempts());
    page.set_last_error(info.last_error());
    page.set_document_count(info.document_count());
    page.set_updated_at_ms(info.updated_at_ms());
    page.set_legacy_replaces_page_id(info.replaces_page_id());
    batch.Put(IngestFamily::kPages, id, page.SerializeAsString());
    batch.Put(IngestFamily::kVersions, VersionKey(id, 1), version.SerializeAsString());
    batch.Put(IngestFamily::kBlobRefs, id, "1");
  }
  for (const auto& [uri, id] : by_uri) {
    if (!kept.count(id) || old_pages[id].source_uri() != uri) batch.Delete(IngestFamily::kByUri, uri);
  }
  ZW_RETURN_IF_ERROR(storage->Scan(IngestFamily::kOutbox, "", "", [&](absl::string_view key,
                                                        absl::string_view value) {
    const std::string id(value);
    if (!kept.count(id)) {
      batch.Delete(IngestFamily::kOutbox, key);
      return true;
    }
    OutboxRecord record;
    record.set_page_id(id);
    record.set_version(1);
    record.set_kind(zhengwen::storage::v1::OUTBOX_KIND_INGEST);
    batch.Put(IngestFamily::kOutbox, key, record.SerializeAsString());
    return true;
  }));
  ZW_RETURN_IF_ERROR(storage->Scan(IngestFamily::kRequests, "", "", [&](absl::string_view key,
                                                          absl::string_view value) {
    const std::string id(value);
    StoredRequest request;
    request.set_content_hash(id);
    if (kept.count(id)) {
      request.set_page_id(id);
      request.set_version(1);
    } else if (auto old = old_pages.find(id); old != old_pages.end() &&
                                               by_uri.count(old->second.source_uri()) &&
                                               kept.count(by_uri[old->second.source_uri()])) {
      // A request for a version since replaced: it answers with the page it became.
      request.set_page_id(by_uri[old->second.source_uri()]);
    } else {
      batch.Delete(IngestFamily::kRequests, key);
      return true;
    }
    batch.Put(IngestFamily::kRequests, key, request.SerializeAsString());
    batch.Put(IngestFamily::kPageRequests, PageRequestKey(request.page_id(), key), "");
    return true;
  }));
  batch.Put(IngestFamily::kMeta, kLayoutKey, kLayoutVersion);
  ZW_RETURN_IF_ERROR(storage->Write(batch, /*sync=*/true));
  LogInfo("ingest_layout_migrated", {{"from", "1"},
                                     {"to", kLayoutVersion},
                                     {"pages", absl::StrCat(kept.size())},
                                     {"dropped", absl::StrCat(old_pages.size() - kept.size())}});
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::unique_ptr<Storage>> OpenIngestStorage(const std::string& path) {
  ZW_ASSIGN_OR_RETURN(auto storage, Storage::Open(path, IngestFamilyTable()));
  ZW_ASSIGN_OR_RETURN(auto layout, storage->Get(IngestFamily::kMeta, kLayoutKey));
  if (layout.has_value()) {
    if (*layout != kLayoutVersion) {
      return ErrorWithReason(
          absl::StatusCode::kFailedPrecondition,
          absl::StrCat("ingest data directory ", path, " has layout ", *layout,
                       "; this binary reads layout ", kLayoutVersion,
                       " (and migrates layout 1): use the binary that wrote it"),
          "UNSUPPORTED_DATA_LAYOUT", {{"layout", *layout}});
    }
    return storage;
  }
  ZW_ASSIGN_OR_RETURN(bool layout1, HasLayout1Records(*storage));
  if (layout1) {
    ZW_RETURN_IF_ERROR(MigrateLayout1(storage.get()));
  } else {
    WriteBatch batch;
    batch.Put(IngestFamily::kMeta, kLayoutKey, kLayoutVersion);
    ZW_RETURN_IF_ERROR(storage->Write(batch, /*sync=*/true));
  }
  return storage;
}

}  // namespace zhengwen::ingest
