// IngestCore's page operations on a real RocksDB: delete and tombstones,
// re-normalization jobs, and the migration of a layout-1 data directory.
#include <set>

#include "absl/time/clock.h"
#include "common/error_reason.h"
#include "common/text/hashing.h"
#include "gtest/gtest.h"
#include "services/ingest/ingest_core.h"
#include "services/ingest/ingest_layout.h"
#include "tests/ingest/ingest_requests.h"
#include "tests/support/subprocess.h"

namespace zhengwen::ingest {
namespace {

using zhengwen::ingest::v1::PAGE_STATUS_ACCEPTED;
using zhengwen::ingest::v1::PAGE_STATUS_DELETED;
using zhengwen::ingest::v1::PAGE_STATUS_DELETING;
using zhengwen::ingest::v1::PAGE_STATUS_INDEXED;

// Takes every entry the dispatcher would, in order, finishing each as indexed
// (or deleted); returns the entries seen.
std::vector<OutboxEntry> Drain(IngestCore* core) {
  std::vector<OutboxEntry> seen;
  for (int round = 0; round < 100; ++round) {
    auto work = core->PendingWork(10, {});
    if (!work.ok() || work->empty()) break;
    for (const OutboxEntry& entry : *work) {
      seen.push_back(entry);
      auto loaded = core->LoadWork(entry);
      EXPECT_TRUE(loaded.ok()) << loaded.status();
      if (!loaded.ok()) return seen;
      absl::Status done = loaded->stale                       ? core->DropStale(entry)
                          : entry.kind == WorkKind::kDelete ? core->MarkDeleted(entry)
                                                            : core->MarkIndexed(entry, 1, "r1");
      EXPECT_TRUE(done.ok()) << done;
    }
  }
  return seen;
}

// The number of stored blobs (content families), read after the core is closed.
int StoredBlobs(const std::string& path) {
  auto storage = OpenIngestStorage(path);
  EXPECT_TRUE(storage.ok()) << storage.status();
  int blobs = 0;
  EXPECT_TRUE((*storage)
                  ->Scan(IngestFamily::kContents, "", "",
                         [&](absl::string_view, absl::string_view) {
                           ++blobs;
                           return true;
                         })
                  .ok());
  return blobs;
}

TEST(PageOperationsTest, DeleteRemovesVersionsAndUnsharedBytesAndKeepsATombstone) {
  testing::TempDir dir;
  std::string a_id;
  {
    auto core = IngestCore::Open(dir.path(), {});
    ASSERT_TRUE(core.ok());
    auto a1 = (*core)->Ingest(Request("https://a.cn/1", "共享的正文", "a-1"));
    auto a2 = (*core)->Ingest(Request("https://a.cn/1", "只属于甲的新版", "a-2"));
    auto b = (*core)->Ingest(Request("https://b.cn/1", "共享的正文", "b-1"));
    ASSERT_TRUE(a1.ok() && a2.ok() && b.ok());
    a_id = a1->page_id;
    Drain(core->get());
    auto deleting = (*core)->DeletePage("", "https://a.cn/1");
    ASSERT_TRUE(deleting.ok()) << deleting.status();
    EXPECT_EQ(deleting->status(), PAGE_STATUS_DELETING);
    EXPECT_EQ((*core)->Stats().deleting, 1);
    // Asking again is the same delete.
    EXPECT_EQ((*core)->DeletePage(a_id, "")->status(), PAGE_STATUS_DELETING);
    const std::vector<OutboxEntry> done = Drain(core->get());
    ASSERT_EQ(done.size(), 1u);
    EXPECT_EQ(done[0].kind, WorkKind::kDelete);
    auto tombstone = (*core)->GetPageHistory(a_id, "", true);
    ASSERT_TRUE(tombstone.ok());
    EXPECT_EQ(tombstone->page.status(), PAGE_STATUS_DELETED);
    EXPECT_GT(tombstone->page.deleted_at_ms(), 0);
    EXPECT_EQ(tombstone->page.version(), 0);
    EXPECT_TRUE(tombstone->versions.empty());
    EXPECT_EQ((*core)->Stats().deleted, 1);
    EXPECT_EQ((*core)->Stats().outbox_depth, 0);
    // A late retry of an old request does not bring the page back.
    auto late = (*core)->Ingest(Request("https://a.cn/1", "只属于甲的新版", "a-2"));
    ASSERT_TRUE(late.ok());
    EXPECT_TRUE(late->already_present);
    EXPECT_EQ(late->status, PAGE_STATUS_DELETED);
    EXPECT_EQ((*core)->Stats().outbox_depth, 0);
    ASSERT_TRUE((*core)->Close().ok());
  }
  // a's own bytes are gone; the shared ones stay for b.
  EXPECT_EQ(StoredBlobs(dir.path()), 1);
  auto core = IngestCore::Open(dir.path(), {});
  ASSERT_TRUE(core.ok());
  EXPECT_EQ((*core)->Stats().deleted, 1);
  // A new request brings it back as a new version.
  auto back = (*core)->Ingest(Request("https://a.cn/1", "共享的正文", "a-3"));
  ASSERT_TRUE(back.ok());
  EXPECT_FALSE(back->already_present);
  EXPECT_EQ(back->page_id, a_id);
  EXPECT_EQ(back->version, 3);
  EXPECT_EQ(back->status, PAGE_STATUS_ACCEPTED);
  EXPECT_EQ((*core)->Stats().deleted, 0);
  EXPECT_EQ(ErrorReason((*core)->DeletePage("", "https://nowhere.cn/").status()),
            "PAGE_NOT_FOUND");
  EXPECT_EQ(ErrorReason((*core)->DeletePage(a_id, "https://a.cn/1").status()),
            "INVALID_PAGE_SELECTOR");
}

TEST(PageOperationsTest, ADeleteOvertakenByANewVersionStillRemovesTheOldDocuments) {
  testing::TempDir dir;
  auto core = IngestCore::Open(dir.path(), {});
  ASSERT_TRUE(core.ok());
  auto v1 = (*core)->Ingest(Request("https://a.cn/1", "第一版", "r1"));
  ASSERT_TRUE(v1.ok());
  Drain(core->get());
  ASSERT_TRUE((*core)->DeletePage(v1->page_id, "").ok());
  auto v2 = (*core)->Ingest(Request("https://a.cn/1", "第二版", "r2"));
  ASSERT_TRUE(v2.ok());
  EXPECT_EQ(v2->version, 2);
  auto work = (*core)->PendingWork(10, {});
  ASSERT_TRUE(work.ok());
  ASSERT_EQ(work->size(), 1u);
  ASSERT_EQ((*work)[0].kind, WorkKind::kDelete);
  // Sent downstream (v1's documents go even if v2 then fails), then v2 follows.
  auto loaded = (*core)->LoadWork((*work)[0]);
  ASSERT_TRUE(loaded.ok());
  EXPECT_FALSE(loaded->stale);
  ASSERT_TRUE((*core)->MarkDeleted((*work)[0]).ok());
  auto history = (*core)->GetPageHistory(v1->page_id, "", true);
  ASSERT_TRUE(history.ok());
  EXPECT_EQ(history->page.status(), PAGE_STATUS_ACCEPTED);
  ASSERT_EQ(history->versions.size(), 1u);
  EXPECT_EQ(history->versions[0].version(), 2);
  auto next = (*core)->PendingWork(10, {});
  ASSERT_TRUE(next.ok());
  ASSERT_EQ(next->size(), 1u);
  EXPECT_EQ((*next)[0].kind, WorkKind::kIngest);
  EXPECT_EQ((*next)[0].version, 2);
  EXPECT_EQ((*core)->LoadWork((*next)[0])->page.content(), "第二版");
}

TEST(PageOperationsTest, DeleteOvertakesQueuedVersionsAndExpiredTombstonesGo) {
  testing::TempDir dir;
  IngestOptions options;
  options.tombstone_retention = absl::Seconds(0);
  auto core = IngestCore::Open(dir.path(), options);
  ASSERT_TRUE(core.ok());
  auto v1 = (*core)->Ingest(Request("https://a.cn/1", "第一版", "r1"));
  auto v2 = (*core)->Ingest(Request("https://a.cn/1", "第二版", "r2"));
  ASSERT_TRUE(v1.ok() && v2.ok());
  ASSERT_TRUE((*core)->DeletePage(v1->page_id, "").ok());
  // Both versions' entries are stale: only the delete reaches downstream.
  int sent = 0;
  for (const OutboxEntry& entry : Drain(core->get())) {
    auto again = entry.kind == WorkKind::kDelete;
    sent += again ? 1 : 0;
  }
  EXPECT_EQ(sent, 1);
  EXPECT_EQ((*core)->GetPage(v1->page_id)->status(), PAGE_STATUS_DELETED);
  EXPECT_EQ((*core)->Stats().accepted, 0);
  auto purged = (*core)->PurgeExpiredTombstones(absl::Now() + absl::Seconds(1), 10);
  ASSERT_TRUE(purged.ok());
  EXPECT_EQ(*purged, 1);
  EXPECT_EQ(ErrorReason((*core)->GetPage(v1->page_id).status()), "PAGE_NOT_FOUND");
  EXPECT_EQ((*core)->Stats().deleted, 0);
  // With the tombstone gone, the old request id is forgotten too.
  auto again = (*core)->Ingest(Request("https://a.cn/1", "第一版", "r1"));
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again->already_present);
  EXPECT_EQ(again->version, 1);
}

TEST(PageOperationsTest, RenormalizeJobQueuesMatchingPagesWithinItsOwnBudgetAndResumes) {
  testing::TempDir dir;
  IngestOptions options;
  options.max_outbox = 1;
  options.max_renormalize_queued = 2;
  std::set<std::string> host_x;
  {
    auto core = IngestCore::Open(dir.path(), options);
    ASSERT_TRUE(core.ok());
    for (int i = 0; i < 4; ++i) {
      const std::string uri = absl::StrCat("https://", i < 3 ? "x" : "y", ".cn/", i);
      auto page = (*core)->Ingest(Request(uri, absl::StrCat("正文", i)));
      ASSERT_TRUE(page.ok()) << page.status();
      if (i < 3) host_x.insert(page->page_id);
      Drain(core->get());  // max_outbox 1: one at a time
    }
    auto job = (*core)->StartRenormalize("X.cn", "");
    ASSERT_TRUE(job.ok()) << job.status();
    EXPECT_EQ(job->job_id(), 1);
    EXPECT_EQ(ErrorReason((*core)->StartRenormalize("", "").status()), "RENORMALIZE_RUNNING");
    ASSERT_TRUE((*core)->FeedRenormalize().ok());
    // Two queued (its budget) and ingest still has its own room.
    EXPECT_EQ((*core)->Stats().renormalize_queued, 2);
    auto other = (*core)->Ingest(Request("https://z.cn/new", "新页"));
    EXPECT_TRUE(other.ok()) << other.status();
    ASSERT_TRUE((*core)->Close().ok());
  }
  // Resumes after a restart from its cursor.
  auto core = IngestCore::Open(dir.path(), options);
  ASSERT_TRUE(core.ok());
  std::set<std::string> renormalized;
  for (int round = 0; round < 10; ++round) {
    ASSERT_TRUE((*core)->FeedRenormalize().ok());
    for (const OutboxEntry& entry : Drain(core->get())) {
      if (entry.kind == WorkKind::kRenormalize) renormalized.insert(entry.page_id);
    }
    if ((*core)->Stats().renormalize->state() == zhengwen::ingest::v1::RENORMALIZE_JOB_STATE_DONE) {
      break;
    }
  }
  EXPECT_EQ(renormalized, host_x);
  const auto job = *(*core)->Stats().renormalize;
  EXPECT_EQ(job.state(), zhengwen::ingest::v1::RENORMALIZE_JOB_STATE_DONE);
  EXPECT_EQ(job.pages_queued(), 3);
  EXPECT_EQ(job.pages_done(), 3);
  EXPECT_TRUE(job.scan_done());
  EXPECT_EQ((*core)->Stats().renormalize_queued, 0);
  for (const std::string& id : host_x) {
    EXPECT_EQ((*core)->GetPage(id)->status(), PAGE_STATUS_INDEXED);
  }
  // The rules filter: every page now has "r1".
  auto second = (*core)->StartRenormalize("", "r1");
  ASSERT_TRUE(second.ok());
  ASSERT_TRUE((*core)->FeedRenormalize().ok());
  EXPECT_EQ((*core)->Stats().renormalize->pages_queued(), 0);
  EXPECT_EQ((*core)->Stats().renormalize->state(),
            zhengwen::ingest::v1::RENORMALIZE_JOB_STATE_DONE);
}

// The previous release's families, in its order.
enum class Layout1Family { kPages, kContents, kByUri, kOutbox, kRequests };

// Writes a layout-1 directory as the previous release did.
void WriteLayout1(const std::string& path) {
  const FamilyTable<Layout1Family> layout1 = {{Layout1Family::kPages, "pages", {}},
                                              {Layout1Family::kContents, "contents", {}},
                                              {Layout1Family::kByUri, "by_uri", {}},
                                              {Layout1Family::kOutbox, "outbox", {}},
                                              {Layout1Family::kRequests, "requests", {}}};
  auto storage = Storage::Open(path, layout1);
  ASSERT_TRUE(storage.ok());
  auto page = [](const std::string& content, const std::string& uri,
                 zhengwen::ingest::v1::PageStatus status, const std::string& replaces) {
    zhengwen::ingest::v1::PageInfo info;
    info.set_page_id(Hash128Hex(content));
    info.set_source_uri(uri);
    info.set_status(status);
    info.set_size_bytes(static_cast<int64_t>(content.size()));
    info.set_content_type("text/plain");
    info.set_encoding("UTF-8");
    info.set_replaces_page_id(replaces);
    return info;
  };
  const auto old_a = page("甲旧", "https://a.cn/", PAGE_STATUS_INDEXED, "");
  const auto new_a = page("甲新", "https://a.cn/", PAGE_STATUS_ACCEPTED, old_a.page_id());
  const auto c = page("丙", "https://c.cn/", PAGE_STATUS_INDEXED, "");
  WriteBatch batch;
  for (const auto& [info, content] :
       {std::pair{old_a, "甲旧"}, std::pair{new_a, "甲新"}, std::pair{c, "丙"}}) {
    batch.Put(Layout1Family::kPages, info.page_id(), info.SerializeAsString());
    batch.Put(Layout1Family::kContents, info.page_id(), content);
  }
  batch.Put(Layout1Family::kByUri, "https://a.cn/", new_a.page_id());
  batch.Put(Layout1Family::kByUri, "https://c.cn/", c.page_id());
  batch.Put(Layout1Family::kByUri, "https://copy-of-c.cn/", c.page_id());  // a second URL collapsed into c
  batch.Put(Layout1Family::kOutbox, BigEndian64(7), new_a.page_id());
  batch.Put(Layout1Family::kRequests, "req-old-a", old_a.page_id());
  batch.Put(Layout1Family::kRequests, "req-c", c.page_id());
  ASSERT_TRUE((*storage)->Write(batch, true).ok());
  ASSERT_TRUE((*storage)->Close().ok());
}

TEST(PageOperationsTest, Layout1DirectoryIsMigratedKeepingTheNewestPageIds) {
  testing::TempDir dir;
  WriteLayout1(dir.path());
  auto core = IngestCore::Open(dir.path(), {});
  ASSERT_TRUE(core.ok()) << core.status();
  const std::string new_a = Hash128Hex("甲新");
  const std::string c = Hash128Hex("丙");
  auto list = (*core)->ListPages(10, "", PageFilter{});
  ASSERT_TRUE(list.ok());
  std::set<std::string> ids;
  for (const auto& p : list->pages) ids.insert(p.page_id());
  EXPECT_EQ(ids, (std::set<std::string>{new_a, c}));
  auto a = (*core)->GetPageHistory("", "https://a.cn/", true);
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ(a->page.page_id(), new_a);
  EXPECT_EQ(a->page.version(), 1);
  // Still queued, and its put still replaces the old page's documents.
  EXPECT_EQ(a->page.replaces_page_id(), Hash128Hex("甲旧"));
  auto work = (*core)->PendingWork(10, {});
  ASSERT_TRUE(work.ok());
  ASSERT_EQ(work->size(), 1u);
  EXPECT_EQ((*work)[0].sequence, 7u);
  auto loaded = (*core)->LoadWork((*work)[0]);
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_EQ(loaded->page.content(), "甲新");
  EXPECT_EQ(loaded->replaces_page_id, Hash128Hex("甲旧"));
  // Old request ids answer with the page they became.
  auto retried = (*core)->Ingest(Request("https://a.cn/", "甲旧", "req-old-a"));
  ASSERT_TRUE(retried.ok());
  EXPECT_TRUE(retried->already_present);
  EXPECT_EQ(retried->page_id, new_a);
  // The collapsed second URL is a page of its own from its next ingest on.
  auto copy = (*core)->Ingest(Request("https://copy-of-c.cn/", "丙"));
  ASSERT_TRUE(copy.ok());
  EXPECT_FALSE(copy->already_present);
  EXPECT_NE(copy->page_id, c);
  EXPECT_EQ((*core)->Stats().indexed, 1);
  EXPECT_EQ((*core)->Stats().accepted, 2);
}

TEST(PageOperationsTest, UnknownLayoutIsRefusedWithAReason) {
  testing::TempDir dir;
  {
    auto storage = OpenIngestStorage(dir.path());
    ASSERT_TRUE(storage.ok());
    WriteBatch batch;
    batch.Put(IngestFamily::kMeta, kLayoutKey, "9");
    ASSERT_TRUE((*storage)->Write(batch, true).ok());
    ASSERT_TRUE((*storage)->Close().ok());
  }
  auto core = IngestCore::Open(dir.path(), {});
  ASSERT_FALSE(core.ok());
  EXPECT_EQ(core.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ErrorReason(core.status()), "UNSUPPORTED_DATA_LAYOUT");
  EXPECT_NE(core.status().message().find("layout 9"), std::string::npos);
}

TEST(PageOperationsTest, OperationFieldsHaveLimitsAndReasons) {
  testing::TempDir dir;
  auto core = IngestCore::Open(dir.path(), {});
  ASSERT_TRUE(core.ok());
  EXPECT_EQ(ErrorReason((*core)->DeletePage(std::string(65, 'a'), "").status()), "FIELD_TOO_LONG");
  EXPECT_EQ(ErrorReason((*core)->DeletePage("", std::string(4097, 'u')).status()),
            "FIELD_TOO_LONG");
  EXPECT_EQ(ErrorReason((*core)->GetPageHistory("", std::string(4097, 'u'), true).status()),
            "FIELD_TOO_LONG");
  EXPECT_EQ(ErrorReason((*core)->StartRenormalize(std::string(257, 'h'), "").status()),
            "FIELD_TOO_LONG");
  EXPECT_EQ(ErrorReason((*core)->StartRenormalize("", std::string(257, 'r')).status()),
            "FIELD_TOO_LONG");
  EXPECT_EQ(ErrorReason((*core)->StartRenormalize("\xff", "").status()), "INVALID_FIELD");
  PageFilter filter;
  filter.host = std::string(257, 'h');
  EXPECT_EQ(ErrorReason((*core)->ListPages(10, "", filter).status()), "FIELD_TOO_LONG");
  EXPECT_EQ(ErrorReason((*core)->GetPageHistory("", "", false).status()),
            "INVALID_PAGE_SELECTOR");
}

}  // namespace
}  // namespace zhengwen::ingest
