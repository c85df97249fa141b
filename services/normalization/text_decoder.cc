#include "services/normalization/text_decoder.h"

#include <uchardet.h>
#include <unicode/ucnv.h>

#include <memory>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/error_reason.h"
#include "re2/re2.h"
#include "services/normalization/utf8_text.h"

namespace zhengwen::normalization {
namespace {

absl::Status Undecodable(absl::string_view encoding, absl::string_view why) {
  return ErrorWithReason(absl::StatusCode::kInvalidArgument,
                         absl::StrCat("page is not valid ", encoding, ": ", why),
                         "UNDECODABLE_PAGE", {{"encoding", std::string(encoding)}});
}

// Converts with ICU, failing on any unmappable or illegal byte sequence.
absl::StatusOr<std::string> ConvertStrict(absl::string_view bytes, const std::string& encoding) {
  UErrorCode error = U_ZERO_ERROR;
  std::unique_ptr<UConverter, void (*)(UConverter*)> conv(ucnv_open(encoding.c_str(), &error),
                                                          ucnv_close);
  if (U_FAILURE(error)) return Undecodable(encoding, u_errorName(error));
  ucnv_setToUCallBack(conv.get(), UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &error);
  std::u16string utf16(bytes.size() * 2 + 4, u'\0');
  const int32_t n16 = ucnv_toUChars(conv.get(), reinterpret_cast<UChar*>(utf16.data()),
                                    static_cast<int32_t>(utf16.size()), bytes.data(),
                                    static_cast<int32_t>(bytes.size()), &error);
  if (U_FAILURE(error)) return Undecodable(encoding, u_errorName(error));
  utf16.resize(static_cast<size_t>(n16));
  std::string out;
  out.reserve(utf16.size() * 3);
  for (size_t i = 0; i < utf16.size();) {
    char32_t cp = utf16[i++];
    if (cp >= 0xD800 && cp <= 0xDBFF && i < utf16.size()) {
      cp = 0x10000 + ((cp - 0xD800) << 10) + (utf16[i++] - 0xDC00);
    }
    AppendCodePoint(cp, &out);
  }
  return out;
}

}  // namespace

std::string SniffHtmlCharset(absl::string_view bytes) {
  static const RE2* const kMetaCharset = [] {
    RE2::Options options;
    options.set_encoding(RE2::Options::EncodingLatin1);  // the bytes are not UTF-8 yet
    options.set_case_sensitive(false);
    options.set_log_errors(false);
    return new RE2("<meta[^>]*charset\\s*=\\s*[\"']?([a-z0-9_.:-]+)", options);
  }();
  const absl::string_view head = bytes.substr(0, 4096);
  std::string charset;
  if (!RE2::PartialMatch(re2::StringPiece(head.data(), head.size()), *kMetaCharset, &charset)) {
    return "";
  }
  return charset;
}

std::string CanonicalEncoding(absl::string_view label) {
  std::string l = absl::AsciiStrToLower(absl::StripAsciiWhitespace(label));
  l.erase(std::remove(l.begin(), l.end(), '-'), l.end());
  l.erase(std::remove(l.begin(), l.end(), '_'), l.end());
  if (l == "utf8") return "UTF-8";
  if (l == "gb18030" || l == "gbk" || l == "gb2312" || l == "cp936" || l == "euccn" ||
      l == "hzgb2312" || l == "x-gbk")
    return "GB18030";  // GB18030 is a superset of GBK and GB2312.
  if (l == "big5" || l == "big5hkscs" || l == "cp950") return "Big5";
  if (l == "utf16le") return "UTF-16LE";
  if (l == "utf16be") return "UTF-16BE";
  if (l == "utf16") return "UTF-16";
  return "";
}

absl::StatusOr<DecodedText> DecodeToUtf8(absl::string_view bytes,
                                         absl::string_view declared_encoding) {
  DecodedText out;
  if (absl::StartsWith(bytes, "\xEF\xBB\xBF")) {
    bytes.remove_prefix(3);
    if (!IsValidUtf8(bytes)) return Undecodable("UTF-8", "invalid byte sequence after BOM");
    out.text = std::string(bytes);
    out.encoding = "UTF-8";
    return out;
  }
  if (absl::StartsWith(bytes, "\xFF\xFE") || absl::StartsWith(bytes, "\xFE\xFF")) {
    const std::string encoding = bytes[0] == '\xFF' ? "UTF-16LE" : "UTF-16BE";
    bytes.remove_prefix(2);
    auto text = ConvertStrict(bytes, encoding);
    if (!text.ok()) return text.status();
    out.text = *std::move(text);
    out.encoding = encoding;
    return out;
  }
  if (!declared_encoding.empty()) {
    const std::string encoding = CanonicalEncoding(declared_encoding);
    if (encoding.empty()) {
      return ErrorWithReason(absl::StatusCode::kInvalidArgument,
                             absl::StrCat("unsupported encoding '", declared_encoding, "'"),
                             "UNSUPPORTED_ENCODING",
                             {{"encoding", std::string(declared_encoding)}});
    }
    if (encoding == "UTF-8") {
      if (!IsValidUtf8(bytes)) return Undecodable("UTF-8", "invalid byte sequence");
      out.text = std::string(bytes);
    } else {
      auto text = ConvertStrict(bytes, encoding);
      if (!text.ok()) return text.status();
      out.text = *std::move(text);
    }
    out.encoding = encoding;
    return out;
  }
  if (IsValidUtf8(bytes)) {
    out.text = std::string(bytes);
    out.encoding = "UTF-8";
    return out;
  }
  // Not UTF-8: an HTML page may say what it is.
  const std::string meta = CanonicalEncoding(SniffHtmlCharset(bytes));
  if (!meta.empty() && meta != "UTF-8") {
    auto text = ConvertStrict(bytes, meta);
    if (text.ok()) {
      out.text = *std::move(text);
      out.encoding = meta;
      return out;
    }
  }
  // Ask uchardet, then accept only the Chinese encodings we support.
  std::unique_ptr<std::remove_pointer_t<uchardet_t>, void (*)(uchardet_t)> detector(
      uchardet_new(), uchardet_delete);
  uchardet_handle_data(detector.get(), bytes.data(), bytes.size());
  uchardet_data_end(detector.get());
  std::string guess = CanonicalEncoding(uchardet_get_charset(detector.get()));
  // Detection on short texts often says nothing useful; GB18030 is the most
  // common non-UTF-8 encoding of Chinese pages, then Big5.
  std::vector<std::string> candidates;
  if (!guess.empty() && guess != "UTF-8") candidates.push_back(guess);
  for (const char* fallback : {"GB18030", "Big5"}) {
    if (guess != fallback) candidates.push_back(fallback);
  }
  for (const auto& encoding : candidates) {
    auto text = ConvertStrict(bytes, encoding);
    if (text.ok()) {
      out.text = *std::move(text);
      out.encoding = encoding;
      out.detected = true;
      return out;
    }
  }
  return Undecodable("UTF-8, GB18030 or Big5", "no supported encoding decodes the bytes");
}

}  // namespace zhengwen::normalization
