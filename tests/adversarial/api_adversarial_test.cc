// Adversarial API cases against real servers on loopback: a server that is
// not there, forged and foreign page tokens, impossible dates, oversized
// fields, malformed protobuf and responses that would outgrow the message
// limit. Each asserts the code, the ErrorInfo reason, and that the server is
// still serving afterwards.
#include <arpa/inet.h>
#include <grpcpp/generic/generic_stub.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <functional>
#include <set>
#include <thread>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "common/error_reason.h"
#include "common/grpc/grpc_options.h"
#include "common/grpc/grpc_status.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "gtest/gtest.h"
#include "tests/support/raw_call.h"
#include "tests/support/server_cluster.h"
#include "zhengwen/ingest/v1/ingest_service.grpc.pb.h"
#include "zhengwen/query/v1/query_service.grpc.pb.h"

namespace zhengwen::testing {
namespace {

namespace ingest_v1 = zhengwen::ingest::v1;
namespace query_v1 = zhengwen::query::v1;

std::unique_ptr<grpc::ClientContext> Context() { return ContextWithTimeout(absl::Seconds(30)); }

// The code and ErrorInfo reason of a failed call, for assertions.
struct Failure {
  grpc::StatusCode code;
  std::string reason;
  std::string message;
  std::map<std::string, std::string> metadata;

  // The ErrorInfo metadata "field", or "" without one.
  std::string field() const {
    auto it = metadata.find("field");
    return it == metadata.end() ? "" : it->second;
  }
};

Failure Describe(const grpc::Status& status) {
  Failure out{status.error_code(), ErrorReason(FromGrpcStatus(status)), status.error_message(), {}};
  google::rpc::Status details;
  if (details.ParseFromString(status.error_details())) {
    for (const auto& any : details.details()) {
      google::rpc::ErrorInfo info;
      if (any.type_url() == kErrorInfoPayloadUrl && info.ParseFromString(any.value())) {
        out.metadata.insert(info.metadata().begin(), info.metadata().end());
      }
    }
  }
  return out;
}

// Clients of one running cluster.
class Clients {
 public:
  explicit Clients(const ServerCluster& cluster)
      : ingest_(ingest_v1::IngestService::NewStub(NewClientChannel(cluster.ingest_address()))),
        query_(query_v1::QueryService::NewStub(NewClientChannel(cluster.query_address()))),
        health_(grpc::health::v1::Health::NewStub(NewClientChannel(cluster.query_address()))),
        query_channel_(NewClientChannel(cluster.query_address())) {}

  ingest_v1::IngestService::Stub& ingest() { return *ingest_; }
  query_v1::QueryService::Stub& query() { return *query_; }
  std::shared_ptr<grpc::Channel> query_channel() { return query_channel_; }

  grpc::Status ListPages(const ingest_v1::ListPagesRequest& request,
                         ingest_v1::ListPagesResponse* response = nullptr) {
    ingest_v1::ListPagesResponse ignored;
    return ingest_->ListPages(Context().get(), request, response ? response : &ignored);
  }
  grpc::Status ListDocuments(const query_v1::ListDocumentsRequest& request,
                             query_v1::ListDocumentsResponse* response = nullptr) {
    query_v1::ListDocumentsResponse ignored;
    return query_->ListDocuments(Context().get(), request, response ? response : &ignored);
  }
  grpc::Status Search(const query_v1::SearchRequest& request,
                      query_v1::SearchResponse* response = nullptr) {
    query_v1::SearchResponse ignored;
    return query_->Search(Context().get(), request, response ? response : &ignored);
  }

  // Ingests `pages` (source_uri -> text) and waits until each is INDEXED.
  void IngestAndWait(const std::vector<std::pair<std::string, std::string>>& pages) {
    std::vector<std::string> ids;
    for (const auto& [uri, text] : pages) {
      ingest_v1::IngestPageRequest request;
      request.set_request_id(absl::StrCat("req-", ids.size(), "-", uri.size()));
      request.set_source_uri(uri);
      request.set_content(text);
      request.set_content_type("text/plain");
      ingest_v1::IngestPageResponse response;
      grpc::Status status = ingest_->IngestPage(Context().get(), request, &response);
      ASSERT_TRUE(status.ok()) << status.error_message();
      ids.push_back(response.page_id());
    }
    const absl::Time deadline = absl::Now() + absl::Seconds(60);
    for (const std::string& id : ids) {
      while (true) {
        ingest_v1::GetPageRequest request;
        request.set_page_id(id);
        ingest_v1::GetPageResponse response;
        ASSERT_TRUE(ingest_->GetPage(Context().get(), request, &response).ok());
        if (response.page().status() == ingest_v1::PAGE_STATUS_INDEXED) break;
        ASSERT_NE(response.page().status(), ingest_v1::PAGE_STATUS_FAILED)
            << response.page().failure_reason();
        ASSERT_LT(absl::Now(), deadline) << "page " << id << " not indexed";
        absl::SleepFor(absl::Milliseconds(50));
      }
    }
  }

