// GrpcServerHost: builds and runs one gRPC server with what every Zhengwen
// server carries: health (liveness/readiness), reflection, metrics
// interceptor, explicit message size limits, keepalive, graceful shutdown.
#ifndef ZHENGWEN_COMMON_GRPC_SERVER_H_
#define ZHENGWEN_COMMON_GRPC_SERVER_H_

#include <memory>
#include <string>
#include <vector>

#include <grpcpp/grpcpp.h>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "common/grpc/metrics.h"

namespace zhengwen {

// Health service names probes ask for (besides "" and each service's full name).
inline constexpr char kLivenessService[] = "liveness";
inline constexpr char kReadinessService[] = "readiness";

struct GrpcServerOptions {
  // HOST:PORT to listen on; port 0 picks a free port.
  std::string listen = "127.0.0.1:0";
  // Largest message accepted or sent, in bytes.
  int max_message_bytes = 64 << 20;
  // Transport credentials; null means plaintext.
  std::shared_ptr<grpc::ServerCredentials> credentials;
};

class GrpcServerHost {
 public:
  explicit GrpcServerHost(Metrics* metrics);
  ~GrpcServerHost();

  // Registers a service before Start(); `full_name` is its proto name for health.
  void AddService(grpc::Service* service, const std::string& full_name);

  // Builds and starts the server. Readiness starts NOT_SERVING; call SetReady.
  absl::Status Start(const GrpcServerOptions& options);

  // The bound port (after Start).
  int port() const { return port_; }

  // A channel to this server that stays inside the process.
  std::shared_ptr<grpc::Channel> InProcessChannel();

  // Marks readiness and every registered service SERVING or NOT_SERVING.
  void SetReady(bool ready);

  // Health to NOT_SERVING, then stops accepting and waits for in-flight calls
  // until `deadline` has passed, cancelling what is left.
  void Shutdown(absl::Duration deadline);

 private:
  Metrics* metrics_;
  std::vector<std::pair<grpc::Service*, std::string>> services_;
  std::unique_ptr<grpc::Server> server_;
  int port_ = 0;
  int max_message_bytes_ = 0;
};

}  // namespace zhengwen

#endif  // ZHENGWEN_COMMON_GRPC_SERVER_H_
