// Adversarial ingest: what careless clients send and broken pages or
// downstreams do, each against real servers on loopback. Every case asserts
// the code, the ErrorInfo reason (or the page's final status and reason) and
// that the server still serves afterwards.
//
// For the attempt budget, split mode runs ingest and query as real processes
// and normalization as a stand-in gRPC server in this test, which answers
// INTERNAL, UNAVAILABLE, never, or like the real normalizer.
#include <grpcpp/grpcpp.h>

#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <fstream>
#include <memory>
#include <mutex>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/error_reason.h"
#include "common/grpc/grpc_options.h"
#include "common/grpc/grpc_status.h"
#include "gtest/gtest.h"
#include "services/normalization/normalizer.h"
#include "tests/support/http_get.h"
#include "tests/support/server_cluster.h"
#include "zhengwen/ingest/v1/ingest_service.grpc.pb.h"
#include "zhengwen/normalization/v1/normalization_service.grpc.pb.h"
#include "zhengwen/query/v1/query_service.grpc.pb.h"

namespace zhengwen::testing {
namespace {

using zhengwen::ingest::v1::IngestPageRequest;
using zhengwen::ingest::v1::IngestPageResponse;
using zhengwen::ingest::v1::IngestService;
using zhengwen::ingest::v1::PageInfo;
using zhengwen::ingest::v1::PageStatus;

constexpr absl::Duration kCall = absl::Seconds(10);
constexpr absl::Duration kSettle = absl::Seconds(60);

// A page the real normalizer turns into one document containing `phrase`.
std::string Article(const std::string& phrase) {
  return absl::StrCat("关于", phrase, "的讲话\n同志们:今天我们专门研究", phrase,
                      "工作。这项工作关系全局,必须抓紧抓好。\n各部门要统一思想,落实责任,确保",
                      phrase, "取得实效。\n");
}

// stdout of a shell pipeline (iconv is part of libc-bin, so empty output is a failure).
std::string Shell(const std::string& command) {
  return RunCommand({"/bin/sh", "-c", command}).out;
}

grpc::Status Ingest(IngestService::Stub* stub, const IngestPageRequest& request,
                    IngestPageResponse* response) {
  auto context = ContextWithTimeout(kCall);
  return stub->IngestPage(context.get(), request, response);
}

IngestPageRequest PageRequest(const std::string& uri, const std::string& content,
                              const std::string& request_id = "") {
  IngestPageRequest request;
  request.set_source_uri(uri);
  request.set_content(content);
  request.set_request_id(request_id);
  return request;
}

// Polls GetPage until the page reaches `want` (or the timeout); returns its last info.
PageInfo WaitForStatus(IngestService::Stub* stub, const std::string& page_id, PageStatus want,
                       absl::Duration timeout = kSettle) {
  const absl::Time deadline = absl::Now() + timeout;
  PageInfo info;
  while (absl::Now() < deadline) {
    zhengwen::ingest::v1::GetPageRequest request;
    request.set_page_id(page_id);
    zhengwen::ingest::v1::GetPageResponse response;
    auto context = ContextWithTimeout(kCall);
    if (stub->GetPage(context.get(), request, &response).ok()) {
      info = response.page();
      if (info.status() == want) return info;
    }
    absl::SleepFor(absl::Milliseconds(20));
  }
  return info;
}

// Search hits for `query` on the query service at `address`.
int64_t SearchHits(const std::string& address, const std::string& query) {
  auto stub = zhengwen::query::v1::QueryService::NewStub(NewClientChannel(address));
  zhengwen::query::v1::SearchRequest request;
  request.set_query(query);
  zhengwen::query::v1::SearchResponse response;
  auto context = ContextWithTimeout(kCall);
  if (!stub->Search(context.get(), request, &response).ok()) return -1;
  return response.total_hits();
}

// The server still serves: a new page is ingested, indexed and found.
void ExpectServing(IngestService::Stub* stub, const std::string& query_address,
                   const std::string& phrase) {
  IngestPageResponse response;
  grpc::Status status = Ingest(stub, PageRequest("alive-" + phrase, Article(phrase)), &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  const PageInfo info =
      WaitForStatus(stub, response.page_id(), zhengwen::ingest::v1::PAGE_STATUS_INDEXED);
  ASSERT_EQ(info.status(), zhengwen::ingest::v1::PAGE_STATUS_INDEXED) << info.DebugString();
  EXPECT_GE(SearchHits(query_address, phrase), 1);
}

// --- All-in-one: request ids, field limits, decoding, no content -------------

// One server for the suite (each case uses its own pages); it must still serve
// and stop cleanly after all of them.
class IngestAdversarialTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    cluster_ = new ServerCluster(false, {"--metrics_listen=127.0.0.1:0"});
    start_ = cluster_->Start();
  }
  static void TearDownTestSuite() {
    if (start_.ok()) EXPECT_EQ(cluster_->Terminate(absl::Seconds(10)), 0) << cluster_->Logs();
    delete cluster_;
    cluster_ = nullptr;
  }
  void SetUp() override {
    ASSERT_TRUE(start_.ok()) << start_ << cluster_->Logs();
    stub_ = IngestService::NewStub(NewClientChannel(cluster_->ingest_address()));
  }

