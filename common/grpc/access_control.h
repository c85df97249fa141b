// Access control: bearer tokens with roles (reader, writer, admin), service
// peers proven by mTLS, checked against the one per-method table
// (access_table.h). Applied by the adapter base (grpc_adapter.h) before a
// handler does anything.
#ifndef ZHENGWEN_COMMON_GRPC_ACCESS_CONTROL_H_
#define ZHENGWEN_COMMON_GRPC_ACCESS_CONTROL_H_

#include <map>
#include <optional>
#include <string>

#include <grpcpp/server_context.h>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/grpc/access_table.h"

namespace zhengwen {

// Tokens and their roles, from a file of lines "<role> <token>" ('#' starts a
// comment). Tokens are kept only as SHA-256 digests.
class TokenTable {
 public:
  static absl::StatusOr<TokenTable> Load(const std::string& path);
  // Adds one token (used for the process's own in-process calls).
  void Add(absl::string_view token, Role role);
  std::optional<Role> Find(absl::string_view token) const;
  bool empty() const { return roles_.empty(); }

 private:
  std::map<std::string, Role> roles_;  // SHA-256 digest -> role
};

struct AccessOptions {
  // Tokens the server accepts; nullopt when no token file is configured.
  std::optional<TokenTable> tokens;
  // True when the server listens only on loopback. With no token file, calls
  // then need no credentials (the developer's all-in-one mode).
  bool loopback_only = true;
  // True when clients must present a certificate verified against the CA;
  // such a peer acts with the service role.
  bool mtls = false;
};

class AccessControl {
 public:
  explicit AccessControl(AccessOptions options);

  // OK when the caller of `method` ("/zhengwen.ingest.v1.IngestService/IngestPage")
  // may call it; UNAUTHENTICATED (MISSING_TOKEN, INVALID_TOKEN) or
  // PERMISSION_DENIED (ROLE_NOT_ALLOWED) otherwise.
  absl::Status Check(const grpc::ServerContext& context, absl::string_view method) const;

  // Check() for gRPC adapters: the status to answer with when not OK.
  grpc::Status CheckCall(const grpc::ServerContext& context, absl::string_view method) const;

  // A token of the service role valid only inside this process, for the
  // all-in-one server's calls to itself.
  const std::string& internal_token() const { return internal_token_; }

 private:
  AccessOptions options_;
  bool token_file_;  // a token file was configured (tokens are then required)
  std::string internal_token_;
};

// True when `listen` ("host:port") binds only loopback addresses.
bool IsLoopbackListen(absl::string_view listen);

}  // namespace zhengwen

#endif  // ZHENGWEN_COMMON_GRPC_ACCESS_CONTROL_H_
