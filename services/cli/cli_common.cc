#include "services/cli/cli_common.h"

#include <google/protobuf/util/json_util.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/error_reason.h"
#include "common/grpc/grpc_options.h"
#include "common/grpc/grpc_status.h"
#include "grpc/health/v1/health.grpc.pb.h"

namespace zhengwen::cli {

namespace fs = std::filesystem;

std::string ToJsonLine(const google::protobuf::Message& message) {
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  options.always_print_primitive_fields = true;
  std::string out;
  auto status = google::protobuf::util::MessageToJsonString(message, &out, options);
  if (!status.ok()) return absl::StrCat("{\"error\":\"", status.ToString(), "\"}");
  return out;
}

std::string DescribeError(const absl::Status& status) {
  std::string out = absl::StrCat(absl::StatusCodeToString(status.code()), ": ", status.message());
  const std::string reason = ErrorReason(status);
  if (!reason.empty()) absl::StrAppend(&out, " [", reason, "]");
  return out;
}

std::shared_ptr<grpc::Channel> ConnectOrReport(
    const std::string& address, const std::shared_ptr<grpc::ChannelCredentials>& credentials,
    absl::Duration connect_timeout) {
  std::shared_ptr<grpc::Channel> channel = NewClientChannel(address, credentials);
  if (channel->WaitForConnected(absl::ToChronoTime(absl::Now() + connect_timeout))) return channel;
  // Why: gRPC tells a call that does not wait for the connection its last
  // connection error (refused, unresolvable, TLS handshake, ...).
  auto stub = grpc::health::v1::Health::NewStub(channel);
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(1)));
  grpc::health::v1::HealthCheckResponse response;
  const grpc::Status probe =
      stub->Check(&context, grpc::health::v1::HealthCheckRequest(), &response);
  // Connected just now after all (or the server answered): go on.
  if (probe.error_code() != grpc::StatusCode::UNAVAILABLE &&
      probe.error_code() != grpc::StatusCode::DEADLINE_EXCEEDED) {
    return channel;
  }
  const std::string why =
      probe.error_code() == grpc::StatusCode::UNAVAILABLE && !probe.error_message().empty()
          ? probe.error_message()
          : "no connection was established";
  std::fprintf(stderr, "zw: cannot connect to %s within %s: %s\n", address.c_str(),
               absl::FormatDuration(connect_timeout).c_str(), why.c_str());
  return nullptr;
}

namespace {

std::string ContentTypeFor(const fs::path& path) {
  const std::string ext = absl::AsciiStrToLower(path.extension().string());
  if (ext == ".html" || ext == ".htm" || ext == ".xhtml") return "text/html";
  if (ext == ".txt" || ext == ".text") return "text/plain";
  return "";  // let the service detect it
}

}  // namespace

absl::StatusOr<std::vector<InputFile>> CollectFiles(const std::vector<std::string>& paths) {
  std::vector<InputFile> files;
  for (const std::string& path : paths) {
    std::error_code ec;
    const fs::file_status status = fs::status(path, ec);
    if (ec || !fs::exists(status)) return absl::NotFoundError(absl::StrCat("no such file: ", path));
    if (fs::is_directory(status)) {
      std::vector<std::string> found;
      for (auto it = fs::recursive_directory_iterator(path, ec);
           !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (it->is_regular_file()) found.push_back(it->path().string());
      }
      if (ec) return absl::UnavailableError(absl::StrCat("cannot read ", path, ": ", ec.message()));
      std::sort(found.begin(), found.end());
      for (auto& f : found) files.push_back(InputFile{f, ContentTypeFor(f)});
    } else {
      files.push_back(InputFile{path, ContentTypeFor(path)});
    }
  }
  return files;
}

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot open ", path));
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) return absl::DataLossError(absl::StrCat("cannot read ", path));
  return buffer.str();
}

std::string PageStatusName(zhengwen::ingest::v1::PageStatus status) {
  return std::string(
      absl::StripPrefix(zhengwen::ingest::v1::PageStatus_Name(status), "PAGE_STATUS_"));
}

std::string DescribeRenormalizeJob(const zhengwen::ingest::v1::RenormalizeJob& job) {
  const std::string state(absl::StripPrefix(
      zhengwen::ingest::v1::RenormalizeJobState_Name(job.state()), "RENORMALIZE_JOB_STATE_"));
  std::string filters;
  if (!job.host().empty()) absl::StrAppend(&filters, " host=", job.host());
  if (!job.rules_version_other_than().empty()) {
    absl::StrAppend(&filters, " rules_version!=", job.rules_version_other_than());
  }
  return absl::StrCat("job ", job.job_id(), " ", state, filters, ": ", job.pages_done(), " of ",
                      job.pages_queued(), job.scan_done() ? "" : "+", " pages re-normalized (",
                      job.pages_failed(), " failed), ", job.pages_scanned(), " scanned");
}

int FailCall(absl::string_view command, const grpc::Status& status) {
  std::fprintf(stderr, "zw %s: %s\n", std::string(command).c_str(),
               DescribeError(FromGrpcStatus(status)).c_str());
  return 1;
}

}  // namespace zhengwen::cli
