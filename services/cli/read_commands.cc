// Read-side subcommands of `zw`: get, list, export, status, health.
#include <cstdio>
#include <tuple>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/time/time.h"
#include "common/grpc/grpc_options.h"
#include "common/grpc/grpc_status.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "services/cli/cli_common.h"
#include "services/cli/commands.h"
#include "zhengwen/ingest/v1/ingest_service.grpc.pb.h"
#include "zhengwen/query/v1/query_service.grpc.pb.h"

namespace zhengwen::cli {
int RunGet(const ClientConfig& config, const std::string& id, const std::string& source_uri,
           bool history) {
  // Document ids are "<page_id>-<part>"; a bare page id asks ingest for the page.
  if (source_uri.empty() && id.find('-') != std::string::npos) {
    auto channel = ConnectOrReport(config.query_server, config.credentials, config.connect_timeout);
    if (channel == nullptr) return 1;
    auto stub = zhengwen::query::v1::QueryService::NewStub(channel);
    zhengwen::query::v1::GetDocumentRequest request;
    request.set_id(id);
    zhengwen::query::v1::GetDocumentResponse response;
    auto context = ContextWithTimeout(config.timeout, config.token);
    grpc::Status status = stub->GetDocument(context.get(), request, &response);
    if (!status.ok()) return FailCall("get", status);
    std::printf("%s\n", ToJsonLine(response.document()).c_str());
    return 0;
  }
  auto channel = ConnectOrReport(config.ingest_server, config.credentials, config.connect_timeout);
  if (channel == nullptr) return 1;
  auto stub = zhengwen::ingest::v1::IngestService::NewStub(channel);
  zhengwen::ingest::v1::GetPageRequest request;
  request.set_page_id(id);
  request.set_source_uri(source_uri);
  request.set_include_history(history);
  zhengwen::ingest::v1::GetPageResponse response;
  auto context = ContextWithTimeout(config.timeout, config.token);
  grpc::Status status = stub->GetPage(context.get(), request, &response);
  if (!status.ok()) return FailCall("get", status);
  std::printf("%s\n", ToJsonLine(response.page()).c_str());
  // One line per version, oldest first, the current one marked.
  for (const auto& version : response.versions()) {
    std::printf("  v%lld%s  %s  %lld bytes  %s  accepted_at_ms=%lld%s\n",
                static_cast<long long>(version.version()),
                version.version() == response.page().version() ? "*" : " ",
                version.content_hash().c_str(), static_cast<long long>(version.size_bytes()),
                version.content_type().c_str(), static_cast<long long>(version.accepted_at_ms()),
                version.bytes_stored() ? "" : "  (bytes dropped by retention)");
  }
  return 0;
}

namespace {

// RFC 3339 or YYYY-MM-DD (UTC) -> ms since the epoch.
bool ParseWhen(const std::string& text, int64_t* ms) {
  absl::Time time;
  std::string error;
  if (absl::ParseTime(absl::RFC3339_full, text, &time, &error) ||
      absl::ParseTime("%Y-%m-%d", text, absl::UTCTimeZone(), &time, &error)) {
    *ms = absl::ToUnixMillis(time);
    return true;
  }
  return false;
}

}  // namespace

int RunList(const ClientConfig& config, int page_size, const ListFilter& list_filter) {
  zhengwen::ingest::v1::ListPagesRequest base;
  zhengwen::ingest::v1::PageStatus filter = zhengwen::ingest::v1::PAGE_STATUS_UNSPECIFIED;
  if (!list_filter.status.empty() &&
      !zhengwen::ingest::v1::PageStatus_Parse(
          absl::StrCat("PAGE_STATUS_", absl::AsciiStrToUpper(list_filter.status)), &filter)) {
    std::fprintf(stderr, "zw list: unknown status '%s'\n", list_filter.status.c_str());
    return 2;
  }
  base.set_status(filter);
  base.set_host(list_filter.host);
  for (const auto& [name, text, setter] :
       {std::tuple<const char*, const std::string*, void (zhengwen::ingest::v1::ListPagesRequest::*)(int64_t)>{
            "since", &list_filter.since, &zhengwen::ingest::v1::ListPagesRequest::set_since_ms},
        {"until", &list_filter.until, &zhengwen::ingest::v1::ListPagesRequest::set_until_ms}}) {
    if (text->empty()) continue;
    int64_t ms = 0;
    if (!ParseWhen(*text, &ms)) {
      std::fprintf(stderr, "zw list: --%s=%s is not RFC 3339 or YYYY-MM-DD\n", name,
                   text->c_str());
      return 2;
    }
    (base.*setter)(ms);
  }
  auto channel = ConnectOrReport(config.ingest_server, config.credentials, config.connect_timeout);
  if (channel == nullptr) return 1;
  auto stub = zhengwen::ingest::v1::IngestService::NewStub(channel);
  std::string token;
  do {
    zhengwen::ingest::v1::ListPagesRequest request = base;
    request.set_page_size(page_size);
    request.set_page_token(token);
    zhengwen::ingest::v1::ListPagesResponse response;
    auto context = ContextWithTimeout(config.timeout, config.token);
    grpc::Status status = stub->ListPages(context.get(), request, &response);
    if (!status.ok()) return FailCall("list", status);
    for (const auto& page : response.pages()) {
      // A failed page says why; one still being retried says what its last attempt met.
      std::string why;
      if (!page.failure_reason().empty()) {
        why = absl::StrCat("  (", page.failure_reason(), ")");
      } else if (!page.last_error().empty()) {
        why = absl::StrCat("  (attempt ", page.attempts(), ", last error: ", page.last_error(), ")");
      }
      std::printf("%s  %-10s  v%lld  docs=%d  %s%s\n", page.page_id().c_str(),
                  PageStatusName(page.status()).c_str(), static_cast<long long>(page.version()),
                  page.document_count(), page.source_uri().c_str(), why.c_str());
    }
    token = response.next_page_token();
  } while (!token.empty());
  return 0;
}

int RunExport(const ClientConfig& config, int page_size) {
  auto channel = ConnectOrReport(config.query_server, config.credentials, config.connect_timeout);
  if (channel == nullptr) return 1;
  auto stub = zhengwen::query::v1::QueryService::NewStub(channel);
  std::string token;
  int64_t count = 0;
  do {
    zhengwen::query::v1::ListDocumentsRequest request;
    request.set_page_size(page_size);
    request.set_page_token(token);
    zhengwen::query::v1::ListDocumentsResponse response;
    auto context = ContextWithTimeout(config.timeout, config.token);
    grpc::Status status = stub->ListDocuments(context.get(), request, &response);
    if (!status.ok()) return FailCall("export", status);
    for (const auto& doc : response.documents()) {
      std::printf("%s\n", ToJsonLine(doc).c_str());
      ++count;
    }
    token = response.next_page_token();
  } while (!token.empty());
  std::fflush(stdout);
  std::fprintf(stderr, "exported %lld documents\n", static_cast<long long>(count));
  return 0;
}

int RunStatus(const ClientConfig& config) {
  auto channel = ConnectOrReport(config.ingest_server, config.credentials, config.connect_timeout);
  if (channel == nullptr) return 1;
  auto stub = zhengwen::ingest::v1::IngestService::NewStub(channel);
  zhengwen::ingest::v1::GetIngestStatsResponse response;
  auto context = ContextWithTimeout(config.timeout, config.token);
  grpc::Status status =
      stub->GetIngestStats(context.get(), zhengwen::ingest::v1::GetIngestStatsRequest(), &response);
  if (!status.ok()) return FailCall("status", status);
  std::printf(
      "accepted %lld  normalized %lld  indexed %lld  no_content %lld  failed %lld  deleting %lld  "
      "deleted %lld  outbox %lld\n",
      static_cast<long long>(response.accepted()), static_cast<long long>(response.normalized()),
      static_cast<long long>(response.indexed()), static_cast<long long>(response.no_content()),
      static_cast<long long>(response.failed()), static_cast<long long>(response.deleting()),
      static_cast<long long>(response.deleted()), static_cast<long long>(response.outbox_depth()));
  if (response.has_renormalize()) {
    std::printf("renormalize %s\n", DescribeRenormalizeJob(response.renormalize()).c_str());
  }
  return 0;
}

int RunHealth(const ClientConfig& config) {
  int unhealthy = 0;
  for (const std::string& server : {config.ingest_server, config.query_server}) {
    auto channel = ConnectOrReport(server, config.credentials, config.connect_timeout);
    if (channel == nullptr) return 1;
    auto stub = grpc::health::v1::Health::NewStub(channel);
    for (const char* service : {"liveness", "readiness"}) {
      grpc::health::v1::HealthCheckRequest request;
      request.set_service(service);
      grpc::health::v1::HealthCheckResponse response;
      auto context = ContextWithTimeout(config.timeout, config.token);
      grpc::Status status = stub->Check(context.get(), request, &response);
      const bool serving =
          status.ok() && response.status() == grpc::health::v1::HealthCheckResponse::SERVING;
      std::printf(
          "%s %s: %s\n", server.c_str(), service,
          status.ok()
              ? grpc::health::v1::HealthCheckResponse::ServingStatus_Name(response.status()).c_str()
              : DescribeError(FromGrpcStatus(status)).c_str());
      if (!serving) ++unhealthy;
    }
    if (config.query_server == config.ingest_server) break;
  }
  return unhealthy == 0 ? 0 : 1;
}

}  // namespace zhengwen::cli
