// Channel and server settings shared by every Zhengwen client and server, so
// keepalive and message limits match on both sides of each connection.
#ifndef ZHENGWEN_COMMON_GRPC_OPTIONS_H_
#define ZHENGWEN_COMMON_GRPC_OPTIONS_H_

#include <memory>
#include <string>

#include <grpcpp/grpcpp.h>

#include "absl/time/time.h"

namespace zhengwen {

// Largest message a client sends or accepts (documents of a big page fit).
inline constexpr int kClientMaxMessageBytes = 64 << 20;

// Server side: accept the clients' keepalive pings.
void ApplyServerKeepalive(grpc::ServerBuilder& builder);

// A channel to `target` ("host:port" or "dns:///name:port") with round-robin
// balancing, keepalive and message limits; plaintext unless `credentials`.
std::shared_ptr<grpc::Channel> NewClientChannel(
    const std::string& target, std::shared_ptr<grpc::ChannelCredentials> credentials = nullptr);

// A client context whose deadline is `timeout` from now, carrying
// "authorization: Bearer <token>" when `token` is not empty.
std::unique_ptr<grpc::ClientContext> ContextWithTimeout(absl::Duration timeout,
                                                        const std::string& token = "");

}  // namespace zhengwen

#endif  // ZHENGWEN_COMMON_GRPC_OPTIONS_H_
