// The dispatcher against the real normalizer and the real document store,
// with failures injected in front of them.
#include "services/ingest/dispatcher.h"

#include <atomic>

#include "common/error_reason.h"
#include "gtest/gtest.h"
#include "services/normalization/normalizer.h"
#include "services/query/document_store.h"
#include "tests/support/subprocess.h"
#include "tests/support/wait.h"

namespace zhengwen::ingest {
namespace {

using zhengwen::document::v1::Document;

// Calls the real components, failing the first `fail_puts` puts with `put_error`.
class InjectingProcessor : public PageProcessor {
 public:
  InjectingProcessor(const normalization::Normalizer* normalizer, query::DocumentStore* store)
      : normalizer_(normalizer), store_(store) {}

  absl::StatusOr<std::vector<Document>> Normalize(
      const zhengwen::document::v1::Page& page) override {
    ++normalize_calls;
    if (page.source_uri() == fail_normalize_uri) return normalize_error;
    return normalizer_->Normalize(page);
  }
  absl::Status PutDocuments(const std::string& page_id, const std::vector<Document>& documents,
                            const std::string& replaces_page_id) override {
    ++put_calls;
    if (fail_puts.load() > 0) {
      --fail_puts;
      return put_error;
    }
    return store_->PutDocuments(page_id, documents, replaces_page_id).status();
  }

  std::atomic<int> fail_puts{0};
  std::atomic<int> normalize_calls{0};
  std::atomic<int> put_calls{0};  // attempted, failed or not
  absl::Status put_error = absl::UnavailableError("query is down");
  std::string fail_normalize_uri;
  absl::Status normalize_error = ErrorWithReason(absl::StatusCode::kInvalidArgument,
                                                 "cannot normalize", "UNDECODABLE_PAGE");

 private:
  const normalization::Normalizer* normalizer_;
  query::DocumentStore* store_;
};

class DispatcherTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto normalizer = normalization::Normalizer::Create({});
    ASSERT_TRUE(normalizer.ok()) << normalizer.status();
    normalizer_ = *std::move(normalizer);
    auto store = query::DocumentStore::Open(dir_.path() + "/query");
    ASSERT_TRUE(store.ok());
    store_ = *std::move(store);
    auto core = IngestCore::Open(dir_.path() + "/ingest", {});
    ASSERT_TRUE(core.ok());
    core_ = *std::move(core);
    processor_ = std::make_unique<InjectingProcessor>(normalizer_.get(), store_.get());
  }

  // Waits until the outbox is empty.
  bool Drained(absl::Duration timeout) {
    return testing::WaitUntil([&] { return core_->Stats().outbox_depth == 0; }, timeout);
  }

  int StoredDocuments() {
    auto list = store_->ListDocuments(1000, "", "");
    return list.ok() ? static_cast<int>(list->documents.size()) : -1;
  }

  testing::TempDir dir_;
  std::unique_ptr<normalization::Normalizer> normalizer_;
  std::unique_ptr<query::DocumentStore> store_;
  std::unique_ptr<IngestCore> core_;
  std::unique_ptr<InjectingProcessor> processor_;
};

DispatcherOptions FastRetries() {
  DispatcherOptions options;
  options.workers = 2;
  options.initial_backoff = absl::Milliseconds(5);
  options.max_backoff = absl::Milliseconds(20);
  return options;
}

IngestRequest Page(const std::string& uri, const std::string& text) {
  IngestRequest r;
  r.source_uri = uri;
  r.content = text;
  return r;
}

