// Normalizer: the normalization pipeline, a pure function of (page, rules).
// It owns the loaded resources (OpenCC dictionaries) and is thread-safe.
#ifndef ZHENGWEN_SERVICES_NORMALIZATION_NORMALIZER_H_
#define ZHENGWEN_SERVICES_NORMALIZATION_NORMALIZER_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/normalization/script_converter.h"
#include "zhengwen/document/v1/document.pb.h"

namespace zhengwen::normalization {

struct NormalizerOptions {
  // OpenCC configuration for Traditional -> Simplified.
  std::string opencc_config = "t2s.json";
};

class Normalizer {
 public:
  static absl::StatusOr<std::unique_ptr<Normalizer>> Create(const NormalizerOptions& options);

  // Turns one page into zero or more documents, in page order. Fails only on
  // bytes that cannot be decoded (INVALID_ARGUMENT with a reason).
  absl::StatusOr<std::vector<zhengwen::document::v1::Document>> Normalize(
      const zhengwen::document::v1::Page& page) const;

  // Version of the rules every document is stamped with.
  const std::string& rules_version() const { return rules_version_; }

 private:
  Normalizer(std::unique_ptr<ScriptConverter> converter, std::string rules_version);

  std::unique_ptr<ScriptConverter> converter_;
  std::string rules_version_;
};

}  // namespace zhengwen::normalization

#endif  // ZHENGWEN_SERVICES_NORMALIZATION_NORMALIZER_H_
