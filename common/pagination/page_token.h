// Page tokens of every list and search: one codec. A token is the cursor a
// list hands back (the last id, a frozen ranking state, ...) sealed with an
// HMAC-SHA256 over the method it belongs to and the request it came from, so
// a client can carry it but not forge, edit, truncate or reuse it elsewhere.
//
// Wire form: unpadded base64url of  version (1 byte) | cursor | MAC (16 bytes),
// the MAC over ("zw-page-token", version, method, request binding, cursor),
// each length-prefixed. docs/api.md describes the format and the key.
#ifndef ZHENGWEN_COMMON_PAGINATION_PAGE_TOKEN_H_
#define ZHENGWEN_COMMON_PAGINATION_PAGE_TOKEN_H_

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>

#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace zhengwen {

// Longest page_token accepted, in bytes (FIELD_TOO_LONG beyond it).
inline constexpr size_t kMaxPageTokenBytes = 16384;
// Least key length, in bytes.
inline constexpr size_t kMinPageTokenKeyBytes = 32;
// Name of the key file kept in the data directory when no key is given.
inline constexpr char kPageTokenKeyFileName[] = "page_token.key";

class PageTokenCodec {
 public:
  // `key`: at least kMinPageTokenKeyBytes bytes (LoadPageTokenKey checks).
  explicit PageTokenCodec(std::string key) : key_(std::move(key)) {}

  // The token for `cursor` of a call to `method` whose other parameters
  // serialize to `binding` (RequestBinding); "" for an empty cursor.
  std::string Encode(absl::string_view method, absl::string_view binding,
                     absl::string_view cursor) const;

  // The cursor sealed in `token`; "" for an empty token. INVALID_ARGUMENT with
  // reason INVALID_PAGE_TOKEN when the token is malformed, tampered with, made
  // with another key, or belongs to another method or request; FIELD_TOO_LONG
  // beyond kMaxPageTokenBytes.
  absl::StatusOr<std::string> Decode(absl::string_view method, absl::string_view binding,
                                     absl::string_view token) const;

 private:
  std::string Mac(absl::string_view method, absl::string_view binding,
                  absl::string_view cursor) const;

  std::string key_;
};

// The page token key: the contents of `key_file` when one is named (as a
// mounted Kubernetes Secret gives every replica the same key), otherwise
// <data_dir>/page_token.key, created with 32 random bytes (hex) on first use.
// Surrounding whitespace is ignored; shorter than kMinPageTokenKeyBytes is an
// error.
absl::StatusOr<std::string> LoadPageTokenKey(const std::string& key_file,
                                             const std::string& data_dir);

// What a page token binds of a request: its deterministic serialization with
// page_token and page_size cleared (page_size may change between pages).
template <typename Request>
std::string RequestBinding(const Request& request) {
  Request copy = request;
  copy.clear_page_token();
  copy.clear_page_size();
  std::string out;
  {
    google::protobuf::io::StringOutputStream stream(&out);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    copy.SerializeToCodedStream(&coded);
  }
  return out;
}

// Runs one paginated call behind sealed tokens: opens the request's token into
// the cursor `call` understands, and seals the cursor `call` returns in
// next_page_token. Every list and search of the public API goes through it.
template <typename Request, typename Response>
absl::StatusOr<Response> WithPageTokens(
    const PageTokenCodec& codec, absl::string_view method, const Request& request,
    const std::function<absl::StatusOr<Response>(const Request&)>& call) {
  const std::string binding = RequestBinding(request);
  absl::StatusOr<std::string> cursor = codec.Decode(method, binding, request.page_token());
  if (!cursor.ok()) return cursor.status();
  Request inner = request;
  inner.set_page_token(*std::move(cursor));
  absl::StatusOr<Response> response = call(inner);
  if (response.ok() && !response->next_page_token().empty()) {
    response->set_next_page_token(codec.Encode(method, binding, response->next_page_token()));
  }
  return response;
}

}  // namespace zhengwen

#endif  // ZHENGWEN_COMMON_PAGINATION_PAGE_TOKEN_H_
