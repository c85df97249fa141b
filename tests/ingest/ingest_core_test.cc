#include "services/ingest/ingest_core.h"

#include "common/error_reason.h"
#include "common/text/hashing.h"
#include "gtest/gtest.h"
#include "tests/ingest/ingest_requests.h"
#include "tests/support/subprocess.h"

namespace zhengwen::ingest {
namespace {

using zhengwen::ingest::v1::PAGE_STATUS_ACCEPTED;
using zhengwen::ingest::v1::PAGE_STATUS_FAILED;
using zhengwen::ingest::v1::PAGE_STATUS_INDEXED;

TEST(IngestCoreTest, AcceptedPageIsQueuedOnceAndSurvivesReopen) {
  testing::TempDir dir;
  std::string page_id;
  OutboxEntry entry;
  {
    auto core = IngestCore::Open(dir.path(), {});
    ASSERT_TRUE(core.ok()) << core.status();
    int notified = 0;
    (*core)->SetOnAccepted([&] { ++notified; });
    auto first = (*core)->Ingest(Request("a.txt", "同志们:今天"));
    ASSERT_TRUE(first.ok()) << first.status();
    EXPECT_FALSE(first->already_present);
    EXPECT_EQ(first->status, PAGE_STATUS_ACCEPTED);
    EXPECT_EQ(first->page_id.size(), 32u);
    EXPECT_EQ(first->version, 1);
    page_id = first->page_id;
    // The same bytes again for the same source: nothing new.
    auto again = (*core)->Ingest(Request("a.txt", "同志们:今天"));
    ASSERT_TRUE(again.ok());
    EXPECT_TRUE(again->already_present);
    EXPECT_EQ(again->page_id, page_id);
    EXPECT_EQ(again->version, 1);
    EXPECT_EQ(notified, 1);
    EXPECT_EQ((*core)->Stats().outbox_depth, 1);
    ASSERT_TRUE((*core)->Close().ok());
  }
  auto core = IngestCore::Open(dir.path(), {});
  ASSERT_TRUE(core.ok());
  EXPECT_EQ((*core)->Stats().outbox_depth, 1);
  EXPECT_EQ((*core)->Stats().accepted, 1);
  auto work = (*core)->PendingWork(10, {});
  ASSERT_TRUE(work.ok());
  ASSERT_EQ(work->size(), 1u);
  EXPECT_EQ((*work)[0].page_id, page_id);
  EXPECT_EQ((*work)[0].version, 1);
  auto loaded = (*core)->LoadWork((*work)[0]);
  ASSERT_TRUE(loaded.ok());
  EXPECT_FALSE(loaded->stale);
  EXPECT_EQ(loaded->page.content(), "同志们:今天");
  EXPECT_EQ(loaded->page.source_uri(), "a.txt");
}

TEST(IngestCoreTest, SameBytesUnderTwoUrlsAreTwoPages) {
  testing::TempDir dir;
  auto core = IngestCore::Open(dir.path(), {});
  ASSERT_TRUE(core.ok());
  auto a = (*core)->Ingest(Request("https://a.example.cn/x", "同一篇文章"));
  auto b = (*core)->Ingest(Request("https://b.example.cn/y", "同一篇文章"));
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(a->page_id, b->page_id);
  EXPECT_FALSE(b->already_present);
  auto pa = (*core)->GetPage(a->page_id);
  auto pb = (*core)->GetPage(b->page_id);
  ASSERT_TRUE(pa.ok() && pb.ok());
  EXPECT_EQ(pa->source_uri(), "https://a.example.cn/x");
  EXPECT_EQ(pb->source_uri(), "https://b.example.cn/y");
  EXPECT_EQ(pa->content_hash(), pb->content_hash());
  EXPECT_EQ((*core)->Stats().outbox_depth, 2);
}

TEST(IngestCoreTest, LatestIngestOfASourceWinsEvenWithBytesSeenBefore) {
  testing::TempDir dir;
  IngestOptions options;
  options.keep_old_version_bytes = 1;
  auto core = IngestCore::Open(dir.path(), options);
  ASSERT_TRUE(core.ok());
  const std::string uri = "https://example.cn/a";
  auto v1 = (*core)->Ingest(Request(uri, "第一版", "r1"));
  auto v2 = (*core)->Ingest(Request(uri, "第二版", "r2"));
  auto v3 = (*core)->Ingest(Request(uri, "第一版", "r3"));
  ASSERT_TRUE(v1.ok() && v2.ok() && v3.ok());
  EXPECT_EQ(v1->page_id, v2->page_id);
  EXPECT_EQ(v1->page_id, v3->page_id);
  EXPECT_EQ(v3->version, 3);
  EXPECT_FALSE(v3->already_present);
  // A late retry of the first request stays the first request: no new version.
  auto retry = (*core)->Ingest(Request(uri, "第一版", "r1"));
  ASSERT_TRUE(retry.ok());
  EXPECT_TRUE(retry->already_present);
  EXPECT_EQ(retry->version, 1);
  // Declaring the encoding they were read in already changes nothing; reading them
  // otherwise (another type or encoding) is a new version (a fix of a wrong declaration).
  IngestRequest declared = Request(uri, "第一版", "r3b");
  declared.declared_encoding = "UTF-8";
  auto same = (*core)->Ingest(declared);
  ASSERT_TRUE(same.ok()) << same.status();
  EXPECT_TRUE(same->already_present);
  IngestRequest redeclared = Request(uri, "第一版", "r4");
  redeclared.content_type = "text/html";
  auto v4 = (*core)->Ingest(redeclared);
  ASSERT_TRUE(v4.ok()) << v4.status();
  EXPECT_FALSE(v4->already_present);
  EXPECT_EQ(v4->version, 4);
  auto history = (*core)->GetPageHistory("", uri, true);
  ASSERT_TRUE(history.ok()) << history.status();
  EXPECT_EQ(history->page.version(), 4);
  EXPECT_EQ(history->page.content_hash(), Hash128Hex("第一版"));
  ASSERT_EQ(history->versions.size(), 4u);
  EXPECT_EQ(history->versions[0].request_id(), "r1");
  // keep_old_version_bytes = 1: only v3's bytes are kept besides the current ones.
  EXPECT_FALSE(history->versions[0].bytes_stored());
  EXPECT_FALSE(history->versions[1].bytes_stored());
  EXPECT_TRUE(history->versions[2].bytes_stored());
  EXPECT_TRUE(history->versions[3].bytes_stored());
  // Three entries of one page, handed out one at a time, in order; the older
  // ones are stale once a newer version is current.
  auto work = (*core)->PendingWork(10, {});
  ASSERT_TRUE(work.ok());
  ASSERT_EQ(work->size(), 1u);
  EXPECT_EQ((*work)[0].version, 1);
  auto first = (*core)->LoadWork((*work)[0]);
  ASSERT_TRUE(first.ok());
  EXPECT_TRUE(first->stale);
  ASSERT_TRUE((*core)->DropStale((*work)[0]).ok());
  auto behind = (*core)->PendingWork(10, {});
  ASSERT_TRUE(behind.ok());
  ASSERT_EQ(behind->size(), 1u);
  EXPECT_EQ((*behind)[0].version, 2);
  auto skipped = (*core)->PendingWork(10, {(*behind)[0].sequence});
  ASSERT_TRUE(skipped.ok());
  EXPECT_TRUE(skipped->empty());  // v3 waits for v2's entry
}

TEST(IngestCoreTest, RetriedRequestIdGetsTheOriginalAnswer) {
  testing::TempDir dir;
  auto core = IngestCore::Open(dir.path(), {});
  ASSERT_TRUE(core.ok());
  auto first = (*core)->Ingest(Request("a.txt", "one", "req-1"));
  ASSERT_TRUE(first.ok());
  // A retry with the same request id and bytes is answered with the first page.
  auto retry = (*core)->Ingest(Request("a.txt", "one", "req-1"));
  ASSERT_TRUE(retry.ok());
  EXPECT_EQ(retry->page_id, first->page_id);
  EXPECT_TRUE(retry->already_present);
  // The same id with other bytes is refused, naming the page the id belongs to.
  auto reused = (*core)->Ingest(Request("a.txt", "two", "req-1"));
  EXPECT_EQ(reused.status().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(ErrorReason(reused.status()), "REQUEST_ID_REUSED");
  EXPECT_EQ(ErrorMetadata(reused.status())["page_id"], first->page_id);
  EXPECT_EQ((*core)->Stats().outbox_depth, 1);
}

TEST(IngestCoreTest, RefusalsCarryReasons) {
  testing::TempDir dir;
  IngestOptions options;
  options.max_page_bytes = 10;
  options.max_outbox = 2;
  auto core = IngestCore::Open(dir.path(), options);
  ASSERT_TRUE(core.ok());
  auto empty = (*core)->Ingest(Request("a", ""));
  EXPECT_EQ(empty.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ErrorReason(empty.status()), "EMPTY_PAGE");
  auto big = (*core)->Ingest(Request("a", std::string(11, 'x')));
  EXPECT_EQ(ErrorReason(big.status()), "PAGE_TOO_LARGE");
  auto no_uri = (*core)->Ingest(Request("", "x"));
  EXPECT_EQ(ErrorReason(no_uri.status()), "MISSING_SOURCE_URI");
  ASSERT_TRUE((*core)->Ingest(Request("a", "1")).ok());
  ASSERT_TRUE((*core)->Ingest(Request("b", "2")).ok());
  auto full = (*core)->Ingest(Request("c", "3"));
  EXPECT_EQ(full.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(ErrorReason(full.status()), "OUTBOX_FULL");
  EXPECT_EQ(ErrorReason((*core)->GetPage("nope").status()), "PAGE_NOT_FOUND");
}

TEST(IngestCoreTest, FinalStatesRemoveOutboxEntriesAndListPaginates) {
  testing::TempDir dir;
  auto core = IngestCore::Open(dir.path(), {});
  ASSERT_TRUE(core.ok());
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE((*core)->Ingest(Request("u" + std::to_string(i), "c" + std::to_string(i))).ok());
  }
  auto work = (*core)->PendingWork(10, {});
  ASSERT_TRUE(work.ok());
  ASSERT_EQ(work->size(), 5u);
  ASSERT_TRUE((*core)->MarkNormalized((*work)[0], 2).ok());
  ASSERT_TRUE((*core)->MarkIndexed((*work)[0], 2, "builtin-1").ok());
  ASSERT_TRUE((*core)->MarkFailed((*work)[1], "normalize: INVALID_ARGUMENT").ok());
  auto skipped = (*core)->PendingWork(10, {(*work)[2].sequence});
  ASSERT_TRUE(skipped.ok());
  EXPECT_EQ(skipped->size(), 2u);
  const IngestStats stats = (*core)->Stats();
  EXPECT_EQ(stats.indexed, 1);
  EXPECT_EQ(stats.failed, 1);
  EXPECT_EQ(stats.accepted, 3);
  EXPECT_EQ(stats.outbox_depth, 3);
  auto indexed = (*core)->GetPage((*work)[0].page_id);
  ASSERT_TRUE(indexed.ok());
  EXPECT_EQ(indexed->status(), PAGE_STATUS_INDEXED);
  EXPECT_EQ(indexed->document_count(), 2);
  auto failed = (*core)->GetPage((*work)[1].page_id);
  EXPECT_EQ(failed->status(), PAGE_STATUS_FAILED);
  EXPECT_EQ(failed->failure_reason(), "normalize: INVALID_ARGUMENT");

  std::vector<std::string> ids;
  std::string token;
  do {
    auto list = (*core)->ListPages(2, token, PageFilter{});
    ASSERT_TRUE(list.ok());
    EXPECT_LE(list->pages.size(), 2u);
    for (const auto& p : list->pages) ids.push_back(p.page_id());
    token = list->next_page_token;
  } while (!token.empty());
  EXPECT_EQ(ids.size(), 5u);
  EXPECT_TRUE(std::is_sorted(ids.begin(), ids.end()));
  PageFilter failed_only;
  failed_only.status = PAGE_STATUS_FAILED;
  auto only_failed = (*core)->ListPages(10, "", failed_only);
  ASSERT_TRUE(only_failed.ok());
  EXPECT_EQ(only_failed->pages.size(), 1u);
}

}  // namespace
}  // namespace zhengwen::ingest
