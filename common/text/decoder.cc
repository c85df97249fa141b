#include "common/text/decoder.h"

#include <uchardet.h>
#include <unicode/ucnv.h>
#include <unicode/ucnv_cb.h>

#include <algorithm>
#include <memory>
#include <optional>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/error_reason.h"
#include "common/text/utf8.h"
#include "re2/re2.h"

namespace zhengwen {
namespace {

absl::Status Undecodable(absl::string_view encoding, absl::string_view why) {
  return ErrorWithReason(absl::StatusCode::kInvalidArgument,
                         absl::StrCat("page is not valid ", encoding, ": ", why),
                         "UNDECODABLE_PAGE", {{"encoding", std::string(encoding)}});
}

struct InvalidCount {
  int64_t sequences = 0;
  int64_t bytes = 0;
};

// ICU to-Unicode callback: every illegal, unassigned or irregular sequence
// becomes one U+FFFD and is counted (ICU's own substitute may write U+001A).
void ReplaceAndCount(const void* context, UConverterToUnicodeArgs* args, const char*,
                     int32_t length, UConverterCallbackReason reason, UErrorCode* error) {
  if (reason > UCNV_IRREGULAR) return;  // reset, close, clone: nothing to replace
  auto* count = static_cast<InvalidCount*>(const_cast<void*>(context));
  ++count->sequences;
  count->bytes += std::max<int32_t>(length, 1);
  static const UChar kReplacement = 0xFFFD;
  *error = U_ZERO_ERROR;
  ucnv_cbToUWriteUChars(args, &kReplacement, 1, 0, error);
}

struct Converted {
  std::string text;
  InvalidCount invalid;
};

// Converts with ICU, replacing (and counting) every bad sequence.
absl::StatusOr<Converted> ConvertLenient(absl::string_view bytes, const std::string& encoding) {
  UErrorCode error = U_ZERO_ERROR;
  std::unique_ptr<UConverter, void (*)(UConverter*)> conv(ucnv_open(encoding.c_str(), &error),
                                                          ucnv_close);
  if (U_FAILURE(error)) return Undecodable(encoding, u_errorName(error));
  Converted out;
  ucnv_setToUCallBack(conv.get(), ReplaceAndCount, &out.invalid, nullptr, nullptr, &error);
  // Every input byte yields at most one UTF-16 unit (a replacement included).
  std::u16string utf16(bytes.size() + 4, u'\0');
  const int32_t n16 = ucnv_toUChars(conv.get(), reinterpret_cast<UChar*>(utf16.data()),
                                    static_cast<int32_t>(utf16.size()), bytes.data(),
                                    static_cast<int32_t>(bytes.size()), &error);
  if (U_FAILURE(error)) return Undecodable(encoding, u_errorName(error));
  utf16.resize(static_cast<size_t>(n16));
  out.text.reserve(utf16.size() * 3);
  for (size_t i = 0; i < utf16.size();) {
    char32_t cp = utf16[i++];
    if (cp >= 0xD800 && cp <= 0xDBFF && i < utf16.size() && utf16[i] >= 0xDC00 &&
        utf16[i] <= 0xDFFF) {
      cp = 0x10000 + ((cp - 0xD800) << 10) + (utf16[i++] - 0xDC00);
    } else if (cp >= 0xD800 && cp <= 0xDFFF) {
      cp = 0xFFFD;  // ICU never leaves a lone surrogate, but UTF-8 must not hold one
    }
    EncodeUtf8(cp, &out.text);
  }
  return out;
}

absl::Status TooManyInvalid(absl::string_view encoding, const InvalidCount& invalid,
                            size_t size) {
  return ErrorWithReason(
      absl::StatusCode::kInvalidArgument,
      absl::StrCat("page is not valid ", encoding, ": ", invalid.bytes, " of ", size,
                   " bytes are invalid; at most ", MaxInvalidBytes(size), " are tolerated"),
      "UNDECODABLE_PAGE",
      {{"encoding", std::string(encoding)},
       {"invalid_bytes", absl::StrCat(invalid.bytes)},
       {"limit_bytes", absl::StrCat(MaxInvalidBytes(size))}});
}

// A conversion of a `size`-byte page as the answer, or refused beyond the threshold.
absl::StatusOr<DecodedText> Accept(Converted converted, const std::string& encoding,
                                   bool detected, size_t size) {
  if (converted.invalid.bytes > MaxInvalidBytes(size)) {
    return TooManyInvalid(encoding, converted.invalid, size);
  }
  DecodedText out;
  out.text = std::move(converted.text);
  out.encoding = encoding;
  out.detected = detected;
  out.replaced_sequences = converted.invalid.sequences;
  out.invalid_bytes = converted.invalid.bytes;
  return out;
}

// Decodes with `encoding`, refusing beyond the invalid-byte threshold.
absl::StatusOr<DecodedText> DecodeAs(absl::string_view bytes, const std::string& encoding,
                                     bool detected) {
  DecodedText out;
  out.encoding = encoding;
  out.detected = detected;
  if (encoding == "UTF-8" && IsValidUtf8(bytes)) {
    out.text = std::string(bytes);
    return out;
  }
  auto converted = ConvertLenient(bytes, encoding);
  if (!converted.ok()) return converted.status();
  return Accept(*std::move(converted), encoding, detected, bytes.size());
}

// True for UTF-16 units that plain Chinese or Latin text is made of.
bool IsTextUnit(uint16_t u) {
  return (u >= 0x20 && u < 0x7F) || u == '\n' || u == '\r' || u == '\t' ||
         (u >= 0xA0 && u <= 0xFF) || (u >= 0x2000 && u <= 0x206F) ||
         (u >= 0x3000 && u <= 0x303F) || (u >= 0x3400 && u <= 0x4DBF) ||
         (u >= 0x4E00 && u <= 0x9FFF) || (u >= 0xFF00 && u <= 0xFFEF);
}

// Code points >= U+0080 other than replacements: real UTF-8 has many, other
// encodings read as UTF-8 have few valid multi-byte sequences per invalid one.
int64_t NonAsciiCodePoints(absl::string_view text) {
  int64_t count = 0;
  for (size_t pos = 0; pos < text.size();) {
    const char32_t cp = DecodeUtf8(text, &pos);
    if (cp >= 0x80 && cp != 0xFFFD) ++count;
  }
  return count;
}

// Valid UTF-8 multi-byte characters per invalid sequence for a damaged page to
// still count as UTF-8 before the other candidates are tried.
constexpr int64_t kUtf8EvidencePerInvalid = 8;

}  // namespace

int64_t MaxInvalidBytes(size_t size) {
  const auto bytes = static_cast<int64_t>(size);
  return std::min(std::max(kInvalidBytesFloor, bytes * kMaxInvalidPercent / 100),
                  bytes * kMaxInvalidPercentOfTinyPage / 100);
}

std::string SniffUtf16(absl::string_view bytes) {
  if (bytes.size() < 8 || bytes.size() % 2 != 0) return "";
  const size_t units = bytes.size() / 2;
  size_t zero_even = 0;
  size_t zero_odd = 0;
  for (size_t i = 0; i < bytes.size(); i += 2) {
    if (bytes[i] == '\0') ++zero_even;
    if (bytes[i + 1] == '\0') ++zero_odd;
  }
  // ASCII and line breaks put a NUL in the high half of their unit: at odd
  // offsets in little endian, even ones in big endian. CJK units rarely do.
  bool little_endian;
  if (zero_odd * 100 >= units && zero_even * 4 <= zero_odd) {
    little_endian = true;
  } else if (zero_even * 100 >= units && zero_odd * 4 <= zero_even) {
    little_endian = false;
  } else {
    return "";
  }
  size_t textual = 0;
  for (size_t i = 0; i < bytes.size(); i += 2) {
    const auto lo = static_cast<unsigned char>(bytes[little_endian ? i : i + 1]);
    const auto hi = static_cast<unsigned char>(bytes[little_endian ? i + 1 : i]);
    if (IsTextUnit(static_cast<uint16_t>(hi << 8 | lo))) ++textual;
  }
  // Binary data with NULs reads as units spread over the whole range.
  if (textual * 100 < units * 95) return "";
  return little_endian ? "UTF-16LE" : "UTF-16BE";
}

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
  if (absl::StartsWith(bytes, "\xEF\xBB\xBF")) {
    return DecodeAs(bytes.substr(3), "UTF-8", false);
  }
  if (absl::StartsWith(bytes, "\xFF\xFE") || absl::StartsWith(bytes, "\xFE\xFF")) {
    return DecodeAs(bytes.substr(2), bytes[0] == '\xFF' ? "UTF-16LE" : "UTF-16BE", false);
  }
  if (!declared_encoding.empty()) {
    const std::string encoding = CanonicalEncoding(declared_encoding);
    if (encoding.empty()) {
      return ErrorWithReason(absl::StatusCode::kInvalidArgument,
                             absl::StrCat("unsupported encoding '", declared_encoding, "'"),
                             "UNSUPPORTED_ENCODING",
                             {{"encoding", std::string(declared_encoding)}});
    }
    return DecodeAs(bytes, encoding, false);
  }
  if (const std::string utf16 = SniffUtf16(bytes); !utf16.empty()) {
    auto decoded = DecodeAs(bytes, utf16, true);
    if (decoded.ok()) return decoded;
  }
  if (IsValidUtf8(bytes)) return DecodeAs(bytes, "UTF-8", false);
  // Damaged UTF-8: many valid multi-byte characters per bad sequence.
  auto utf8 = ConvertLenient(bytes, "UTF-8");
  if (utf8.ok() && utf8->invalid.bytes <= MaxInvalidBytes(bytes.size()) &&
      NonAsciiCodePoints(utf8->text) >= kUtf8EvidencePerInvalid * utf8->invalid.sequences) {
    return Accept(*std::move(utf8), "UTF-8", true, bytes.size());
  }
  // Not UTF-8: an HTML page may say what it is.
  const std::string meta = CanonicalEncoding(SniffHtmlCharset(bytes));
  if (!meta.empty() && meta != "UTF-8") {
    auto decoded = DecodeAs(bytes, meta, false);
    if (decoded.ok()) return decoded;
  }
  // Ask uchardet: its guess, judged on character statistics, wins when it
  // decodes within the threshold (a stray byte can make a wrong encoding count
  // fewer invalid bytes). Otherwise the supported encodings compete: the fewest
  // invalid bytes wins, ties going to UTF-8, GB18030 (the most common
  // non-UTF-8 encoding of Chinese pages), then Big5.
  std::unique_ptr<std::remove_pointer_t<uchardet_t>, void (*)(uchardet_t)> detector(
      uchardet_new(), uchardet_delete);
  uchardet_handle_data(detector.get(), bytes.data(), bytes.size());
  uchardet_data_end(detector.get());
  const std::string guess = CanonicalEncoding(uchardet_get_charset(detector.get()));
  std::vector<std::string> candidates;
  if (!guess.empty() && !absl::StartsWith(guess, "UTF-16")) candidates.push_back(guess);
  for (const char* fallback : {"UTF-8", "GB18030", "Big5"}) {
    if (guess != fallback) candidates.push_back(fallback);
  }
  std::string best;
  std::optional<Converted> best_converted;
  for (const auto& encoding : candidates) {
    auto converted = ConvertLenient(bytes, encoding);
    if (!converted.ok()) continue;
    const bool guess_fits =
        encoding == guess && converted->invalid.bytes <= MaxInvalidBytes(bytes.size());
    if (guess_fits || !best_converted.has_value() ||
        converted->invalid.bytes < best_converted->invalid.bytes) {
      best = encoding;
      best_converted = *std::move(converted);
    }
    if (guess_fits || best_converted->invalid.bytes == 0) break;
  }
  if (!best_converted.has_value()) {
    return Undecodable("UTF-8, GB18030 or Big5", "no supported encoding decodes the bytes");
  }
  return Accept(*std::move(best_converted), best, true, bytes.size());
}

bool LooksLikeHtml(absl::string_view content_type, absl::string_view text) {
  if (!content_type.empty()) {
    return absl::StrContains(absl::AsciiStrToLower(content_type), "html");
  }
  const std::string head =
      absl::AsciiStrToLower(absl::StripLeadingAsciiWhitespace(text.substr(0, 1024)));
  return absl::StartsWith(head, "<!doctype html") || absl::StartsWith(head, "<html") ||
         absl::StrContains(head, "<body");
}

}  // namespace zhengwen