  // The server still answers: readiness SERVING and a real search.
  void ExpectServing() {
    grpc::health::v1::HealthCheckRequest request;
    request.set_service("readiness");
    grpc::health::v1::HealthCheckResponse response;
    ASSERT_TRUE(health_->Check(Context().get(), request, &response).ok());
    EXPECT_EQ(response.status(), grpc::health::v1::HealthCheckResponse::SERVING);
    query_v1::SearchRequest search;
    search.set_query("安全生产");
    EXPECT_TRUE(Search(search).ok());
    EXPECT_TRUE(ListPages(ingest_v1::ListPagesRequest()).ok());
  }

 private:
  std::unique_ptr<ingest_v1::IngestService::Stub> ingest_;
  std::unique_ptr<query_v1::QueryService::Stub> query_;
  std::unique_ptr<grpc::health::v1::Health::Stub> health_;
  std::shared_ptr<grpc::Channel> query_channel_;
};

// A page of plain text: a title and `lines` distinct sentences, all with 安全生产.
std::string SpeechText(int number, int lines) {
  std::string text = absl::StrCat("第", number, "次安全生产工作会议讲话\n");
  for (int i = 0; i < lines; ++i) {
    absl::StrAppend(&text, "第", number, "次会议第", i,
                    "项指出，安全生产事关人民群众生命财产安全，各级各部门要牢固树立安全发展理念，"
                    "始终把人民生命安全放在首位。\n");
  }
  return text;
}

void ExpectInvalid(const grpc::Status& status, const std::string& reason, const std::string& what) {
  const Failure failure = Describe(status);
  EXPECT_EQ(failure.code, grpc::StatusCode::INVALID_ARGUMENT) << what << ": " << failure.message;
  EXPECT_EQ(failure.reason, reason) << what << ": " << failure.message;
}

// A loopback port nothing listens on.
int ClosedPort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address));
  socklen_t size = sizeof(address);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size);
  ::close(fd);
  return ntohs(address.sin_port);
}

// Case 7: every command against a port where no server listens exits
// non-zero within the connect deadline, with one line saying so.
TEST(ApiAdversarialTest, EveryZwCommandFailsFastWhenTheServerIsDown) {
  TempDir dir;
  const std::string file = dir.path() + "/page.txt";
  std::ofstream(file) << SpeechText(1, 3);
  const std::string address = absl::StrCat("127.0.0.1:", ClosedPort());
  const std::vector<std::vector<std::string>> commands = {{"ingest", file},
                                                          {"ingest", "--wait", file},
                                                          {"get", "0123abcd"},
                                                          {"get", "0123abcd-0"},
                                                          {"list"},
                                                          {"export"},
                                                          {"status"},
                                                          {"health"},
                                                          {"search", "安全生产"},
                                                          {"similar", "0123abcd-0"},
                                                          {"copies", "0123abcd-0"},
                                                          {"reuse", "0123abcd-0"},
                                                          {"reuse", "--templates"}};
  std::vector<CommandResult> results(commands.size());
  std::vector<absl::Duration> took(commands.size());
  std::vector<std::thread> threads;
  for (size_t i = 0; i < commands.size(); ++i) {
    threads.emplace_back([&, i] {
      std::vector<std::string> argv = {CliBinary(), "--server=" + address, "--connect_timeout=2s"};
      argv.insert(argv.end(), commands[i].begin(), commands[i].end());
      const absl::Time start = absl::Now();
      results[i] = RunCommand(argv, absl::Seconds(60));
      took[i] = absl::Now() - start;
    });
  }
  for (auto& thread : threads) thread.join();
  for (size_t i = 0; i < commands.size(); ++i) {
    const std::string name = absl::StrJoin(commands[i], " ");
    EXPECT_NE(results[i].exit_code, 0) << name;
    EXPECT_NE(results[i].exit_code, -1) << name << " was killed or timed out";
    // Two seconds of connect deadline, one of probing, process start-up.
    EXPECT_LT(took[i], absl::Seconds(10)) << name;
    const std::vector<std::string> lines = absl::StrSplit(results[i].err, '\n', absl::SkipEmpty());
    ASSERT_EQ(lines.size(), 1u) << name << ":\n" << results[i].err;
    EXPECT_TRUE(absl::StartsWith(lines[0], "zw: cannot connect to " + address + " within 2s: "))
        << name << ": " << lines[0];
    EXPECT_TRUE(absl::StrContains(lines[0], "refused")) << name << ": " << lines[0];
  }
}

