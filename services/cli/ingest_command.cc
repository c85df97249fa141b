// `zw ingest [--wait] [--source_uri=U --content_type=T --encoding=E] PATH...`:
// sends files (or stdin, `-`) to the ingest service; exits 0 only when every
// page was acknowledged (and, with --wait, indexed).
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/error_reason.h"
#include "common/grpc/grpc_options.h"
#include "common/grpc/grpc_status.h"
#include "common/text/hashing.h"
#include "services/cli/cli_common.h"
#include "services/cli/commands.h"
#include "services/cli/progress_bar.h"
#include "zhengwen/ingest/v1/ingest_service.grpc.pb.h"

namespace zhengwen::cli {
namespace {

using zhengwen::ingest::v1::IngestService;

// Codes worth retrying: the server is away, busy, or its queue is full.
bool Retryable(const absl::Status& status) {
  return status.code() == absl::StatusCode::kUnavailable ||
         status.code() == absl::StatusCode::kResourceExhausted ||
         status.code() == absl::StatusCode::kDeadlineExceeded ||
         status.code() == absl::StatusCode::kAborted;
}

absl::StatusOr<zhengwen::ingest::v1::IngestPageResponse> SendWithRetry(
    IngestService::Stub* stub, const zhengwen::ingest::v1::IngestPageRequest& request,
    const ClientConfig& config) {
  absl::Duration backoff = absl::Milliseconds(200);
  const absl::Time give_up = absl::Now() + absl::Minutes(2);
  while (true) {
    zhengwen::ingest::v1::IngestPageResponse response;
    auto context = ContextWithTimeout(config.timeout, config.token);
    absl::Status status = FromGrpcStatus(stub->IngestPage(context.get(), request, &response));
    if (status.ok()) return response;
    if (!Retryable(status) || absl::Now() + backoff > give_up) return status;
    // The server's RetryInfo, when it sends one, says how long to wait.
    absl::SleepFor(RetryDelay(status).value_or(backoff));
    backoff = std::min(backoff * 2, absl::Seconds(5));
  }
}

struct WaitOutcome {
  int failed_or_pending = 0;  // FAILED, or not final before the timeout
  int no_content = 0;         // normalized to no document
};

// Polls until every page is INDEXED, NO_CONTENT or FAILED, naming each page
// that did not become INDEXED.
WaitOutcome WaitForIndexed(IngestService::Stub* stub,
                           const std::map<std::string, std::string>& pages,
                           const ClientConfig& config, absl::Duration wait_timeout) {
  ProgressBar bar("indexing ", static_cast<int>(pages.size()));
  std::map<std::string, zhengwen::ingest::v1::PageStatus> final_status;
  const absl::Time deadline = absl::Now() + wait_timeout;
  while (final_status.size() < pages.size() && absl::Now() < deadline) {
    for (const auto& [page_id, path] : pages) {
      if (final_status.count(page_id)) continue;
      zhengwen::ingest::v1::GetPageRequest request;
      request.set_page_id(page_id);
      zhengwen::ingest::v1::GetPageResponse response;
      auto context = ContextWithTimeout(config.timeout, config.token);
      grpc::Status status = stub->GetPage(context.get(), request, &response);
      if (!status.ok()) continue;
      const auto page_status = response.page().status();
      if (page_status == zhengwen::ingest::v1::PAGE_STATUS_INDEXED) {
        final_status[page_id] = page_status;
      } else if (page_status == zhengwen::ingest::v1::PAGE_STATUS_FAILED) {
        final_status[page_id] = page_status;
        bar.Message(absl::StrCat(path, ": FAILED: ", response.page().failure_reason()));
      } else if (page_status == zhengwen::ingest::v1::PAGE_STATUS_NO_CONTENT) {
        final_status[page_id] = page_status;
        bar.Message(absl::StrCat(path, ": NO_CONTENT: normalized to no document (page ", page_id,
                                 "; zw normalize --explain shows why)"));
      }
    }
    bar.Update(static_cast<int>(final_status.size()));
    if (final_status.size() < pages.size()) absl::SleepFor(absl::Milliseconds(100));
  }
  bar.Finish();
  WaitOutcome outcome;
  for (const auto& [page_id, path] : pages) {
    auto it = final_status.find(page_id);
    if (it == final_status.end()) {
      ++outcome.failed_or_pending;
      std::fprintf(stderr, "%s: not indexed after %s (page %s)\n", path.c_str(),
                   absl::FormatDuration(wait_timeout).c_str(), page_id.c_str());
    } else if (it->second == zhengwen::ingest::v1::PAGE_STATUS_NO_CONTENT) {
      ++outcome.no_content;
    } else if (it->second != zhengwen::ingest::v1::PAGE_STATUS_INDEXED) {
      ++outcome.failed_or_pending;
    }
  }
  return outcome;
}

// The page on stdin, up to a bound past any server's page limit.
absl::StatusOr<std::string> ReadStdin() {
  constexpr size_t kMaxStdinBytes = size_t{256} << 20;
  std::string content;
  char buffer[1 << 16];
  while (std::cin.read(buffer, sizeof(buffer)) || std::cin.gcount() > 0) {
    content.append(buffer, static_cast<size_t>(std::cin.gcount()));
    if (content.size() > kMaxStdinBytes) {
      return absl::InvalidArgumentError("stdin holds more than 256 MiB");
    }
  }
  return content;
}

}  // namespace

int RunIngest(const ClientConfig& config, const std::vector<std::string>& paths,
              const IngestOverrides& overrides, bool wait, absl::Duration wait_timeout) {
  if (paths.empty()) {
    std::fprintf(stderr, "zw ingest: name at least one file or directory (or - for stdin)\n");
    return 2;
  }
  const bool from_stdin = paths.size() == 1 && paths[0] == "-";
  if (!overrides.source_uri.empty() && (paths.size() != 1 || !(from_stdin ||
                                                               std::filesystem::is_regular_file(paths[0])))) {
    std::fprintf(stderr, "zw ingest: --source_uri names one page: give one file or -\n");
    return 2;
  }
  if (from_stdin && overrides.source_uri.empty()) {
    std::fprintf(stderr, "zw ingest: stdin (-) needs --source_uri\n");
    return 2;
  }
  absl::StatusOr<std::vector<InputFile>> files =
      from_stdin ? std::vector<InputFile>{InputFile{"-", ""}} : CollectFiles(paths);
  if (!files.ok()) {
    std::fprintf(stderr, "zw ingest: %s\n", files.status().ToString().c_str());
    return 2;
  }
  // Request ids differ per run: re-sending bytes a page had before makes them
  // its current version again, while a retry inside the run stays idempotent
  // (and bytes equal to the current version make no new version anyway).
  const std::string run = absl::StrCat(absl::ToUnixNanos(absl::Now()), "-", getpid());
  auto channel = ConnectOrReport(config.ingest_server, config.credentials, config.connect_timeout);
  if (channel == nullptr) return 1;
  auto stub = IngestService::NewStub(channel);
  ProgressBar bar("ingesting", static_cast<int>(files->size()));
  std::map<std::string, std::string> acknowledged;  // page_id -> path
  int acked = 0;
  int failed = 0;
  int already = 0;
  int done = 0;
  for (const InputFile& file : *files) {
    auto content = file.path == "-" ? ReadStdin() : ReadFile(file.path);
    absl::Status error = content.status();
    if (content.ok()) {
      zhengwen::ingest::v1::IngestPageRequest request;
      const std::string source_uri =
          overrides.source_uri.empty() ? file.path : overrides.source_uri;
      request.set_request_id(Hash128Hex(absl::StrCat(run, "\n", source_uri, "\n", *content)));
      request.set_source_uri(source_uri);
      request.set_content(*content);
      request.set_content_type(overrides.content_type.empty() ? file.content_type
                                                              : overrides.content_type);
      request.set_declared_encoding(overrides.encoding);
      auto response = SendWithRetry(stub.get(), request, config);
      error = response.status();
      if (response.ok()) {
        acknowledged[response->page_id()] = source_uri;
        ++acked;
        if (response->already_present()) ++already;
        if (!isatty(STDERR_FILENO)) {
          std::fprintf(stderr, "%s: %s v%lld %s%s\n", source_uri.c_str(),
                       response->page_id().c_str(), static_cast<long long>(response->version()),
                       PageStatusName(response->status()).c_str(),
                       response->already_present() ? " (already present)" : "");
        }
      }
    }
    if (!error.ok()) {
      ++failed;
      bar.Message(absl::StrCat(file.path, ": ", DescribeError(error)));
    }
    bar.Update(++done);
  }
  bar.Finish();
  std::fprintf(stderr, "acknowledged %d of %zu files (%d already present), %d refused\n", acked,
               files->size(), already, failed);
  if (failed > 0) return 1;
  if (!wait) return 0;
  const WaitOutcome outcome = WaitForIndexed(stub.get(), acknowledged, config, wait_timeout);
  std::fprintf(stderr, "indexed %zu of %zu pages, %d with no content, %d failed or pending\n",
               acknowledged.size() - outcome.failed_or_pending - outcome.no_content,
               acknowledged.size(), outcome.no_content, outcome.failed_or_pending);
  // A page with no content was processed as asked: it is reported, not an error.
  return outcome.failed_or_pending == 0 ? 0 : 1;
}

}  // namespace zhengwen::cli
