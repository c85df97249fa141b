#include "common/pagination/page_token.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <filesystem>
#include <fstream>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "common/error_reason.h"
#include "common/field_limits.h"
#include "common/secret_file.h"

namespace zhengwen {
namespace {

constexpr char kVersion = 1;
constexpr size_t kMacBytes = 16;  // HMAC-SHA256 truncated to 128 bits

void AppendLengthPrefixed(absl::string_view part, std::string* out) {
  const uint32_t size = static_cast<uint32_t>(part.size());
  for (int shift = 24; shift >= 0; shift -= 8) out->push_back(static_cast<char>(size >> shift));
  out->append(part.data(), part.size());
}

absl::Status InvalidToken(absl::string_view why) {
  return ErrorWithReason(absl::StatusCode::kInvalidArgument, why, "INVALID_PAGE_TOKEN",
                         {{"field", "page_token"}});
}

}  // namespace

std::string PageTokenCodec::Mac(absl::string_view method, absl::string_view binding,
                                absl::string_view cursor) const {
  std::string input;
  AppendLengthPrefixed("zw-page-token", &input);
  AppendLengthPrefixed(absl::string_view(&kVersion, 1), &input);
  AppendLengthPrefixed(method, &input);
  AppendLengthPrefixed(binding, &input);
  AppendLengthPrefixed(cursor, &input);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int digest_size = 0;
  HMAC(EVP_sha256(), key_.data(), static_cast<int>(key_.size()),
       reinterpret_cast<const unsigned char*>(input.data()), input.size(), digest, &digest_size);
  return std::string(reinterpret_cast<const char*>(digest), kMacBytes);
}

std::string PageTokenCodec::Encode(absl::string_view method, absl::string_view binding,
                                   absl::string_view cursor) const {
  if (cursor.empty()) return "";
  std::string raw(1, kVersion);
  raw.append(cursor.data(), cursor.size());
  raw += Mac(method, binding, cursor);
  std::string out;
  absl::WebSafeBase64Escape(raw, &out);
  return out;
}

absl::StatusOr<std::string> PageTokenCodec::Decode(absl::string_view method,
                                                   absl::string_view binding,
                                                   absl::string_view token) const {
  if (token.empty()) return std::string();
  if (absl::Status status = CheckFieldLength("page_token", token, kMaxPageTokenBytes);
      !status.ok()) {
    return status;
  }
  std::string raw;
  if (!absl::WebSafeBase64Unescape(token, &raw) || raw.size() < 1 + 1 + kMacBytes) {
    return InvalidToken("page_token is not a page token");
  }
  if (raw[0] != kVersion) return InvalidToken("page_token has an unknown version");
  const absl::string_view cursor = absl::string_view(raw).substr(1, raw.size() - 1 - kMacBytes);
  const std::string expected = Mac(method, binding, cursor);
  if (CRYPTO_memcmp(expected.data(), raw.data() + raw.size() - kMacBytes, kMacBytes) != 0) {
    return InvalidToken(
        "page_token was altered, made by another deployment, or belongs to another call or "
        "request (query, filter, status)");
  }
  return std::string(cursor);
}

absl::StatusOr<std::string> LoadPageTokenKey(const std::string& key_file,
                                             const std::string& data_dir) {
  std::string path = key_file;
  if (path.empty()) {
    path = (std::filesystem::path(data_dir) / kPageTokenKeyFileName).string();
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) {
      unsigned char bytes[32];
      if (RAND_bytes(bytes, sizeof(bytes)) != 1) {
        return absl::InternalError("cannot generate a page token key");
      }
      std::filesystem::create_directories(data_dir, ec);
      const std::string temp = absl::StrCat(path, ".tmp.", ::getpid());
      {
        std::ofstream out(temp, std::ios::trunc);
        out << absl::BytesToHexString(
                   absl::string_view(reinterpret_cast<const char*>(bytes), sizeof(bytes)))
            << "\n";
        if (!out.flush()) return absl::UnavailableError("cannot write the page token key file");
      }
      ::chmod(temp.c_str(), 0600);
      // link() never replaces: when two processes race, both end up reading
      // the one key that won, and a crash never leaves a half-written key.
      const int linked = ::link(temp.c_str(), path.c_str());
      const int link_errno = errno;
      ::unlink(temp.c_str());
      if (linked != 0 && link_errno != EEXIST) {
        return absl::UnavailableError("cannot write the page token key file");
      }
    }
  }
  absl::StatusOr<std::string> key = ReadSecretFile(path);
  if (!key.ok()) return key.status();
  std::string trimmed(absl::StripAsciiWhitespace(*key));
  if (trimmed.size() < kMinPageTokenKeyBytes) {
    return absl::InvalidArgumentError(absl::StrCat(
        "page token key file ", path, " holds fewer than ", kMinPageTokenKeyBytes, " bytes"));
  }
  return trimmed;
}

}  // namespace zhengwen
