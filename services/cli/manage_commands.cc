// Operator subcommands of `zw`: delete (take a page down) and renormalize
// (apply the current rules to stored pages). Both need the admin role.
#include <unistd.h>

#include <cstdio>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/grpc/grpc_options.h"
#include "common/grpc/grpc_status.h"
#include "services/cli/cli_common.h"
#include "services/cli/commands.h"
#include "services/cli/progress_bar.h"
#include "zhengwen/ingest/v1/ingest_service.grpc.pb.h"

namespace zhengwen::cli {
namespace {

using zhengwen::ingest::v1::IngestService;

}  // namespace

int RunDelete(const ClientConfig& config, const std::string& id, const std::string& source_uri) {
  if (id.empty() == source_uri.empty()) {
    std::fprintf(stderr, "zw delete: name the page by its id or by --source_uri, not both\n");
    return 2;
  }
  auto channel = ConnectOrReport(config.ingest_server, config.credentials, config.connect_timeout);
  if (channel == nullptr) return 1;
  auto stub = IngestService::NewStub(channel);
  zhengwen::ingest::v1::DeletePageRequest request;
  request.set_page_id(id);
  request.set_source_uri(source_uri);
  zhengwen::ingest::v1::DeletePageResponse response;
  auto context = ContextWithTimeout(config.timeout, config.token);
  grpc::Status status = stub->DeletePage(context.get(), request, &response);
  if (!status.ok()) return FailCall("delete", status);
  std::printf("%s  %s  %s\n", response.page().page_id().c_str(),
              PageStatusName(response.page().status()).c_str(),
              response.page().source_uri().c_str());
  return 0;
}

int RunRenormalize(const ClientConfig& config, const std::string& host,
                   const std::string& rules_version_other_than, bool wait,
                   absl::Duration wait_timeout) {
  auto channel = ConnectOrReport(config.ingest_server, config.credentials, config.connect_timeout);
  if (channel == nullptr) return 1;
  auto stub = IngestService::NewStub(channel);
  zhengwen::ingest::v1::RenormalizeRequest request;
  request.set_host(host);
  request.set_rules_version_other_than(rules_version_other_than);
  zhengwen::ingest::v1::RenormalizeResponse response;
  auto context = ContextWithTimeout(config.timeout, config.token);
  grpc::Status status = stub->Renormalize(context.get(), request, &response);
  if (!status.ok()) return FailCall("renormalize", status);
  const int64_t job_id = response.job().job_id();
  std::printf("started %s\n", DescribeRenormalizeJob(response.job()).c_str());
  if (!wait) return 0;
  ProgressBar bar("renormalizing", 0);
  zhengwen::ingest::v1::RenormalizeJob job = response.job();
  const absl::Time deadline = absl::Now() + wait_timeout;
  while (job.state() != zhengwen::ingest::v1::RENORMALIZE_JOB_STATE_DONE) {
    if (absl::Now() >= deadline) {
      bar.Finish();
      std::fprintf(stderr, "zw renormalize: not done after %s: %s\n",
                   absl::FormatDuration(wait_timeout).c_str(),
                   DescribeRenormalizeJob(job).c_str());
      return 1;
    }
    absl::SleepFor(absl::Milliseconds(200));
    zhengwen::ingest::v1::GetIngestStatsResponse stats;
    auto poll = ContextWithTimeout(config.timeout, config.token);
    grpc::Status polled =
        stub->GetIngestStats(poll.get(), zhengwen::ingest::v1::GetIngestStatsRequest(), &stats);
    if (!polled.ok()) continue;  // a restart or a blip: the job resumes, keep waiting
    if (stats.renormalize().job_id() != job_id) {
      std::fprintf(stderr, "zw renormalize: job %lld was replaced\n",
                   static_cast<long long>(job_id));
      return 1;
    }
    job = stats.renormalize();
    bar.SetTotal(static_cast<int>(job.pages_queued()));
    bar.Update(static_cast<int>(job.pages_done()), job.scan_done() ? "" : "(scanning)");
  }
  bar.Finish();
  std::printf("done %s\n", DescribeRenormalizeJob(job).c_str());
  return job.pages_failed() == 0 ? 0 : 1;
}

}  // namespace zhengwen::cli
