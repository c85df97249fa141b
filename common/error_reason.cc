#include "common/error_reason.h"

#include "absl/strings/cord.h"
#include "common/text/utf8.h"
#include "google/rpc/error_details.pb.h"

namespace zhengwen {
namespace {

// Protobuf string fields must hold valid UTF-8, and metadata often echoes
// what a client sent (an encoding name, a content type) byte for byte.
std::string ToValidUtf8(absl::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t pos = 0; pos < text.size();) EncodeUtf8(DecodeUtf8(text, &pos), &out);
  return out;
}

}  // namespace

absl::Status ErrorWithReason(absl::StatusCode code, absl::string_view message,
                             absl::string_view reason,
                             const std::map<std::string, std::string>& metadata) {
  absl::Status status(code, message);
  google::rpc::ErrorInfo info;
  info.set_reason(std::string(reason));
  info.set_domain(std::string(kErrorDomain));
  for (const auto& [key, value] : metadata) {
    (*info.mutable_metadata())[ToValidUtf8(key)] = ToValidUtf8(value);
  }
  status.SetPayload(kErrorInfoPayloadUrl, absl::Cord(info.SerializeAsString()));
  return status;
}

namespace {

std::optional<google::rpc::ErrorInfo> ErrorInfoOf(const absl::Status& status) {
  auto payload = status.GetPayload(kErrorInfoPayloadUrl);
  if (!payload.has_value()) return std::nullopt;
  google::rpc::ErrorInfo info;
  if (!info.ParseFromString(std::string(*payload))) return std::nullopt;
  return info;
}

}  // namespace

std::string ErrorReason(const absl::Status& status) {
  auto info = ErrorInfoOf(status);
  return info.has_value() ? info->reason() : "";
}

std::map<std::string, std::string> ErrorMetadata(const absl::Status& status) {
  auto info = ErrorInfoOf(status);
  if (!info.has_value()) return {};
  return std::map<std::string, std::string>(info->metadata().begin(), info->metadata().end());
}

absl::Status WithRetryDelay(absl::Status status, absl::Duration delay) {
  google::rpc::RetryInfo info;
  const int64_t nanos = absl::ToInt64Nanoseconds(delay);
  info.mutable_retry_delay()->set_seconds(nanos / 1000000000);
  info.mutable_retry_delay()->set_nanos(static_cast<int32_t>(nanos % 1000000000));
  status.SetPayload(kRetryInfoPayloadUrl, absl::Cord(info.SerializeAsString()));
  return status;
}

std::optional<absl::Duration> RetryDelay(const absl::Status& status) {
  auto payload = status.GetPayload(kRetryInfoPayloadUrl);
  if (!payload.has_value()) return std::nullopt;
  google::rpc::RetryInfo info;
  if (!info.ParseFromString(std::string(*payload))) return std::nullopt;
  return absl::Seconds(info.retry_delay().seconds()) +
         absl::Nanoseconds(info.retry_delay().nanos());
}

}  // namespace zhengwen
