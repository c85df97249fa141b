// libFuzzer target over ingest request handling: arbitrary request fields go
// through validation and the durable write; the invariants are that nothing
// crashes, every refusal is INVALID_ARGUMENT or RESOURCE_EXHAUSTED with a
// reason, and every acknowledged page reads back byte for byte.
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "common/error_reason.h"
#include "common/text/hashing.h"
#include "services/ingest/ingest_core.h"

namespace {

zhengwen::ingest::IngestCore* Core() {
  static zhengwen::ingest::IngestCore* core = [] {
    std::string dir = (std::filesystem::temp_directory_path() / "zw-ingest-fuzz-XXXXXX").string();
    if (mkdtemp(dir.data()) == nullptr) std::abort();
    zhengwen::ingest::IngestOptions options;
    options.max_page_bytes = 1 << 16;
    options.max_outbox = 1 << 30;
    auto opened = zhengwen::ingest::IngestCore::Open(dir, options);
    if (!opened.ok()) std::abort();
    return opened->release();
  }();
  return core;
}

// Splits the input into fields at 0xFF 0x00 separators.
std::string TakeField(std::string* rest) {
  const size_t cut = rest->find(std::string("\xff\x00", 2));
  std::string field = rest->substr(0, cut);
  rest->erase(0, cut == std::string::npos ? rest->size() : cut + 2);
  return field;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string rest(reinterpret_cast<const char*>(data), size);
  zhengwen::ingest::IngestRequest request;
  request.content_type = TakeField(&rest);
  request.declared_encoding = TakeField(&rest);
  request.request_id = TakeField(&rest);
  request.source_uri = "fuzz://" + TakeField(&rest);
  request.content = rest;
  auto result = Core()->Ingest(request);
  if (!result.ok()) {
    const auto code = result.status().code();
    // ALREADY_EXISTS: a fuzzed request id reused for other bytes (REQUEST_ID_REUSED).
    if (code != absl::StatusCode::kInvalidArgument && code != absl::StatusCode::kResourceExhausted &&
        code != absl::StatusCode::kAlreadyExists) {
      std::abort();
    }
    if (zhengwen::ErrorReason(result.status()).empty()) std::abort();
    return 0;
  }
  auto page = Core()->GetPage(result->page_id);
  if (!page.ok()) std::abort();
  // A retried request id may name an earlier version; a new version is current.
  if (!result->already_present && page->content_hash() != zhengwen::Hash128Hex(request.content)) {
    std::abort();
  }
  return 0;
}