  static inline ServerCluster* cluster_ = nullptr;
  static inline absl::Status start_;
  std::unique_ptr<IngestService::Stub> stub_;
};

TEST_F(IngestAdversarialTest, RequestIdReusedForOtherBytesIsAlreadyExists) {
  IngestPageResponse first;
  ASSERT_TRUE(Ingest(stub_.get(), PageRequest("a.txt", Article("河长制"), "req-1"), &first).ok());
  // Same id, same bytes: the original answer.
  IngestPageResponse again;
  ASSERT_TRUE(Ingest(stub_.get(), PageRequest("a.txt", Article("河长制"), "req-1"), &again).ok());
  EXPECT_EQ(again.page_id(), first.page_id());
  EXPECT_TRUE(again.already_present());
  // Same id, other bytes: refused, naming the page the id belongs to.
  IngestPageResponse reused;
  grpc::Status status =
      Ingest(stub_.get(), PageRequest("a.txt", Article("林长制"), "req-1"), &reused);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ALREADY_EXISTS) << status.error_message();
  const absl::Status detail = FromGrpcStatus(status);
  EXPECT_EQ(ErrorReason(detail), "REQUEST_ID_REUSED");
  EXPECT_EQ(ErrorMetadata(detail)["page_id"], first.page_id());
  // The new bytes were not stored under the old id: nothing mentions 林长制.
  ASSERT_EQ(WaitForStatus(stub_.get(), first.page_id(), zhengwen::ingest::v1::PAGE_STATUS_INDEXED)
                .status(),
            zhengwen::ingest::v1::PAGE_STATUS_INDEXED);
  EXPECT_EQ(SearchHits(cluster_->query_address(), "林长制"), 0);
  ExpectServing(stub_.get(), cluster_->query_address(), "垃圾分类");
}

