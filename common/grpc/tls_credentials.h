// TLS and mTLS credentials from PEM files, for servers and client channels.
#ifndef ZHENGWEN_COMMON_GRPC_TLS_CREDENTIALS_H_
#define ZHENGWEN_COMMON_GRPC_TLS_CREDENTIALS_H_

#include <memory>
#include <string>

#include <grpcpp/security/credentials.h>
#include <grpcpp/security/server_credentials.h>

#include "absl/status/statusor.h"

namespace zhengwen {

struct TlsFiles {
  // This side's certificate chain and private key (PEM). Servers need both for
  // TLS; clients send them for mTLS.
  std::string cert_file;
  std::string key_file;
  // CA bundle (PEM) that the peer's certificate must chain to. A server with a
  // CA requires and verifies client certificates (mTLS); a client with a CA
  // uses TLS and verifies the server.
  std::string ca_file;

  bool server_tls() const { return !cert_file.empty() && !key_file.empty(); }
  bool client_tls() const { return !ca_file.empty(); }
};

// Checks that the files exist and that cert and key come as a pair.
absl::Status ValidateTlsFiles(const TlsFiles& files, bool server);

// Insecure credentials when `files` configure no TLS.
absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> MakeServerCredentials(
    const TlsFiles& files);
absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> MakeChannelCredentials(
    const TlsFiles& files);

}  // namespace zhengwen

#endif  // ZHENGWEN_COMMON_GRPC_TLS_CREDENTIALS_H_