// Case 9: a page token is sealed to its key, method and request.
TEST(ApiAdversarialTest, PageTokensAreAuthenticatedAndBoundToTheirRequest) {
  TempDir keys;
  const std::string key_file = keys.path() + "/page_token.key";
  std::ofstream(key_file) << "a shared secret of at least thirty-two bytes, as a Secret gives it\n";
  ServerCluster cluster(false, {"--page_token_key_file=" + key_file});
  ASSERT_TRUE(cluster.Start().ok()) << cluster.Logs();
  Clients clients(cluster);
  clients.IngestAndWait({{"https://a.example/1", SpeechText(1, 4)},
                         {"https://a.example/2", SpeechText(2, 4)},
                         {"https://a.example/3", SpeechText(3, 4)}});

  // Genuine first pages and their tokens.
  ingest_v1::ListPagesRequest pages;
  pages.set_page_size(1);
  ingest_v1::ListPagesResponse pages_response;
  ASSERT_TRUE(clients.ListPages(pages, &pages_response).ok());
  const std::string pages_token = pages_response.next_page_token();
  query_v1::ListDocumentsRequest documents;
  documents.set_page_size(1);
  query_v1::ListDocumentsResponse documents_response;
  ASSERT_TRUE(clients.ListDocuments(documents, &documents_response).ok());
  const std::string documents_token = documents_response.next_page_token();
  query_v1::SearchRequest search;
  search.set_query("安全生产");
  search.set_page_size(1);
  query_v1::SearchResponse search_response;
  ASSERT_TRUE(clients.Search(search, &search_response).ok());
  const std::string search_token = search_response.next_page_token();
  ASSERT_FALSE(pages_token.empty());
  ASSERT_FALSE(documents_token.empty());
  ASSERT_FALSE(search_token.empty());

  // A genuine token continues; page_size may change between pages.
  pages.set_page_token(pages_token);
  pages.set_page_size(10);
  ASSERT_TRUE(clients.ListPages(pages, &pages_response).ok());
  EXPECT_EQ(pages_response.pages_size(), 2);
  search.set_page_token(search_token);
  ASSERT_TRUE(clients.Search(search, &search_response).ok());
  EXPECT_EQ(search_response.hits_size(), 1);

  // Tampered (one character changed anywhere), truncated, garbage.
  auto variants = [](const std::string& token) {
    std::vector<std::pair<std::string, std::string>> out;
    for (size_t at : {size_t{0}, token.size() / 2, token.size() - 1}) {
      std::string flipped = token;
      flipped[at] = flipped[at] == 'A' ? 'B' : 'A';
      out.emplace_back(absl::StrCat("flipped at ", at), flipped);
    }
    out.emplace_back("truncated", token.substr(0, token.size() - 3));
    out.emplace_back("garbage", "garbage");
    out.emplace_back("not base64", "!!!!");
    return out;
  };
  for (const auto& [what, token] : variants(pages_token)) {
    pages.set_page_token(token);
    ExpectInvalid(clients.ListPages(pages), "INVALID_PAGE_TOKEN", "ListPages " + what);
  }
  for (const auto& [what, token] : variants(documents_token)) {
    documents.set_page_token(token);
    ExpectInvalid(clients.ListDocuments(documents), "INVALID_PAGE_TOKEN", "ListDocuments " + what);
  }
  for (const auto& [what, token] : variants(search_token)) {
    search.set_page_token(token);
    ExpectInvalid(clients.Search(search), "INVALID_PAGE_TOKEN", "Search " + what);
  }

  // Bound to the request: another query, filter, status or page; another method.
  query_v1::SearchRequest other_query = search;
  other_query.set_query("人民群众");
  other_query.set_page_token(search_token);
  ExpectInvalid(clients.Search(other_query), "INVALID_PAGE_TOKEN", "Search, other query");
  query_v1::SearchRequest other_filter = search;
  other_filter.set_page_token(search_token);
  other_filter.mutable_filter()->add_source_hosts("a.example");
  ExpectInvalid(clients.Search(other_filter), "INVALID_PAGE_TOKEN", "Search, other filter");
  ingest_v1::ListPagesRequest other_status;
  other_status.set_status(ingest_v1::PAGE_STATUS_INDEXED);
  other_status.set_page_token(pages_token);
  ExpectInvalid(clients.ListPages(other_status), "INVALID_PAGE_TOKEN", "ListPages, other status");
  documents.set_page_token(pages_token);
  ExpectInvalid(clients.ListDocuments(documents), "INVALID_PAGE_TOKEN",
                "ListDocuments with a ListPages token");
  search.set_page_token(documents_token);
  ExpectInvalid(clients.Search(search), "INVALID_PAGE_TOKEN", "Search with a ListDocuments token");

  // Every other paginated call refuses a forged token too.
  {
    query_v1::FindSimilarRequest request;
    request.set_text(SpeechText(1, 4));
    request.set_page_token("garbage");
    query_v1::FindSimilarResponse response;
    ExpectInvalid(clients.query().FindSimilar(Context().get(), request, &response),
                  "INVALID_PAGE_TOKEN", "FindSimilar");
  }
  {
    query_v1::FindReuseRequest request;
    request.set_text(SpeechText(1, 4));
    request.set_page_token(search_token);
    query_v1::FindReuseResponse response;
    ExpectInvalid(clients.query().FindReuse(Context().get(), request, &response),
                  "INVALID_PAGE_TOKEN", "FindReuse");
  }
  {
    query_v1::ListSharedSentencesRequest request;
    request.set_page_token(pages_token);
    query_v1::ListSharedSentencesResponse response;
    ExpectInvalid(clients.query().ListSharedSentences(Context().get(), request, &response),
                  "INVALID_PAGE_TOKEN", "ListSharedSentences");
  }
  clients.ExpectServing();

  // A replica given the same key file accepts the token; a deployment with
  // its own (generated) key refuses it.
  ServerCluster replica(false, {"--page_token_key_file=" + key_file});
  ServerCluster stranger(false);
  ASSERT_TRUE(replica.Start().ok()) << replica.Logs();
  ASSERT_TRUE(stranger.Start().ok()) << stranger.Logs();
  pages.set_page_token(pages_token);
  EXPECT_TRUE(Clients(replica).ListPages(pages).ok());
  Clients strangers(stranger);
  ExpectInvalid(strangers.ListPages(pages), "INVALID_PAGE_TOKEN", "ListPages, other key");
  strangers.ExpectServing();
  // The generated key is kept in the data dir, readable by its owner only.
  const std::string generated = stranger.data_root() + "/data-all/page_token.key";
  struct stat info {};
  ASSERT_EQ(::stat(generated.c_str(), &info), 0) << generated;
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  EXPECT_EQ(ReadFileOrEmpty(generated).size(), 65u);  // 64 hex digits and a newline
}

