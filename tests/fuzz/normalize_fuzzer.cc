// libFuzzer target over the whole normalization pipeline. Invariants: no
// crash, every output string valid UTF-8, and output no larger than a small
// multiple of the input (no unbounded growth).
#include <cstdint>
#include <cstdlib>
#include <string>

#include "tests/fuzz/fuzz_normalizer.h"
#include "common/text/utf8.h"

namespace {

void CheckUtf8(const std::string& s) {
  if (!zhengwen::IsValidUtf8(s)) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  zhengwen::document::v1::Page page;
  page.set_source_uri("fuzz://page");
  // The first byte picks how the page is declared, the rest is the page.
  const uint8_t mode = data[0];
  page.set_content(std::string(reinterpret_cast<const char*>(data) + 1, size - 1));
  if (mode & 1) page.set_content_type("text/html");
  if (mode & 2) page.set_declared_encoding((mode & 4) ? "GB18030" : "Big5");
  auto documents = zhengwen::fuzz::TheNormalizer().Normalize(page);
  if (!documents.ok()) return 0;
  size_t out_bytes = 0;
  for (const auto& doc : *documents) {
    CheckUtf8(doc.title());
    CheckUtf8(doc.text());
    for (const auto& section : doc.sections()) CheckUtf8(section.heading());
    for (const auto& edit : doc.edits()) {
      CheckUtf8(edit.removed());
      CheckUtf8(edit.replacement());
    }
    out_bytes += doc.title().size() + doc.text().size();
  }
  // Decoding GB18030/Big5/UTF-16 to UTF-8 can grow text by at most 2x; any
  // document split repeats no more than a title per document.
  if (out_bytes > 4 * size + 4096) std::abort();
  return 0;
}
