#include "common/grpc/tls_credentials.h"

#include "common/secret_file.h"
#include "common/status_macros.h"

namespace zhengwen {

absl::Status ValidateTlsFiles(const TlsFiles& files, bool server) {
  if (files.cert_file.empty() != files.key_file.empty()) {
    return absl::InvalidArgumentError("--tls_cert_file and --tls_key_file go together");
  }
  if (server && !files.ca_file.empty() && files.cert_file.empty()) {
    return absl::InvalidArgumentError(
        "--tls_ca_file on a server needs --tls_cert_file and --tls_key_file");
  }
  for (const std::string* path : {&files.cert_file, &files.key_file, &files.ca_file}) {
    if (!path->empty()) ZW_RETURN_IF_ERROR(ReadSecretFile(*path).status());
  }
  return absl::OkStatus();
}

absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> MakeServerCredentials(
    const TlsFiles& files) {
  ZW_RETURN_IF_ERROR(ValidateTlsFiles(files, /*server=*/true));
  if (!files.server_tls()) return grpc::InsecureServerCredentials();
  grpc::SslServerCredentialsOptions options(
      files.ca_file.empty() ? GRPC_SSL_DONT_REQUEST_CLIENT_CERTIFICATE
                            : GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY);
  grpc::SslServerCredentialsOptions::PemKeyCertPair pair;
  ZW_ASSIGN_OR_RETURN(pair.private_key, ReadSecretFile(files.key_file));
  ZW_ASSIGN_OR_RETURN(pair.cert_chain, ReadSecretFile(files.cert_file));
  options.pem_key_cert_pairs.push_back(std::move(pair));
  if (!files.ca_file.empty()) {
    ZW_ASSIGN_OR_RETURN(options.pem_root_certs, ReadSecretFile(files.ca_file));
  }
  return grpc::SslServerCredentials(options);
}

absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> MakeChannelCredentials(
    const TlsFiles& files) {
  ZW_RETURN_IF_ERROR(ValidateTlsFiles(files, /*server=*/false));
  if (!files.client_tls()) return grpc::InsecureChannelCredentials();
  grpc::SslCredentialsOptions options;
  ZW_ASSIGN_OR_RETURN(options.pem_root_certs, ReadSecretFile(files.ca_file));
  if (!files.cert_file.empty()) {
    ZW_ASSIGN_OR_RETURN(options.pem_private_key, ReadSecretFile(files.key_file));
    ZW_ASSIGN_OR_RETURN(options.pem_cert_chain, ReadSecretFile(files.cert_file));
  }
  return grpc::SslCredentials(options);
}

}  // namespace zhengwen
