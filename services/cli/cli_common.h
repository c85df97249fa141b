// Shared pieces of the `zw` command-line client: output, errors, files.
#ifndef ZHENGWEN_SERVICES_CLI_CLI_COMMON_H_
#define ZHENGWEN_SERVICES_CLI_CLI_COMMON_H_

#include <string>
#include <vector>

#include <google/protobuf/message.h>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace zhengwen::cli {

// Proto3 JSON on one line, snake_case field names, defaults included.
std::string ToJsonLine(const google::protobuf::Message& message);

// "CODE: message [REASON]" for a failed call.
std::string DescribeError(const absl::Status& status);

struct InputFile {
  std::string path;  // as the user named it (directories joined with relative paths)
  std::string content_type;
};

// Files named by `paths`; directories are walked recursively, in name order.
absl::StatusOr<std::vector<InputFile>> CollectFiles(const std::vector<std::string>& paths);

// Reads a whole file.
absl::StatusOr<std::string> ReadFile(const std::string& path);

}  // namespace zhengwen::cli

#endif  // ZHENGWEN_SERVICES_CLI_CLI_COMMON_H_
