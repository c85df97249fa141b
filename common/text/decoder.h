// Encoding detection and decoding: page bytes in any common Chinese encoding
// -> UTF-8 (ingest validates with it, normalization's decode stage uses it).
// Decoding is lenient: a few invalid byte sequences (a truncated last
// character, stray bytes) become U+FFFD and are counted; a page is refused
// only beyond MaxInvalidBytes() (1 % of its bytes, at least 4, at most 10 %).
#ifndef ZHENGWEN_COMMON_TEXT_DECODER_H_
#define ZHENGWEN_COMMON_TEXT_DECODER_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace zhengwen {

// Invalid bytes tolerated: at most 1 % of the page ...
inline constexpr int64_t kMaxInvalidPercent = 1;
// ... or this many, whichever is larger, so one truncated character of any
// supported encoding (at most 3 bytes) always passes ...
inline constexpr int64_t kInvalidBytesFloor = 4;
// ... but never more than 10 % of the page, so a few bytes of garbage are not text.
inline constexpr int64_t kMaxInvalidPercentOfTinyPage = 10;

// Most invalid bytes a page of `size` bytes may hold and still be decoded.
int64_t MaxInvalidBytes(size_t size);

struct DecodedText {
  // The text as UTF-8, without a byte order mark.
  std::string text;
  // Canonical name of the encoding used: "UTF-8", "GB18030", "Big5", "UTF-16LE", ...
  std::string encoding;
  // True when the encoding was detected rather than declared or implied by a BOM.
  bool detected = false;
  // Invalid byte sequences replaced with U+FFFD, and the bytes they spanned.
  int64_t replaced_sequences = 0;
  int64_t invalid_bytes = 0;
};

// Decodes `bytes`. A BOM wins, then `declared_encoding` (when not empty), then
// UTF-16 recognised by its NUL-byte pattern, then UTF-8, then a charset
// declared in an HTML <meta> tag, then detection (uchardet) among the
// encodings we accept, the one with the fewest invalid bytes winning.
// Fails with INVALID_ARGUMENT / UNDECODABLE_PAGE when even the best encoding
// leaves more than MaxInvalidBytes() invalid bytes.
absl::StatusOr<DecodedText> DecodeToUtf8(absl::string_view bytes,
                                         absl::string_view declared_encoding);

// "UTF-16LE" or "UTF-16BE" when `bytes` (without a BOM) are unambiguously
// UTF-16 text: NUL bytes in one half of the code units only (ASCII, line
// breaks) and nearly every unit read that way a text character; else "".
std::string SniffUtf16(absl::string_view bytes);

// The charset an HTML page declares in a <meta> tag within its first 4 KiB
// ("gbk" for <meta charset="gbk">), or "" when it declares none.
std::string SniffHtmlCharset(absl::string_view bytes);

// True when the content type says HTML, or (none given) the text looks like
// HTML: it starts with a doctype or <html>, or has a <body> in its first KiB.
bool LooksLikeHtml(absl::string_view content_type, absl::string_view text);

// Canonical name for an encoding label ("gbk", "GB2312", "big5-hkscs", "utf8"),
// or "" when it is not one we accept.
std::string CanonicalEncoding(absl::string_view label);

}  // namespace zhengwen

#endif  // ZHENGWEN_COMMON_TEXT_DECODER_H_
