#include "common/grpc/grpc_status.h"

#include <string>

#include "absl/strings/cord.h"
#include "common/error_reason.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace zhengwen {

grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  const auto code = static_cast<grpc::StatusCode>(status.code());
  const std::string message(status.message());
  google::rpc::Status details;
  for (absl::string_view url : {kErrorInfoPayloadUrl, kRetryInfoPayloadUrl}) {
    auto payload = status.GetPayload(url);
    if (!payload.has_value()) continue;
    auto* any = details.add_details();
    any->set_type_url(std::string(url));
    any->set_value(std::string(*payload));
  }
  if (details.details_size() == 0) return grpc::Status(code, message);
  details.set_code(static_cast<int>(status.code()));
  details.set_message(message);
  return grpc::Status(code, message, details.SerializeAsString());
}

absl::Status FromGrpcStatus(const grpc::Status& status) {
  if (status.ok()) return absl::OkStatus();
  absl::Status out(static_cast<absl::StatusCode>(status.error_code()), status.error_message());
  google::rpc::Status details;
  if (!status.error_details().empty() && details.ParseFromString(status.error_details())) {
    for (const auto& any : details.details()) {
      if (any.type_url() == kErrorInfoPayloadUrl || any.type_url() == kRetryInfoPayloadUrl) {
        out.SetPayload(any.type_url(), absl::Cord(any.value()));
      }
    }
  }
  return out;
}

}  // namespace zhengwen