TEST_F(DispatcherTest, TransientFailuresAreRetriedUntilIndexed) {
  processor_->fail_puts = 5;
  Dispatcher dispatcher(core_.get(), processor_.get(), FastRetries());
  core_->SetOnAccepted([&] { dispatcher.Notify(); });
  dispatcher.Start();
  auto a = core_->Ingest(Page("a.txt", "讲话标题\n同志们:今天我们开会。"));
  auto b = core_->Ingest(Page("b.txt", "另一篇\n質(zhì)量工作很重要。"));
  ASSERT_TRUE(a.ok() && b.ok());
  ASSERT_TRUE(Drained(absl::Seconds(20)));
  dispatcher.Stop();
  EXPECT_EQ(processor_->fail_puts.load(), 0);
  EXPECT_EQ(core_->Stats().indexed, 2);
  EXPECT_EQ(StoredDocuments(), 2);
  auto doc = store_->GetDocument(b->page_id + "-0");
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ(doc->text(), "质量工作很重要。");
  auto info = core_->GetPage(a->page_id);
  EXPECT_EQ(info->status(), zhengwen::ingest::v1::PAGE_STATUS_INDEXED);
}

TEST_F(DispatcherTest, PermanentErrorFailsThePageWithTheReason) {
  processor_->fail_puts = 1000;
  processor_->put_error = ErrorWithReason(absl::StatusCode::kInvalidArgument, "bad document",
                                          "INVALID_DOCUMENT");
  Dispatcher dispatcher(core_.get(), processor_.get(), FastRetries());
  core_->SetOnAccepted([&] { dispatcher.Notify(); });
  dispatcher.Start();
  auto a = core_->Ingest(Page("a.txt", "标题\n正文"));
  ASSERT_TRUE(a.ok());
  ASSERT_TRUE(Drained(absl::Seconds(20)));
  dispatcher.Stop();
  auto info = core_->GetPage(a->page_id);
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info->status(), zhengwen::ingest::v1::PAGE_STATUS_FAILED);
  EXPECT_NE(info->failure_reason().find("bad document"), std::string::npos);
  EXPECT_EQ(StoredDocuments(), 0);
}

TEST_F(DispatcherTest, PermanentNormalizeErrorFailsThatPageOnly) {
  processor_->fail_normalize_uri = "bad.txt";
  Dispatcher dispatcher(core_.get(), processor_.get(), FastRetries());
  core_->SetOnAccepted([&] { dispatcher.Notify(); });
  dispatcher.Start();
  auto a = core_->Ingest(Page("bad.txt", "标题\n坏页"));
  auto b = core_->Ingest(Page("good.txt", "标题\n正文"));
  ASSERT_TRUE(a.ok() && b.ok());
  ASSERT_TRUE(Drained(absl::Seconds(20)));
  dispatcher.Stop();
  auto failed = core_->GetPage(a->page_id);
  EXPECT_EQ(failed->status(), zhengwen::ingest::v1::PAGE_STATUS_FAILED);
  EXPECT_NE(failed->failure_reason().find("cannot normalize"), std::string::npos);
  EXPECT_EQ(core_->GetPage(b->page_id)->status(), zhengwen::ingest::v1::PAGE_STATUS_INDEXED);
}

TEST_F(DispatcherTest, PageFailuresUseTheBudgetOutagesDoNot) {
  DispatcherOptions options = FastRetries();
  options.max_attempts = 3;
  processor_->fail_normalize_uri = "bad.txt";
  processor_->normalize_error = absl::InternalError("normalizer bug");
  processor_->fail_puts = 10;  // UNAVAILABLE: more than the budget, and it must not count
  Dispatcher dispatcher(core_.get(), processor_.get(), options);
  core_->SetOnAccepted([&] { dispatcher.Notify(); });
  dispatcher.Start();
  auto bad = core_->Ingest(Page("bad.txt", "标题\n坏页"));
  auto good = core_->Ingest(Page("good.txt", "标题\n正文"));
  ASSERT_TRUE(bad.ok() && good.ok());
  ASSERT_TRUE(Drained(absl::Seconds(20)));
  dispatcher.Stop();
  auto failed = core_->GetPage(bad->page_id);
  EXPECT_EQ(failed->status(), zhengwen::ingest::v1::PAGE_STATUS_FAILED);
  EXPECT_EQ(failed->attempts(), 3);
  EXPECT_NE(failed->failure_reason().find("after 3 attempts"), std::string::npos)
      << failed->failure_reason();
  auto indexed = core_->GetPage(good->page_id);
  EXPECT_EQ(indexed->status(), zhengwen::ingest::v1::PAGE_STATUS_INDEXED);
  EXPECT_EQ(indexed->attempts(), 1);
}

