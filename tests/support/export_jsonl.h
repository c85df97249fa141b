// Test support: the documents of `zw export` output (JSON lines).
#ifndef ZHENGWEN_TESTS_SUPPORT_EXPORT_JSONL_H_
#define ZHENGWEN_TESTS_SUPPORT_EXPORT_JSONL_H_

#include <string>
#include <utility>
#include <vector>

#include <google/protobuf/util/json_util.h>

#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "gtest/gtest.h"
#include "zhengwen/document/v1/document.pb.h"

namespace zhengwen::testing {

// One Document per non-empty line; a line that does not parse fails the test.
inline std::vector<zhengwen::document::v1::Document> ParseExport(const std::string& jsonl) {
  std::vector<zhengwen::document::v1::Document> docs;
  for (absl::string_view line : absl::StrSplit(jsonl, '\n', absl::SkipEmpty())) {
    zhengwen::document::v1::Document doc;
    auto status = google::protobuf::util::JsonStringToMessage(
        google::protobuf::StringPiece(line.data(), line.size()), &doc);
    EXPECT_TRUE(status.ok()) << status.ToString() << " in " << line;
    docs.push_back(std::move(doc));
  }
  return docs;
}

}  // namespace zhengwen::testing

#endif  // ZHENGWEN_TESTS_SUPPORT_EXPORT_JSONL_H_
