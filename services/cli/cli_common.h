// Shared pieces of the `zw` command-line client: output, errors, files.
#ifndef ZHENGWEN_SERVICES_CLI_CLI_COMMON_H_
#define ZHENGWEN_SERVICES_CLI_CLI_COMMON_H_

#include <google/protobuf/message.h>
#include <grpcpp/grpcpp.h>

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "zhengwen/ingest/v1/ingest_service.pb.h"

namespace zhengwen::cli {

// Proto3 JSON on one line, snake_case field names, defaults included.
std::string ToJsonLine(const google::protobuf::Message& message);

// "CODE: message [REASON]" for a failed call.
std::string DescribeError(const absl::Status& status);

// A channel to `address` whose first connection is up, or nullptr after
// printing one line, "zw: cannot connect to ADDRESS within T: <why>", on
// stderr: a server that is down or unreachable fails a command in
// `connect_timeout`, not after a call's retries. Once connected, calls keep
// their own deadlines and retries.
std::shared_ptr<grpc::Channel> ConnectOrReport(
    const std::string& address, const std::shared_ptr<grpc::ChannelCredentials>& credentials,
    absl::Duration connect_timeout);

struct InputFile {
  std::string path;  // as the user named it (directories joined with relative paths)
  std::string content_type;
};

// Files named by `paths`; directories are walked recursively, in name order.
absl::StatusOr<std::vector<InputFile>> CollectFiles(const std::vector<std::string>& paths);

// Prints "zw COMMAND: CODE: message [REASON]" on stderr for a failed call; returns 1.
int FailCall(absl::string_view command, const grpc::Status& status);

// "INDEXED" for PAGE_STATUS_INDEXED.
std::string PageStatusName(zhengwen::ingest::v1::PageStatus status);

// "job 3 RUNNING: 40 of 120 pages re-normalized (2 failed), 300 scanned" (one line).
std::string DescribeRenormalizeJob(const zhengwen::ingest::v1::RenormalizeJob& job);

// Reads a whole file.
absl::StatusOr<std::string> ReadFile(const std::string& path);

}  // namespace zhengwen::cli

#endif  // ZHENGWEN_SERVICES_CLI_CLI_COMMON_H_
