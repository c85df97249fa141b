// Machine-readable error reasons (google.rpc.ErrorInfo) carried on absl::Status.
// Logic attaches a reason with WithReason(); the gRPC edge turns it into
// status details a client can act on (see grpc_status.h).
#ifndef ZHENGWEN_COMMON_ERROR_REASON_H_
#define ZHENGWEN_COMMON_ERROR_REASON_H_

#include <map>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace zhengwen {

// Domain of every ErrorInfo this project emits.
inline constexpr absl::string_view kErrorDomain = "zhengwen.dev";
// Payload URL under which an absl::Status carries a serialized ErrorInfo.
inline constexpr absl::string_view kErrorInfoPayloadUrl =
    "type.googleapis.com/google.rpc.ErrorInfo";

// Payload URL under which an absl::Status carries a serialized RetryInfo.
inline constexpr absl::string_view kRetryInfoPayloadUrl =
    "type.googleapis.com/google.rpc.RetryInfo";

// Returns a status with `code`, `message` and an ErrorInfo `reason` (UPPER_SNAKE_CASE).
absl::Status ErrorWithReason(absl::StatusCode code, absl::string_view message,
                             absl::string_view reason,
                             const std::map<std::string, std::string>& metadata = {});

// The ErrorInfo reason carried by `status`, or "" when it has none.
std::string ErrorReason(const absl::Status& status);

// The ErrorInfo metadata carried by `status` (empty when it has none).
std::map<std::string, std::string> ErrorMetadata(const absl::Status& status);

// Adds a google.rpc.RetryInfo telling the client how long to wait before retrying.
absl::Status WithRetryDelay(absl::Status status, absl::Duration delay);

// The RetryInfo delay carried by `status`, or nullopt.
std::optional<absl::Duration> RetryDelay(const absl::Status& status);

}  // namespace zhengwen

#endif  // ZHENGWEN_COMMON_ERROR_REASON_H_