TEST_F(IngestAdversarialTest, OverlongFieldsAreRefusedNamingTheField) {
  struct Case {
    const char* field;
    IngestPageRequest request;
  };
  std::vector<Case> cases;
  cases.push_back({"source_uri", PageRequest(std::string(10 << 20, 'u'), Article("限长"))});
  cases.push_back({"request_id", PageRequest("b.txt", Article("限长"), std::string(257, 'r'))});
  cases.push_back({"content_type", PageRequest("b.txt", Article("限长"))});
  cases.back().request.set_content_type(std::string(300, 't'));
  cases.push_back({"declared_encoding", PageRequest("b.txt", Article("限长"))});
  cases.back().request.set_declared_encoding(std::string(65, 'e'));
  for (const Case& c : cases) {
    IngestPageResponse response;
    grpc::Status status = Ingest(stub_.get(), c.request, &response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << c.field;
    const absl::Status detail = FromGrpcStatus(status);
    EXPECT_EQ(ErrorReason(detail), "FIELD_TOO_LONG") << c.field;
    EXPECT_EQ(ErrorMetadata(detail)["field"], c.field);
  }
  zhengwen::ingest::v1::GetPageRequest get;
  get.set_page_id(std::string(1 << 20, 'p'));
  zhengwen::ingest::v1::GetPageResponse page;
  auto context = ContextWithTimeout(kCall);
  grpc::Status status = stub_->GetPage(context.get(), get, &page);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ErrorMetadata(FromGrpcStatus(status))["field"], "page_id");
  // Nothing was stored, and listing still works for everyone.
  CommandResult list = cluster_->Zw({"list"});
  EXPECT_EQ(list.exit_code, 0) << list.err;
  EXPECT_FALSE(absl::StrContains(list.out, "uuuu")) << list.out.substr(0, 200);
  ExpectServing(stub_.get(), cluster_->query_address(), "文明城市");
}

