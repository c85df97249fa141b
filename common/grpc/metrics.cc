#include "common/grpc/metrics.h"

#include <chrono>

#include "absl/strings/str_cat.h"

namespace zhengwen {
namespace {

std::string CodeName(grpc::StatusCode code) {
  static const char* const kNames[] = {"OK",
                                       "CANCELLED",
                                       "UNKNOWN",
                                       "INVALID_ARGUMENT",
                                       "DEADLINE_EXCEEDED",
                                       "NOT_FOUND",
                                       "ALREADY_EXISTS",
                                       "PERMISSION_DENIED",
                                       "RESOURCE_EXHAUSTED",
                                       "FAILED_PRECONDITION",
                                       "ABORTED",
                                       "OUT_OF_RANGE",
                                       "UNIMPLEMENTED",
                                       "INTERNAL",
                                       "UNAVAILABLE",
                                       "DATA_LOSS",
                                       "UNAUTHENTICATED"};
  const int index = static_cast<int>(code);
  return index >= 0 && index < 17 ? kNames[index] : absl::StrCat(index);
}

// Times one RPC from its creation until its status is sent.
class RpcInterceptor : public grpc::experimental::Interceptor {
 public:
  RpcInterceptor(Metrics* metrics, std::string method)
      : metrics_(metrics), method_(std::move(method)), start_(std::chrono::steady_clock::now()) {}

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(
            grpc::experimental::InterceptionHookPoints::PRE_SEND_STATUS)) {
      const double seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
      metrics_->ObserveRpc(method_, CodeName(methods->GetSendStatus().error_code()), seconds);
    }
    methods->Proceed();
  }

 private:
  Metrics* metrics_;
  std::string method_;
  std::chrono::steady_clock::time_point start_;
};

class RpcInterceptorFactory : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  RpcInterceptorFactory(Metrics* metrics, std::set<std::string> known_methods)
      : metrics_(metrics), known_methods_(std::move(known_methods)) {}
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override {
    const char* method = info->method();
    const bool known = method != nullptr && known_methods_.count(method) > 0;
    return new RpcInterceptor(metrics_, known ? method : Metrics::kUnknownMethod);
  }

 private:
  Metrics* metrics_;
  const std::set<std::string> known_methods_;  // read-only after construction
};

}  // namespace

// What the exposer collects: the registry, after the refresh hook has run.
class Metrics::ScrapeCollectable : public prometheus::Collectable {
 public:
  explicit ScrapeCollectable(std::shared_ptr<prometheus::Registry> registry)
      : registry_(std::move(registry)) {}

  std::vector<prometheus::MetricFamily> Collect() const override {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (refresh_) refresh_();
    }
    return registry_->Collect();
  }

  void SetRefresh(std::function<void()> refresh) {
    std::lock_guard<std::mutex> lock(mu_);
    refresh_ = std::move(refresh);
  }

 private:
  std::shared_ptr<prometheus::Registry> registry_;
  mutable std::mutex mu_;
  std::function<void()> refresh_;
};

Metrics::Metrics()
    : registry_(std::make_shared<prometheus::Registry>()),
      scrape_(std::make_shared<ScrapeCollectable>(registry_)),
      rpc_count_(prometheus::BuildCounter()
                     .Name("zhengwen_rpc_requests_total")
                     .Help("RPCs handled, by method and status code")
                     .Register(*registry_)),
      rpc_latency_(prometheus::BuildHistogram()
                       .Name("zhengwen_rpc_latency_seconds")
                       .Help("RPC latency from arrival to status, by method")
                       .Register(*registry_)) {}

Metrics::~Metrics() { exposer_.reset(); }

absl::StatusOr<int> Metrics::StartExposer(const std::string& listen) {
  // A connection that never sends a request holds a civetweb worker until
  // request_timeout_ms: several workers and a short timeout keep a few idle or
  // half-open connections from starving the scraper.
  const std::vector<std::string> options = {"listening_ports",    listen, "num_threads", "4",
                                            "request_timeout_ms", "5000"};
  try {
    exposer_ = std::make_unique<prometheus::Exposer>(options);
  } catch (const std::exception& e) {
    return absl::UnavailableError(absl::StrCat("metrics listen on ", listen, ": ", e.what()));
  }
  exposer_->RegisterCollectable(scrape_);
  auto ports = exposer_->GetListeningPorts();
  return ports.empty() ? 0 : ports.front();
}

void Metrics::ObserveRpc(const std::string& method, const std::string& code, double seconds) {
  rpc_count_.Add({{"method", method}, {"code", code}}).Increment();
  static const prometheus::Histogram::BucketBoundaries kBuckets = {
      0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
  rpc_latency_.Add({{"method", method}}, kBuckets).Observe(seconds);
}

void Metrics::SetScrapeRefresh(std::function<void()> refresh) {
  scrape_->SetRefresh(std::move(refresh));
}

prometheus::Gauge& Metrics::Gauge(const std::string& name, const std::string& help,
                                  const std::map<std::string, std::string>& labels) {
  std::lock_guard<std::mutex> lock(gauges_mu_);
  auto& family = gauge_families_[name];
  if (family == nullptr) {
    family = &prometheus::BuildGauge().Name("zhengwen_" + name).Help(help).Register(*registry_);
  }
  return family->Add(labels);
}

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>
Metrics::NewInterceptorFactory(std::set<std::string> known_methods) {
  return std::make_unique<RpcInterceptorFactory>(this, std::move(known_methods));
}

}  // namespace zhengwen
