#include "common/metrics.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>

#include "absl/strings/str_cat.h"
#include "common/tls_credentials.h"

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
  explicit RpcInterceptorFactory(Metrics* metrics) : metrics_(metrics) {}
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override {
    return new RpcInterceptor(metrics_, info->method() ? info->method() : "unknown");
  }

 private:
  Metrics* metrics_;
};

}  // namespace

Metrics::Metrics()
    : registry_(std::make_shared<prometheus::Registry>()),
      rpc_count_(prometheus::BuildCounter()
                     .Name("zhengwen_rpc_requests_total")
                     .Help("RPCs handled, by method and status code")
                     .Register(*registry_)),
      rpc_latency_(prometheus::BuildHistogram()
                       .Name("zhengwen_rpc_latency_seconds")
                       .Help("RPC latency from arrival to status, by method")
                       .Register(*registry_)) {}

Metrics::~Metrics() {
  exposer_.reset();
  if (!combined_pem_path_.empty()) std::remove(combined_pem_path_.c_str());
}

absl::StatusOr<int> Metrics::StartExposer(const std::string& listen,
                                          const std::string& tls_cert_file,
                                          const std::string& tls_key_file) {
  std::vector<std::string> options = {"listening_ports", listen, "num_threads", "2"};
  if (!tls_cert_file.empty()) {
    // civetweb wants key and certificate chain in one PEM file.
    auto key = ReadSecretFile(tls_key_file);
    auto chain = ReadSecretFile(tls_cert_file);
    if (!key.ok()) return key.status();
    if (!chain.ok()) return chain.status();
    char path[] = "/tmp/zhengwen-metrics-XXXXXX";
    const int fd = mkstemp(path);  // created 0600
    if (fd < 0)
      return absl::UnavailableError("cannot create a temporary file for the metrics TLS key");
    const std::string pem = *key + "\n" + *chain;
    const bool written = write(fd, pem.data(), pem.size()) == static_cast<ssize_t>(pem.size());
    close(fd);
    combined_pem_path_ = path;
    if (!written) return absl::UnavailableError("cannot write the metrics TLS key");
    options = {"listening_ports", listen + "s",      "num_threads", "2",
               "ssl_certificate", combined_pem_path_};
  }
  try {
    exposer_ = std::make_unique<prometheus::Exposer>(options);
  } catch (const std::exception& e) {
    return absl::UnavailableError(absl::StrCat("metrics listen on ", listen, ": ", e.what()));
  }
  exposer_->RegisterCollectable(registry_);
  auto ports = exposer_->GetListeningPorts();
  return ports.empty() ? 0 : ports.front();
}

void Metrics::ObserveRpc(const std::string& method, const std::string& code, double seconds) {
  rpc_count_.Add({{"method", method}, {"code", code}}).Increment();
  static const prometheus::Histogram::BucketBoundaries kBuckets = {
      0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
  rpc_latency_.Add({{"method", method}}, kBuckets).Observe(seconds);
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
Metrics::NewInterceptorFactory() {
  return std::make_unique<RpcInterceptorFactory>(this);
}

}  // namespace zhengwen
