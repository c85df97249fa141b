#include "common/grpc/grpc_server.h"

#include <google/protobuf/descriptor.h>
#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>

#include "absl/strings/str_cat.h"
#include "common/grpc/grpc_options.h"

namespace zhengwen {
namespace {

// The gRPC paths ("/package.Service/Method") this server serves: the
// registered services' methods from their generated descriptors, plus the
// built-in health and reflection services. Metrics label only these.
std::set<std::string> KnownMethods(
    const std::vector<std::pair<grpc::Service*, std::string>>& services) {
  std::set<std::string> methods = {
      "/grpc.health.v1.Health/Check", "/grpc.health.v1.Health/Watch",
      "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo"};
  const google::protobuf::DescriptorPool* pool = google::protobuf::DescriptorPool::generated_pool();
  for (const auto& [service, name] : services) {
    const google::protobuf::ServiceDescriptor* descriptor = pool->FindServiceByName(name);
    if (descriptor == nullptr) continue;
    for (int i = 0; i < descriptor->method_count(); ++i) {
      methods.insert(absl::StrCat("/", name, "/", descriptor->method(i)->name()));
    }
  }
  return methods;
}

}  // namespace

GrpcServerHost::GrpcServerHost(Metrics* metrics) : metrics_(metrics) {}

GrpcServerHost::~GrpcServerHost() {
  if (server_ != nullptr) Shutdown(absl::ZeroDuration());
}

void GrpcServerHost::AddService(grpc::Service* service, const std::string& full_name) {
  services_.emplace_back(service, full_name);
}

absl::Status GrpcServerHost::Start(const GrpcServerOptions& options) {
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  builder.AddListeningPort(options.listen,
                           options.credentials != nullptr ? options.credentials
                                                          : grpc::InsecureServerCredentials(),
                           &port_);
  builder.SetMaxReceiveMessageSize(options.max_message_bytes);
  builder.SetMaxSendMessageSize(options.max_message_bytes);
  ApplyServerKeepalive(builder);
  for (auto& [service, name] : services_) builder.RegisterService(service);
  if (metrics_ != nullptr) {
    std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>> creators;
    creators.push_back(metrics_->NewInterceptorFactory(KnownMethods(services_)));
    builder.experimental().SetInterceptorCreators(std::move(creators));
  }
  server_ = builder.BuildAndStart();
  if (server_ == nullptr || port_ == 0) {
    server_.reset();
    return absl::UnavailableError(absl::StrCat("cannot listen on ", options.listen));
  }
  max_message_bytes_ = options.max_message_bytes;
  auto* health = server_->GetHealthCheckService();
  health->SetServingStatus(kLivenessService, true);
  SetReady(false);
  return absl::OkStatus();
}

std::shared_ptr<grpc::Channel> GrpcServerHost::InProcessChannel() {
  grpc::ChannelArguments args;
  args.SetMaxReceiveMessageSize(max_message_bytes_);
  args.SetMaxSendMessageSize(max_message_bytes_);
  return server_->InProcessChannel(args);
}

void GrpcServerHost::SetReady(bool ready) {
  if (server_ == nullptr) return;
  auto* health = server_->GetHealthCheckService();
  health->SetServingStatus(kReadinessService, ready);
  health->SetServingStatus("", ready);
  for (auto& [service, name] : services_) health->SetServingStatus(name, ready);
}

void GrpcServerHost::Shutdown(absl::Duration deadline) {
  if (server_ == nullptr) return;
  // Shutdown() of the health service flips every name, liveness included, to
  // NOT_SERVING and ignores later updates.
  server_->GetHealthCheckService()->Shutdown();
  server_->Shutdown(absl::ToChronoTime(absl::Now() + deadline));
  server_->Wait();
  server_.reset();
}

}  // namespace zhengwen