TEST_F(IngestAdversarialTest, AFewBadBytesAreReplacedAndCountedTooManyAreRefused) {
  const std::string gbk = Shell(
      "cat '" + SampleDir() +
      "/02_xiangcun_zhenxing_doc_site.txt' | iconv -c -f UTF-8 -t GBK");
  ASSERT_GT(gbk.size(), 2000u) << "iconv produced no GBK text";
  IngestPageResponse response;
  grpc::Status status =
      Ingest(stub_.get(), PageRequest("gbk-truncated.txt", gbk + "\xD6"), &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  const PageInfo info =
      WaitForStatus(stub_.get(), response.page_id(), zhengwen::ingest::v1::PAGE_STATUS_INDEXED);
  ASSERT_EQ(info.status(), zhengwen::ingest::v1::PAGE_STATUS_INDEXED) << info.DebugString();
  EXPECT_EQ(info.encoding(), "GB18030");
  EXPECT_EQ(info.decode_replacements(), 1);
  // The count reaches the document's quality signals.
  auto query = zhengwen::query::v1::QueryService::NewStub(
      NewClientChannel(cluster_->query_address()));
  zhengwen::query::v1::GetDocumentRequest get;
  get.set_id(response.page_id() + "-0");
  zhengwen::query::v1::GetDocumentResponse doc;
  auto context = ContextWithTimeout(kCall);
  ASSERT_TRUE(query->GetDocument(context.get(), get, &doc).ok());
  EXPECT_EQ(doc.document().quality().decode_replacements(), 1);
  EXPECT_EQ(doc.document().quality().input_encoding(), "GB18030");

  // 2 % of the bytes broken: refused.
  std::string broken = gbk;
  for (size_t pos = 25; pos < broken.size(); pos += 50) broken[pos] = '\xFF';
  status = Ingest(stub_.get(), PageRequest("gbk-broken.txt", broken), &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ErrorReason(FromGrpcStatus(status)), "UNDECODABLE_PAGE") << status.error_message();

  // UTF-16 without a BOM.
  const std::string utf16 = Shell(
      "cat '" + SampleDir() +
      "/02_xiangcun_zhenxing_doc_site.txt' | iconv -c -f UTF-8 -t UTF-16LE");
  ASSERT_GT(utf16.size(), 2000u);
  status = Ingest(stub_.get(), PageRequest("utf16le.txt", utf16), &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  const PageInfo utf16_info =
      WaitForStatus(stub_.get(), response.page_id(), zhengwen::ingest::v1::PAGE_STATUS_INDEXED);
  EXPECT_EQ(utf16_info.status(), zhengwen::ingest::v1::PAGE_STATUS_INDEXED);
  EXPECT_EQ(utf16_info.encoding(), "UTF-16LE");
  ExpectServing(stub_.get(), cluster_->query_address(), "秸秆禁烧");
}

TEST_F(IngestAdversarialTest, APageWithNoDocumentIsNoContentEverywhere) {
  TempDir dir;
  const std::string path = dir.path() + "/empty.html";
  std::ofstream(path) << "<html><head><title></title><script>var x = 1;</script></head>"
                         "<body><nav><a href=\"/\">首页</a></nav></body></html>";
  CommandResult ingest = cluster_->Zw({"ingest", "--wait", path});
  EXPECT_EQ(ingest.exit_code, 0) << ingest.err;
  EXPECT_TRUE(absl::StrContains(ingest.err, "NO_CONTENT")) << ingest.err;
  EXPECT_TRUE(absl::StrContains(ingest.err, "1 with no content")) << ingest.err;
  CommandResult list = cluster_->Zw({"list", "--status=no_content"});
  EXPECT_EQ(list.exit_code, 0) << list.err;
  EXPECT_TRUE(absl::StrContains(list.out, "NO_CONTENT")) << list.out;
  EXPECT_TRUE(absl::StrContains(list.out, "empty.html")) << list.out;
  CommandResult status = cluster_->Zw({"status"});
  EXPECT_TRUE(absl::StrContains(status.out, "no_content 1")) << status.out;
  // No wait: the gauges are computed from ingest's counters at scrape time.
  int port = MetricsPort(cluster_->Logs());
  ASSERT_GT(port, 0) << cluster_->Logs();
  const std::string body = HttpGet(port, "/metrics");
  EXPECT_TRUE(absl::StrContains(body, "zhengwen_pages{status=\"no_content\"} 1")) << body;
  ExpectServing(stub_.get(), cluster_->query_address(), "营商环境");
}

// --- Split mode with a stand-in normalization: the attempt budget ------------

class StandInNormalization final
    : public zhengwen::normalization::v1::NormalizationService::Service {
 public:
  enum class Mode { kReal, kInternal, kUnavailable, kHang };

  StandInNormalization() {
    auto normalizer = normalization::Normalizer::Create({});
    if (normalizer.ok()) real_ = *std::move(normalizer);
    grpc::ServerBuilder builder;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port_);
    builder.RegisterService(this);
    server_ = builder.BuildAndStart();
  }
  ~StandInNormalization() override {
    {
      std::lock_guard<std::mutex> lock(mu_);
      released_ = true;
    }
    changed_.notify_all();
    server_->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(5));
  }

  std::string address() const { return absl::StrCat("127.0.0.1:", port_); }
  bool ready() const { return real_ != nullptr && server_ != nullptr && port_ > 0; }

  void SetMode(Mode mode) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      mode_ = mode;
    }
    changed_.notify_all();
  }
  int calls() {
    std::lock_guard<std::mutex> lock(mu_);
    return calls_;
  }
  // Waits until at least `n` calls arrived.
  bool WaitForCalls(int n, absl::Duration timeout) {
    std::unique_lock<std::mutex> lock(mu_);
    return changed_.wait_for(lock, absl::ToChronoNanoseconds(timeout),
                             [&] { return calls_ >= n; });
  }

  grpc::Status Normalize(grpc::ServerContext* context,
                         const zhengwen::normalization::v1::NormalizeRequest* request,
                         zhengwen::normalization::v1::NormalizeResponse* response) override {
    Mode mode;
    {
      std::lock_guard<std::mutex> lock(mu_);
      ++calls_;
      mode = mode_;
    }
    changed_.notify_all();
    switch (mode) {
      case Mode::kInternal:
        return grpc::Status(grpc::StatusCode::INTERNAL, "stand-in: normalizer bug");
      case Mode::kUnavailable:
        return grpc::Status(grpc::StatusCode::UNAVAILABLE, "stand-in: overloaded");
      case Mode::kHang: {
        // Never answers: holds the call until the caller gives up or dies.
        std::unique_lock<std::mutex> lock(mu_);
        const absl::Time give_up = absl::Now() + absl::Seconds(120);
        while (!released_ && !context->IsCancelled() && absl::Now() < give_up) {
          changed_.wait_for(lock, std::chrono::milliseconds(20));
        }
        return grpc::Status(grpc::StatusCode::CANCELLED, "stand-in: gave up");
      }
      case Mode::kReal:
        break;
    }
    auto documents = real_->Normalize(request->page());
    if (!documents.ok()) return ToGrpcStatus(documents.status());
    for (auto& doc : *documents) *response->add_documents() = std::move(doc);
    return grpc::Status::OK;
  }

 private:
  std::unique_ptr<normalization::Normalizer> real_;
  std::unique_ptr<grpc::Server> server_;
  int port_ = 0;
  std::mutex mu_;
  std::condition_variable changed_;
  Mode mode_ = Mode::kReal;
  int calls_ = 0;
  bool released_ = false;
};

