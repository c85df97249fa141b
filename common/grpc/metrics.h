// Prometheus metrics for one server process: per-method request counts and
// latencies (recorded by a gRPC interceptor), plus gauges services set or
// refresh at scrape time (SetScrapeRefresh).
#ifndef ZHENGWEN_COMMON_GRPC_METRICS_H_
#define ZHENGWEN_COMMON_GRPC_METRICS_H_

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
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

  // Serves /metrics over plaintext HTTP on `listen` (HOST:PORT; port 0 picks
  // one). Never HTTPS: civetweb's SSL mode crashes on a handshake (Debian 1.15);
  // TLS and authentication belong to a proxy in front (docs/security.md).
  // Returns the bound port.
  absl::StatusOr<int> StartExposer(const std::string& listen);
  ~Metrics();

  // Records one finished RPC under `method`, which must be a bounded label
  // (the interceptor passes a known method or kUnknownMethod).
  void ObserveRpc(const std::string& method, const std::string& code, double seconds);

  // The one label every method the server does not serve is counted under, so
  // callers inventing method names cannot add series.
  static constexpr char kUnknownMethod[] = "unknown";

  // A gauge `zhengwen_<name>` with one label set.
  prometheus::Gauge& Gauge(const std::string& name, const std::string& help,
                           const std::map<std::string, std::string>& labels = {});

  // Interceptor factory recording every RPC of a server into this registry;
  // methods outside `known_methods` ("/package.Service/Method") count as
  // kUnknownMethod.
  std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface> NewInterceptorFactory(
      std::set<std::string> known_methods);

  // Runs `refresh` at the start of every scrape, so gauges read from state
  // (outbox depth, page counts) are current without a polling thread. Pass
  // nullptr before the state it reads goes away; it waits for a scrape in
  // progress to finish.
  void SetScrapeRefresh(std::function<void()> refresh);

  prometheus::Registry& registry() { return *registry_; }

 private:
  class ScrapeCollectable;

  std::shared_ptr<prometheus::Registry> registry_;
  std::shared_ptr<ScrapeCollectable> scrape_;
  std::unique_ptr<prometheus::Exposer> exposer_;
  prometheus::Family<prometheus::Counter>& rpc_count_;
  prometheus::Family<prometheus::Histogram>& rpc_latency_;
  std::mutex gauges_mu_;
  std::map<std::string, prometheus::Family<prometheus::Gauge>*> gauge_families_;
};

}  // namespace zhengwen

#endif  // ZHENGWEN_COMMON_GRPC_METRICS_H_
