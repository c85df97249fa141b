#include "services/cli/cli_common.h"

#include <google/protobuf/util/json_util.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/error_reason.h"

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

}  // namespace zhengwen::cli
