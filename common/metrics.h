// Prometheus metrics for one server process: per-method request counts and
// latencies (recorded by a gRPC interceptor), plus gauges services set.
#ifndef ZHENGWEN_COMMON_METRICS_H_
#define ZHENGWEN_COMMON_METRICS_H_

#include <memory>
#include <map>
#include <mutex>
#include <string>

#include <grpcpp/support/server_interceptor.h>
#include <prometheus/counter.h>
#include <prometheus/exposer.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include "absl/status/statusor.h"

namespace zhengwen {

class Metrics {
 public:
  Metrics();

  // Serves /metrics over HTTP on `listen` (HOST:PORT; port 0 picks one), over
  // HTTPS when `tls_cert_file` and `tls_key_file` are given. Returns the bound port.
  absl::StatusOr<int> StartExposer(const std::string& listen,
                                   const std::string& tls_cert_file = "",
                                   const std::string& tls_key_file = "");
  ~Metrics();

  // Records one finished RPC.
  void ObserveRpc(const std::string& method, const std::string& code, double seconds);

  // A gauge `zhengwen_<name>` with one label set.
  prometheus::Gauge& Gauge(const std::string& name, const std::string& help,
                           const std::map<std::string, std::string>& labels = {});

  // Interceptor factory recording every RPC of a server into this registry.
  std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface> NewInterceptorFactory();

  prometheus::Registry& registry() { return *registry_; }

 private:
  std::shared_ptr<prometheus::Registry> registry_;
  std::unique_ptr<prometheus::Exposer> exposer_;
  std::string combined_pem_path_;  // key + chain for the HTTPS server, removed at exit
  prometheus::Family<prometheus::Counter>& rpc_count_;
  prometheus::Family<prometheus::Histogram>& rpc_latency_;
  std::mutex gauges_mu_;
  std::map<std::string, prometheus::Family<prometheus::Gauge>*> gauge_families_;
};

}  // namespace zhengwen

#endif  // ZHENGWEN_COMMON_METRICS_H_