// Case 9: dates in filters are real calendar dates in one of three forms.
TEST(ApiAdversarialTest, ImpossibleDatesAreRefusedNamingTheField) {
  ServerCluster cluster(false);
  ASSERT_TRUE(cluster.Start().ok()) << cluster.Logs();
  Clients clients(cluster);
  for (const std::string date : {"2023-02-30", "2023-13-01", "2023-00-10", "2023-04-31", "garbage",
                                 "2023-2-1", "20230101", "2023-01-01T00:00", ""}) {
    if (date.empty()) continue;
    for (const std::string field : {"published_after", "published_before"}) {
      query_v1::SearchRequest request;
      request.set_query("安全生产");
      if (field == "published_after") {
        request.mutable_filter()->set_published_after(date);
      } else {
        request.mutable_filter()->set_published_before(date);
      }
      const grpc::Status status = clients.Search(request);
      ExpectInvalid(status, "INVALID_FILTER", field + "=" + date);
      const Failure failure = Describe(status);
      EXPECT_TRUE(absl::StrContains(failure.message, "filter." + field)) << failure.message;
      EXPECT_TRUE(absl::StrContains(failure.message, "YYYY-MM-DD")) << failure.message;
      EXPECT_EQ(failure.field(), "filter." + field);
    }
  }
  for (const std::string date : {"2024-02-29", "2023-02-28", "2023-12", "2023"}) {
    query_v1::SearchRequest request;
    request.set_query("安全生产");
    request.mutable_filter()->set_published_after(date);
    request.mutable_filter()->set_published_before(date);
    EXPECT_TRUE(clients.Search(request).ok()) << date;
  }
  clients.ExpectServing();
}

