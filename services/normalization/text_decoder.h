// Decode stage: page bytes in any common Chinese encoding -> UTF-8.
#ifndef ZHENGWEN_SERVICES_NORMALIZATION_TEXT_DECODER_H_
#define ZHENGWEN_SERVICES_NORMALIZATION_TEXT_DECODER_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace zhengwen::normalization {

struct DecodedText {
  // The text as UTF-8, without a byte order mark.
  std::string text;
  // Canonical name of the encoding used: "UTF-8", "GB18030", "Big5", "UTF-16LE", ...
  std::string encoding;
  // True when the encoding was detected rather than declared or implied by a BOM.
  bool detected = false;
};

// Decodes `bytes`. A BOM wins, then `declared_encoding` (when not empty), then
// valid UTF-8, then a charset declared in an HTML <meta> tag, then detection
// (uchardet), restricted to the encodings we accept.
// Fails with INVALID_ARGUMENT when the bytes cannot be decoded cleanly.
absl::StatusOr<DecodedText> DecodeToUtf8(absl::string_view bytes,
                                         absl::string_view declared_encoding);

// The charset an HTML page declares in a <meta> tag within its first 4 KiB
// ("gbk" for <meta charset="gbk">), or "" when it declares none.
std::string SniffHtmlCharset(absl::string_view bytes);

// Canonical name for an encoding label ("gbk", "GB2312", "big5-hkscs", "utf8"),
// or "" when it is not one we accept.
std::string CanonicalEncoding(absl::string_view label);

}  // namespace zhengwen::normalization

#endif  // ZHENGWEN_SERVICES_NORMALIZATION_TEXT_DECODER_H_