TEST_F(DispatcherTest, APageAlreadyOutOfAttemptsIsFailedWithoutACall) {
  auto a = core_->Ingest(Page("a.txt", "标题\n正文"));
  ASSERT_TRUE(a.ok());
  // Two earlier attempts ended with the process gone.
  ASSERT_TRUE(core_->AdjustAttempts(a->page_id, +2, "").ok());
  DispatcherOptions options = FastRetries();
  options.max_attempts = 2;
  Dispatcher dispatcher(core_.get(), processor_.get(), options);
  dispatcher.Start();
  ASSERT_TRUE(Drained(absl::Seconds(20)));
  dispatcher.Stop();
  EXPECT_EQ(processor_->normalize_calls.load(), 0);
  auto info = core_->GetPage(a->page_id);
  EXPECT_EQ(info->status(), zhengwen::ingest::v1::PAGE_STATUS_FAILED);
  EXPECT_NE(info->failure_reason().find("in flight"), std::string::npos) << info->failure_reason();
}

TEST_F(DispatcherTest, APageWithNoDocumentIsNoContent) {
  Dispatcher dispatcher(core_.get(), processor_.get(), FastRetries());
  core_->SetOnAccepted([&] { dispatcher.Notify(); });
  dispatcher.Start();
  auto a = core_->Ingest(Page("empty.html", "<html><body><script>var x;</script></body></html>"));
  ASSERT_TRUE(a.ok()) << a.status();
  ASSERT_TRUE(Drained(absl::Seconds(20)));
  dispatcher.Stop();
  EXPECT_EQ(core_->GetPage(a->page_id)->status(), zhengwen::ingest::v1::PAGE_STATUS_NO_CONTENT);
  EXPECT_EQ(core_->Stats().no_content, 1);
  EXPECT_EQ(core_->Stats().indexed, 0);
}

TEST_F(DispatcherTest, StopLeavesUnfinishedWorkInTheOutbox) {
  processor_->fail_puts = 1 << 30;  // query "down" for the whole test
  auto a = core_->Ingest(Page("a.txt", "标题\n正文"));
  ASSERT_TRUE(a.ok());
  {
    Dispatcher dispatcher(core_.get(), processor_.get(), FastRetries());
    dispatcher.Start();
    // Stop only once the page was normalized and a put has failed.
    ASSERT_TRUE(testing::WaitUntil(
        [&] {
          auto page = core_->GetPage(a->page_id);
          return processor_->put_calls.load() > 0 && page.ok() &&
                 page->status() == zhengwen::ingest::v1::PAGE_STATUS_NORMALIZED;
        },
        absl::Seconds(20)));
    dispatcher.Stop();
  }
  EXPECT_GT(processor_->normalize_calls.load(), 0);
  EXPECT_EQ(core_->Stats().outbox_depth, 1);
  EXPECT_EQ(core_->GetPage(a->page_id)->status(), zhengwen::ingest::v1::PAGE_STATUS_NORMALIZED);
  // When the query service is back, a new dispatcher finishes the work.
  processor_->fail_puts = 0;
  Dispatcher dispatcher(core_.get(), processor_.get(), FastRetries());
  dispatcher.Start();
  ASSERT_TRUE(Drained(absl::Seconds(20)));
  dispatcher.Stop();
  EXPECT_EQ(StoredDocuments(), 1);
}

}  // namespace
}  // namespace zhengwen::ingest
