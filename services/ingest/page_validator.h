// PageValidator: what ingest checks before it stores a page: a supported
// content type, bytes that decode in a supported encoding (declared, from a
// BOM or a charset parameter, or detected; a few invalid sequences tolerated,
// see common/text/decoder.h), and text rather than binary.
#ifndef ZHENGWEN_SERVICES_INGEST_PAGE_VALIDATOR_H_
#define ZHENGWEN_SERVICES_INGEST_PAGE_VALIDATOR_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace zhengwen::ingest {

struct ValidatedPage {
  // "text/plain" or "text/html".
  std::string content_type;
  // Canonical encoding the bytes decode with: "UTF-8", "GB18030", "Big5", "UTF-16LE", ...
  std::string encoding;
  // Invalid byte sequences decoding will replace with U+FFFD.
  int64_t decode_replacements = 0;
};

// Checks a page; on refusal returns INVALID_ARGUMENT with an ErrorInfo reason:
// UNSUPPORTED_CONTENT_TYPE, UNSUPPORTED_ENCODING, UNDECODABLE_PAGE or BINARY_CONTENT.
// `content_type` may carry a charset parameter ("text/html; charset=gbk").
absl::StatusOr<ValidatedPage> ValidatePage(absl::string_view content,
                                           absl::string_view content_type,
                                           absl::string_view declared_encoding);

}  // namespace zhengwen::ingest

#endif  // ZHENGWEN_SERVICES_INGEST_PAGE_VALIDATOR_H_