// Case 3 (query side): every string and repeated field has a limit.
TEST(ApiAdversarialTest, OversizedQueryFieldsAreRefusedNamingTheField) {
  ServerCluster cluster(false);
  ASSERT_TRUE(cluster.Start().ok()) << cluster.Logs();
  Clients clients(cluster);
  auto expect_too_long = [](const grpc::Status& status, const std::string& reason,
                            const std::string& field) {
    ExpectInvalid(status, reason, field);
    EXPECT_EQ(Describe(status).field(), field);
  };
  {
    query_v1::GetDocumentRequest request;
    request.set_id(std::string(129, 'a'));
    query_v1::GetDocumentResponse response;
    expect_too_long(clients.query().GetDocument(Context().get(), request, &response),
                    "FIELD_TOO_LONG", "id");
  }
  {
    query_v1::ListDocumentsRequest request;
    request.set_page_id(std::string(129, 'a'));
    expect_too_long(clients.ListDocuments(request), "FIELD_TOO_LONG", "page_id");
    request.clear_page_id();
    request.set_page_token(std::string(16385, 'A'));
    expect_too_long(clients.ListDocuments(request), "FIELD_TOO_LONG", "page_token");
    request.clear_page_token();
    request.set_page_size(-1);
    ExpectInvalid(clients.ListDocuments(request), "INVALID_PAGE_SIZE", "page_size -1");
    request.set_page_size(1 << 30);  // clamped, not refused
    EXPECT_TRUE(clients.ListDocuments(request).ok());
  }
  {
    query_v1::SearchRequest request;
    request.set_query("安全生产");
    for (int i = 0; i < 101; ++i) request.mutable_filter()->add_source_hosts("a.example");
    expect_too_long(clients.Search(request), "TOO_MANY_VALUES", "filter.source_hosts");
    request.mutable_filter()->clear_source_hosts();
    request.mutable_filter()->add_source_hosts(std::string(254, 'h'));
    expect_too_long(clients.Search(request), "FIELD_TOO_LONG", "filter.source_hosts");
    request.mutable_filter()->clear_source_hosts();
    request.mutable_filter()->set_published_after(std::string(33, '2'));
    expect_too_long(clients.Search(request), "FIELD_TOO_LONG", "filter.published_after");
    request.clear_filter();
    request.set_page_token(std::string(16385, 'A'));
    expect_too_long(clients.Search(request), "FIELD_TOO_LONG", "page_token");
    request.clear_page_token();
    request.set_query(std::string(2001, 'a'));
    ExpectInvalid(clients.Search(request), "INVALID_QUERY", "query over 2000 bytes");
  }
  {
    query_v1::FindSimilarRequest request;
    request.set_text(std::string((1 << 20) + 1, 'a'));
    query_v1::FindSimilarResponse response;
    expect_too_long(clients.query().FindSimilar(Context().get(), request, &response),
                    "FIELD_TOO_LONG", "text");
  }
  {
    query_v1::FindReuseRequest request;
    request.set_id(std::string(129, 'a'));
    query_v1::FindReuseResponse response;
    expect_too_long(clients.query().FindReuse(Context().get(), request, &response),
                    "FIELD_TOO_LONG", "id");
  }
  clients.ExpectServing();
}

// Case 9: bytes that are not the request message. gRPC 1.51 parses the
// request before any handler runs and answers INTERNAL with a fixed message
// (docs/api.md documents it); the server is unaffected.
TEST(ApiAdversarialTest, MalformedProtobufGetsAnErrorAndTheServerStaysUp) {
  ServerCluster cluster(false);
  ASSERT_TRUE(cluster.Start().ok()) << cluster.Logs();
  Clients clients(cluster);
  grpc::GenericStub stub(clients.query_channel());
  // Field 1, length-delimited, claiming far more bytes than follow.
  const std::string garbage("\x0a\xff\xff\xff\x0f\x01\x02", 7);
  for (const std::string method :
       {"/zhengwen.query.v1.QueryService/Search", "/zhengwen.query.v1.QueryService/ListDocuments",
        "/zhengwen.ingest.v1.IngestService/ListPages",
        "/zhengwen.ingest.v1.IngestService/IngestPage"}) {
    const grpc::Status status = RawUnaryCall(stub, Context().get(), method, garbage);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INTERNAL)
        << method << ": " << status.error_message();
    EXPECT_EQ(status.error_message(), "") << method;
  }
  clients.ExpectServing();
}

