// ServerApp: assembles one `zhengwen serve` process from the flags: which
// services it hosts, their storage, the dispatcher, metrics, and shutdown.
#ifndef ZHENGWEN_SERVICES_SERVER_SERVER_APP_H_
#define ZHENGWEN_SERVICES_SERVER_SERVER_APP_H_

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "common/grpc/access_control.h"
#include "common/grpc/grpc_server.h"
#include "common/grpc/metrics.h"
#include "common/grpc/tls_credentials.h"
#include "common/pagination/page_token.h"
#include "common/storage.h"
#include "services/ingest/dispatcher.h"
#include "services/ingest/grpc/ingest_grpc.h"
#include "services/ingest/ingest_core.h"
#include "services/normalization/grpc/normalization_grpc.h"
#include "services/normalization/normalizer.h"
#include "services/query/document_store.h"
#include "services/query/grpc/query_grpc.h"

namespace zhengwen {

struct ServerConfig {
  std::string target = "all";
  std::string listen = "127.0.0.1:7070";
  std::string data_dir = "./data";
  std::string normalization_addr;
  std::string query_addr;
  std::string metrics_listen;
  std::string port_file;
  absl::Duration drain_timeout = absl::Seconds(10);
  absl::Duration rpc_timeout = absl::Seconds(10);
  int max_message_bytes = 64 << 20;
  // Byte budget of a list/search response; capped at max_message_bytes / 2.
  int64_t max_response_bytes = 3 << 20;
  // Page token key file ("": <data_dir>/page_token.key, generated).
  std::string page_token_key_file;
  ingest::IngestOptions ingest;
  int dispatch_workers = 4;
  int max_page_attempts = 5;
  std::string opencc_config = "t2s.json";
  std::string rules_file;
  bool replace_default_rules = false;
  std::string html_model_file;
  // Line classifier model replacing the built-in one ("" = built-in).
  std::string line_model_file;
  // Security (see docs/security.md).
  TlsFiles tls;
  std::string token_file;
  std::string service_token_file;
  bool insecure = false;
  // Plaintext port with only the health service ("" for none).
  std::string health_listen;
  // Disk-space guard of every database this process opens.
  DiskLimits disk;
};

class ServerApp {
 public:
  explicit ServerApp(ServerConfig config);
  ~ServerApp();

  // Opens storage, starts the gRPC server and the dispatcher.
  absl::Status Start();
  // Not ready, stop dispatching, drain calls until the deadline, close storage.
  absl::Status Shutdown();

  int port() const { return host_.port(); }
  int health_port() const { return health_host_.port(); }

 private:
  bool Hosts(const std::string& service) const;
  // Refuses unsafe listening setups and builds the access control.
  absl::Status SetUpSecurity();
  // Sets the ingest gauges from IngestCore::Stats(); runs at every scrape.
  void UpdateGauges();

  ServerConfig config_;
  Metrics metrics_;
  std::unique_ptr<AccessControl> access_;
  std::unique_ptr<PageTokenCodec> page_tokens_;
  GrpcServerHost host_{&metrics_};
  // Health only, plaintext: probes that cannot do TLS ask here.
  GrpcServerHost health_host_{nullptr};
  std::unique_ptr<normalization::Normalizer> normalizer_;
  std::unique_ptr<normalization::NormalizationGrpcService> normalization_service_;
  std::unique_ptr<query::DocumentStore> documents_;
  std::unique_ptr<query::QueryGrpcService> query_service_;
  std::unique_ptr<ingest::IngestCore> ingest_;
  std::unique_ptr<ingest::IngestGrpcService> ingest_service_;
  std::unique_ptr<ingest::PageProcessor> processor_;
  std::unique_ptr<ingest::Dispatcher> dispatcher_;
};

}  // namespace zhengwen

#endif  // ZHENGWEN_SERVICES_SERVER_SERVER_APP_H_