class AttemptBudgetTest : public ::testing::Test {
 protected:
  // Starts query and ingest with `flags`, ingest calling the stand-in.
  void StartCluster(std::vector<std::string> flags) {
    ASSERT_TRUE(stand_in_.ready());
    cluster_ = std::make_unique<ServerCluster>(true, std::move(flags));
    cluster_->UseExternalNormalization(stand_in_.address());
    ASSERT_TRUE(cluster_->Start().ok()) << cluster_->Logs();
    stub_ = IngestService::NewStub(NewClientChannel(cluster_->ingest_address()));
  }
  void TearDown() override {
    stand_in_.SetMode(StandInNormalization::Mode::kReal);
    if (cluster_ != nullptr) EXPECT_EQ(cluster_->Terminate(absl::Seconds(15)), 0);
  }
  std::string IngestOne(const std::string& uri, const std::string& phrase) {
    IngestPageResponse response;
    grpc::Status status = Ingest(stub_.get(), PageRequest(uri, Article(phrase)), &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.page_id();
  }

  StandInNormalization stand_in_;
  std::unique_ptr<ServerCluster> cluster_;
  std::unique_ptr<IngestService::Stub> stub_;
};

TEST_F(AttemptBudgetTest, InternalErrorsUseUpTheBudgetThenThePageIsFailed) {
  stand_in_.SetMode(StandInNormalization::Mode::kInternal);
  StartCluster({"--max_page_attempts=3"});
  const std::string page_id = IngestOne("internal.txt", "内部错误");
  const PageInfo info =
      WaitForStatus(stub_.get(), page_id, zhengwen::ingest::v1::PAGE_STATUS_FAILED);
  ASSERT_EQ(info.status(), zhengwen::ingest::v1::PAGE_STATUS_FAILED) << info.DebugString();
  EXPECT_EQ(stand_in_.calls(), 3);
  EXPECT_EQ(info.attempts(), 3);
  EXPECT_TRUE(absl::StrContains(info.failure_reason(), "INTERNAL")) << info.failure_reason();
  EXPECT_TRUE(absl::StrContains(info.failure_reason(), "3 attempts")) << info.failure_reason();
  // Visible to operators, with the reason.
  CommandResult list = cluster_->Zw({"list", "--status=FAILED"});
  EXPECT_EQ(list.exit_code, 0) << list.err;
  EXPECT_TRUE(absl::StrContains(list.out, page_id)) << list.out;
  EXPECT_TRUE(absl::StrContains(list.out, "normalizer bug")) << list.out;
  CommandResult get = cluster_->Zw({"get", page_id});
  EXPECT_TRUE(absl::StrContains(get.out, "normalizer bug")) << get.out;
  CommandResult status = cluster_->Zw({"status"});
  EXPECT_TRUE(absl::StrContains(status.out, "failed 1")) << status.out;
  EXPECT_TRUE(absl::StrContains(status.out, "outbox 0")) << status.out;
  // The pipeline is not wedged.
  stand_in_.SetMode(StandInNormalization::Mode::kReal);
  ExpectServing(stub_.get(), cluster_->query_address(), "基层治理");
}

TEST_F(AttemptBudgetTest, ANormalizationThatNeverAnswersFailsThePageOnDeadlines) {
  stand_in_.SetMode(StandInNormalization::Mode::kHang);
  StartCluster({"--max_page_attempts=2", "--rpc_timeout=1s"});
  const std::string page_id = IngestOne("hang.txt", "超时页面");
  const PageInfo info =
      WaitForStatus(stub_.get(), page_id, zhengwen::ingest::v1::PAGE_STATUS_FAILED);
  ASSERT_EQ(info.status(), zhengwen::ingest::v1::PAGE_STATUS_FAILED) << info.DebugString();
  EXPECT_TRUE(absl::StrContains(info.failure_reason(), "DEADLINE_EXCEEDED"))
      << info.failure_reason();
  EXPECT_EQ(stand_in_.calls(), 2);
  stand_in_.SetMode(StandInNormalization::Mode::kReal);
  ExpectServing(stub_.get(), cluster_->query_address(), "乡村振兴");
}

TEST_F(AttemptBudgetTest, AnOutageNeverUsesUpTheBudget) {
  stand_in_.SetMode(StandInNormalization::Mode::kUnavailable);
  StartCluster({"--max_page_attempts=2"});
  const std::string page_id = IngestOne("outage.txt", "停电检修");
  // Twice the budget of UNAVAILABLE answers, then normalization is back.
  ASSERT_TRUE(stand_in_.WaitForCalls(4, kSettle));
  stand_in_.SetMode(StandInNormalization::Mode::kReal);
  const PageInfo info =
      WaitForStatus(stub_.get(), page_id, zhengwen::ingest::v1::PAGE_STATUS_INDEXED);
  ASSERT_EQ(info.status(), zhengwen::ingest::v1::PAGE_STATUS_INDEXED) << info.DebugString();
  EXPECT_EQ(info.attempts(), 1);
  EXPECT_GE(SearchHits(cluster_->query_address(), "停电检修"), 1);
}

TEST_F(AttemptBudgetTest, APageInFlightWhenTheServerDiesEndsFailedNotCrashLooping) {
  stand_in_.SetMode(StandInNormalization::Mode::kHang);
  StartCluster({"--max_page_attempts=2", "--rpc_timeout=60s"});
  const std::string page_id = IngestOne("poison.txt", "毒丸页面");
  constexpr size_t kIngest = 2;  // normalization (stand-in), query, ingest
  for (int kill = 1; kill <= 2; ++kill) {
    // The page is in flight (the stand-in holds its call): kill ingest.
    ASSERT_TRUE(stand_in_.WaitForCalls(kill, kSettle)) << cluster_->Logs();
    ASSERT_TRUE(cluster_->Restart(kIngest).ok()) << cluster_->Logs();
  }
  stub_ = IngestService::NewStub(NewClientChannel(cluster_->ingest_address()));
  const PageInfo info =
      WaitForStatus(stub_.get(), page_id, zhengwen::ingest::v1::PAGE_STATUS_FAILED);
  ASSERT_EQ(info.status(), zhengwen::ingest::v1::PAGE_STATUS_FAILED) << info.DebugString();
  EXPECT_TRUE(absl::StrContains(info.failure_reason(), "in flight")) << info.failure_reason();
  EXPECT_EQ(stand_in_.calls(), 2);  // the third start failed it without calling
  stand_in_.SetMode(StandInNormalization::Mode::kReal);
  ExpectServing(stub_.get(), cluster_->query_address(), "安全生产");
}

}  // namespace
}  // namespace zhengwen::testing