// Case 3: seven pages with source URIs near the ingest limit (4 KiB) and large
// documents page through `zw list`, `zw export` and `zw search` under a small
// response budget, every response within it (or a single item).
TEST(ApiAdversarialTest, ResponsesAreCappedByBytesAndPageThroughEverything) {
  constexpr size_t kBudget = 8192;
  ServerCluster cluster(false, {absl::StrCat("--max_response_bytes=", kBudget)});
  ASSERT_TRUE(cluster.Start().ok()) << cluster.Logs();
  Clients clients(cluster);
  std::vector<std::pair<std::string, std::string>> pages;
  for (int i = 0; i < 7; ++i) {
    pages.emplace_back(absl::StrCat("https://long.example/", std::string(3970, 'a' + i), "/", i),
                       SpeechText(i, 60));
  }
  clients.IngestAndWait(pages);

  // Pages `request` to its end (at most 20 responses) with `call(request,
  // &response)`; `ids(response)` lists the response's items. Every response
  // stays within the byte budget (or holds one item), all seven items are
  // seen, and the cap made it take more than one response.
  auto expect_paged_by_bytes = [&](auto request, auto response_type, auto call, auto ids) {
    std::set<std::string> seen;
    int responses = 0;
    request.set_page_size(500);
    do {
      decltype(response_type) response;
      ASSERT_TRUE(call(request, &response).ok());
      const std::vector<std::string> items = ids(response);
      EXPECT_TRUE(items.size() == 1 || response.ByteSizeLong() <= kBudget + 512)
          << response.ByteSizeLong();
      seen.insert(items.begin(), items.end());
      request.set_page_token(response.next_page_token());
      ++responses;
    } while (!request.page_token().empty() && responses < 20);
    EXPECT_EQ(seen.size(), 7u);
    EXPECT_GE(responses, 2);
  };
  expect_paged_by_bytes(
      ingest_v1::ListPagesRequest(), ingest_v1::ListPagesResponse(),
      [&](const auto& request, auto* response) { return clients.ListPages(request, response); },
      [](const ingest_v1::ListPagesResponse& response) {
        std::vector<std::string> ids;
        for (const auto& page : response.pages()) ids.push_back(page.page_id());
        return ids;
      });
  auto document_ids = [](const auto& response) {
    std::vector<std::string> ids;
    for (const auto& doc : response.documents()) ids.push_back(doc.id());
    return ids;
  };
  expect_paged_by_bytes(
      query_v1::ListDocumentsRequest(), query_v1::ListDocumentsResponse(),
      [&](const auto& request, auto* response) { return clients.ListDocuments(request, response); },
      document_ids);
  query_v1::SearchRequest search_request;
  search_request.set_query("安全生产");
  expect_paged_by_bytes(
      search_request, query_v1::SearchResponse(),
      [&](const auto& request, auto* response) { return clients.Search(request, response); },
      [](const query_v1::SearchResponse& response) {
        EXPECT_EQ(response.total_hits(), 7);
        std::vector<std::string> ids;
        for (const auto& hit : response.hits()) ids.push_back(hit.id());
        return ids;
      });
  // Near-duplicates of one page: the other six (their sentences differ only in
  // their numbers), paged by bytes too.
  query_v1::FindSimilarRequest similar_request;
  similar_request.set_text(SpeechText(0, 60));
  similar_request.set_min_similarity(0.05);
  expect_paged_by_bytes(
      similar_request, query_v1::FindSimilarResponse(),
      [&](const auto& request, auto* response) {
        return clients.query().FindSimilar(Context().get(), request, response);
      },
      document_ids);

  // The same through `zw`.
  CommandResult list = cluster.Zw({"list", "--page_size=500"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  EXPECT_EQ(std::vector<std::string>(absl::StrSplit(list.out, '\n', absl::SkipEmpty())).size(), 7u)
      << list.out;
  CommandResult exported = cluster.Zw({"export", "--page_size=500"});
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  EXPECT_EQ(std::vector<std::string>(absl::StrSplit(exported.out, '\n', absl::SkipEmpty())).size(),
            7u);
  CommandResult search = cluster.Zw({"search", "--json", "--limit=100", "安全生产"});
  ASSERT_EQ(search.exit_code, 0) << search.err;
  EXPECT_EQ(std::vector<std::string>(absl::StrSplit(search.out, '\n', absl::SkipEmpty())).size(),
            7u)
      << search.err;
  clients.ExpectServing();
}

}  // namespace
}  // namespace zhengwen::testing
