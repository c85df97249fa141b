// Conversion between absl::Status (used inside) and grpc::Status (used only
// at the gRPC edge), keeping ErrorInfo reasons as google.rpc.Status details.
#ifndef ZHENGWEN_COMMON_GRPC_STATUS_H_
#define ZHENGWEN_COMMON_GRPC_STATUS_H_

#include <grpcpp/support/status.h>

#include "absl/status/status.h"

namespace zhengwen {

// absl -> grpc; an attached ErrorInfo becomes a google.rpc.Status detail.
grpc::Status ToGrpcStatus(const absl::Status& status);

// grpc -> absl; ErrorInfo details come back as the absl payload.
absl::Status FromGrpcStatus(const grpc::Status& status);

}  // namespace zhengwen

#endif  // ZHENGWEN_COMMON_GRPC_STATUS_H_
