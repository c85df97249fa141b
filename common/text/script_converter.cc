#include "common/text/script_converter.h"

#include <filesystem>
#include <opencc/SimpleConverter.hpp>

#include "absl/strings/str_cat.h"
#include "common/text/utf8.h"

namespace zhengwen {

namespace {

#ifndef ZW_OPENCC_DATA_DIR
#define ZW_OPENCC_DATA_DIR "/usr/share/opencc"
#endif

// Where OpenCC would find `name`: as given, else in its data directory.
std::string ResolveConfig(const std::string& name) {
  namespace fs = std::filesystem;
  std::error_code error;
  for (const fs::path& candidate : {fs::path(name), fs::path(ZW_OPENCC_DATA_DIR) / name}) {
    if (fs::is_regular_file(candidate, error)) return candidate.string();
  }
  return "";
}

// Text for the self-check of the fast converter against OpenCC: phrases the
// phrase dictionary rewrites, characters it does not, punctuation and Latin.
constexpr char kSelfCheck[] =
    "質量強市工作領導講話,會議發言稿。乾隆皇帝在乾清宮,著手處理著名的案件;"
    "於是他們一起去了醫院、學校與圖書館!「繁體」『中文』《說明》(測試) abc 123 "
    "頭髮、發展、理髮師、後來、皇后、製造、制度、鐘錶、鍾情、麵條、面對、乾淨、幹部。"
    "简体中文保持不变,这是一个测试。";

}  // namespace

ScriptConverter::ScriptConverter(std::unique_ptr<opencc::SimpleConverter> converter)
    : converter_(std::move(converter)) {}

ScriptConverter::~ScriptConverter() = default;

absl::StatusOr<std::unique_ptr<ScriptConverter>> ScriptConverter::Create(
    const std::string& config) {
  std::unique_ptr<ScriptConverter> result;
  try {
    auto converter = std::make_unique<opencc::SimpleConverter>(config);
    result.reset(new ScriptConverter(std::move(converter)));
  } catch (const std::exception& e) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot load OpenCC config ", config, ": ", e.what()));
  }
  const std::string path = ResolveConfig(config);
  if (!path.empty()) {
    const std::string config_dir = std::filesystem::path(path).parent_path().string();
    result->fast_ = DictionaryConverter::FromConfig(path, {config_dir, ZW_OPENCC_DATA_DIR});
  }
  if (result->fast_ != nullptr) {
    std::string expected;
    try {
      expected = result->converter_->Convert(kSelfCheck);
    } catch (const std::exception&) {
      expected.clear();
    }
    if (expected.empty() || result->fast_->Convert(kSelfCheck) != expected) result->fast_.reset();
  }
  return result;
}

std::string ScriptConverter::ToSimplified(absl::string_view text) const {
  if (text.empty()) return "";
  if (fast_ != nullptr) return fast_->Convert(text);
  try {
    return converter_->Convert(text.data(), text.size());
  } catch (const std::exception&) {
    return std::string(text);  // OpenCC throws on invalid UTF-8; ours is valid
  }
}

bool ScriptConverter::MayConvert(absl::string_view text) const {
  if (fast_ == nullptr) return true;
  for (size_t i = 0; i < text.size();) {
    const char32_t cp = DecodeUtf8(text, &i);
    if (fast_->Changes(cp)) return true;
  }
  return false;
}

int ScriptConverter::ChangedCodePoints(absl::string_view original, absl::string_view simplified) {
  if (original == simplified) return 0;
  int changed = 0;
  size_t a = 0;
  size_t b = 0;
  while (a < original.size() && b < simplified.size()) {
    if (DecodeUtf8(original, &a) != DecodeUtf8(simplified, &b)) ++changed;
  }
  return changed;
}

}  // namespace zhengwen
