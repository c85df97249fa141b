#include "services/ingest/page_validator.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/error_reason.h"
#include "common/text/decoder.h"
#include "common/text/utf8.h"

namespace zhengwen::ingest {
namespace {

struct ParsedContentType {
  std::string media_type;  // lower case, no parameters
  std::string charset;     // from "; charset=...", or ""
};

ParsedContentType ParseContentType(absl::string_view content_type) {
  ParsedContentType parsed;
  std::vector<absl::string_view> parts = absl::StrSplit(content_type, ';');
  parsed.media_type = absl::AsciiStrToLower(absl::StripAsciiWhitespace(parts[0]));
  for (size_t i = 1; i < parts.size(); ++i) {
    absl::string_view param = absl::StripAsciiWhitespace(parts[i]);
    const std::string lower = absl::AsciiStrToLower(param);
    if (absl::StartsWith(lower, "charset=")) {
      parsed.charset = std::string(absl::StripAsciiWhitespace(param.substr(8)));
      parsed.charset = std::string(absl::StripPrefix(absl::StripSuffix(parsed.charset, "\""), "\""));
    }
  }
  return parsed;
}

// Share of decoded code points that are control characters other than the
// usual whitespace; text pages have next to none, binary data has many.
// The `replaced` U+FFFD decoding put in are not counted: the decoder's
// threshold already bounds them.
bool LooksBinary(absl::string_view text, int64_t replaced) {
  int total = 0;
  int control = 0;
  for (size_t pos = 0; pos < text.size();) {
    const char32_t cp = DecodeUtf8(text, &pos);
    ++total;
    if (cp == 0) return true;
    if ((cp < 0x20 && cp != '\n' && cp != '\r' && cp != '\t' && cp != '\f') ||
        (cp >= 0x7F && cp < 0xA0) || cp == 0xFFFD) {
      ++control;
    }
  }
  control -= static_cast<int>(std::min<int64_t>(replaced, control));
  return total > 0 && control * 100 > total;  // more than 1%
}

}  // namespace

absl::StatusOr<ValidatedPage> ValidatePage(absl::string_view content,
                                           absl::string_view content_type,
                                           absl::string_view declared_encoding) {
  const ParsedContentType parsed = ParseContentType(content_type);
  const std::string& media = parsed.media_type;
  const bool html_declared = media == "text/html" || media == "application/xhtml+xml";
  if (!media.empty() && media != "text/plain" && !html_declared) {
    return ErrorWithReason(absl::StatusCode::kInvalidArgument,
                           absl::StrCat("unsupported content type '", content_type,
                                        "'; send text/plain or text/html"),
                           "UNSUPPORTED_CONTENT_TYPE", {{"content_type", media}});
  }
  if (!declared_encoding.empty() && !parsed.charset.empty() &&
      CanonicalEncoding(declared_encoding) !=
          CanonicalEncoding(parsed.charset)) {
    return ErrorWithReason(
        absl::StatusCode::kInvalidArgument,
        absl::StrCat("declared encoding '", declared_encoding, "' contradicts charset '",
                     parsed.charset, "' of the content type"),
        "UNSUPPORTED_ENCODING", {{"encoding", std::string(declared_encoding)}});
  }
  const absl::string_view encoding = declared_encoding.empty()
                                         ? absl::string_view(parsed.charset)
                                         : declared_encoding;
  auto decoded = DecodeToUtf8(content, encoding);
  if (!decoded.ok()) return decoded.status();
  if (LooksBinary(decoded->text, decoded->replaced_sequences)) {
    return ErrorWithReason(absl::StatusCode::kInvalidArgument,
                           "page looks like binary data, not text", "BINARY_CONTENT",
                           {{"encoding", decoded->encoding}});
  }
  ValidatedPage page;
  page.encoding = decoded->encoding;
  page.decode_replacements = decoded->replaced_sequences;
  page.content_type =
      html_declared || (media.empty() && LooksLikeHtml("", decoded->text))
          ? "text/html"
          : "text/plain";
  return page;
}

}  // namespace zhengwen::ingest
