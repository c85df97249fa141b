// The base of every gRPC adapter (services/*/grpc/): it applies the access
// table before a handler does anything. gRPC 1.51 server interceptors cannot
// stop a call before its handler runs, so the check lives here, once: each
// handler opens with `Authorize(*context, __func__)`. The method key is built
// from the generated service's full name and the handler's own name, so no
// handler spells a method string that could drift from the proto.
#ifndef ZHENGWEN_COMMON_GRPC_GRPC_ADAPTER_H_
#define ZHENGWEN_COMMON_GRPC_GRPC_ADAPTER_H_

#include <grpcpp/server_context.h>
#include <grpcpp/support/status.h>

#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "common/grpc/access_control.h"

namespace zhengwen {

// `Api` is the generated outer class (e.g. zhengwen::query::v1::QueryService).
template <typename Api>
class GrpcAdapter : public Api::Service {
 protected:
  explicit GrpcAdapter(const AccessControl* access) : access_(access) {}

  // "/zhengwen.query.v1.QueryService/Search" for rpc "Search".
  static std::string MethodName(absl::string_view rpc) {
    return absl::StrCat("/", Api::service_full_name(), "/", rpc);
  }

  // OK when the caller may call `rpc` of this service (see access_table.h);
  // otherwise the status to answer with.
  grpc::Status Authorize(const grpc::ServerContext& context, absl::string_view rpc) const {
    return access_->CheckCall(context, MethodName(rpc));
  }

 private:
  const AccessControl* access_;
};

}  // namespace zhengwen

#endif  // ZHENGWEN_COMMON_GRPC_GRPC_ADAPTER_H_
