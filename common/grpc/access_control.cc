#include "common/grpc/access_control.h"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/error_reason.h"
#include "common/grpc/grpc_status.h"
#include "common/secret_file.h"

namespace zhengwen {
namespace {

std::string Sha256(absl::string_view text) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(text.data(), text.size(), digest, &length, EVP_sha256(), nullptr);
  return std::string(reinterpret_cast<const char*>(digest), length);
}

// Constant-time comparison of two equal-length digests.
bool SameDigest(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

std::string RandomToken() {
  unsigned char bytes[32];
  if (RAND_bytes(bytes, sizeof(bytes)) != 1) std::abort();
  std::string token;
  for (unsigned char b : bytes) absl::StrAppend(&token, absl::Hex(b, absl::kZeroPad2));
  return token;
}

}  // namespace

absl::StatusOr<TokenTable> TokenTable::Load(const std::string& path) {
  auto content = ReadSecretFile(path);
  if (!content.ok()) return content.status();
  TokenTable table;
  int line_number = 0;
  for (absl::string_view line : absl::StrSplit(*content, '\n')) {
    ++line_number;
    line = absl::StripAsciiWhitespace(line);
    if (line.empty() || line[0] == '#') continue;
    std::vector<absl::string_view> fields = absl::StrSplit(line, ' ', absl::SkipWhitespace());
    std::optional<Role> role = fields.size() == 2 ? ParseRole(fields[0]) : std::nullopt;
    // The message names the line, never its content: it holds a secret.
    if (!role.has_value()) {
      return absl::InvalidArgumentError(absl::StrCat(
          path, ":", line_number, ": expected \"<reader|writer|admin|service> <token>\""));
    }
    if (fields[1].size() < 16) {
      return absl::InvalidArgumentError(
          absl::StrCat(path, ":", line_number, ": tokens must be at least 16 characters"));
    }
    table.Add(fields[1], *role);
  }
  if (table.empty()) return absl::InvalidArgumentError(absl::StrCat(path, ": no tokens"));
  return table;
}

void TokenTable::Add(absl::string_view token, Role role) { roles_[Sha256(token)] = role; }

std::optional<Role> TokenTable::Find(absl::string_view token) const {
  const std::string digest = Sha256(token);
  std::optional<Role> found;
  // Visit every entry so the time taken does not depend on which one matches.
  for (const auto& [known, role] : roles_) {
    if (SameDigest(known, digest)) found = role;
  }
  return found;
}

AccessControl::AccessControl(AccessOptions options)
    : options_(std::move(options)),
      token_file_(options_.tokens.has_value()),
      internal_token_(RandomToken()) {
  if (!options_.tokens.has_value()) options_.tokens.emplace();
  options_.tokens->Add(internal_token_, Role::kService);
}

absl::Status AccessControl::Check(const grpc::ServerContext& context,
                                  absl::string_view method) const {
  std::optional<Role> role;
  const auto& metadata = context.client_metadata();
  auto header = metadata.find("authorization");
  if (header != metadata.end()) {
    absl::string_view value(header->second.data(), header->second.size());
    if (!absl::ConsumePrefix(&value, "Bearer ")) {
      return ErrorWithReason(absl::StatusCode::kUnauthenticated,
                             "authorization must be \"Bearer <token>\"", "INVALID_TOKEN");
    }
    role = options_.tokens->Find(value);
    if (!role.has_value()) {
      return ErrorWithReason(absl::StatusCode::kUnauthenticated, "unknown token", "INVALID_TOKEN");
    }
  } else if (options_.mtls && context.auth_context() != nullptr &&
             context.auth_context()->IsPeerAuthenticated()) {
    role = Role::kService;  // the TLS handshake verified its certificate against our CA
  } else if (options_.loopback_only && !token_file_) {
    return absl::OkStatus();
  } else {
    return ErrorWithReason(absl::StatusCode::kUnauthenticated,
                           "this server needs a bearer token (authorization: Bearer <token>)",
                           "MISSING_TOKEN");
  }
  if (!RoleMayCall(*role, method)) {
    return ErrorWithReason(
        absl::StatusCode::kPermissionDenied,
        absl::StrCat("role ", RoleName(*role), " may not call ", method), "ROLE_NOT_ALLOWED",
        {{"role", std::string(RoleName(*role))}, {"method", std::string(method)}});
  }
  return absl::OkStatus();
}

grpc::Status AccessControl::CheckCall(const grpc::ServerContext& context,
                                      absl::string_view method) const {
  return ToGrpcStatus(Check(context, method));
}

bool IsLoopbackListen(absl::string_view listen) {
  absl::string_view host = listen.substr(0, listen.rfind(':'));
  host = absl::StripPrefix(absl::StripSuffix(host, "]"), "[");
  return absl::StartsWith(host, "127.") || host == "::1" || host == "localhost";
}

}  // namespace zhengwen
