// Ingest's input checks, on inputs made from the project's sample pages:
// re-encoded with iconv, truncated, and replaced by random bytes.
#include "services/ingest/page_validator.h"

#include <random>

#include "common/error_reason.h"
#include "gtest/gtest.h"
#include "tests/support/server_cluster.h"
#include "tests/support/subprocess.h"

namespace zhengwen::ingest {
namespace {

std::string SamplePage() {
  return testing::ReadFileOrEmpty(testing::SampleDir() + "/04_hezhang_zhi_compilation.txt");
}

// The sample re-encoded with iconv (the real tool, not our own converter).
std::string Iconv(const std::string& text, const std::string& to) {
  testing::TempDir dir;
  const std::string in = dir.path() + "/in.txt";
  FILE* f = fopen(in.c_str(), "wb");
  fwrite(text.data(), 1, text.size(), f);
  fclose(f);
  auto result = testing::RunCommand({"/usr/bin/iconv", "-c", "-f", "UTF-8", "-t", to, in});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  return result.out;
}

TEST(PageValidatorTest, AcceptsEveryCommonChineseEncoding) {
  const std::string page = SamplePage();
  ASSERT_GT(page.size(), 1000u);
  struct Case {
    std::string bytes;
    std::string declared;
    std::string want;
  };
  const std::vector<Case> cases = {
      {page, "", "UTF-8"},
      {"\xEF\xBB\xBF" + page, "", "UTF-8"},
      {Iconv(page, "GB18030"), "", "GB18030"},
      {Iconv(page, "GBK"), "gbk", "GB18030"},
      {Iconv(page, "BIG5"), "big5", "Big5"},
      {Iconv(page, "UTF-16"), "", "UTF-16LE"},  // glibc writes a BOM, little-endian here
  };
  for (const auto& c : cases) {
    auto validated = ValidatePage(c.bytes, "text/plain", c.declared);
    ASSERT_TRUE(validated.ok()) << c.want << ": " << validated.status();
    EXPECT_EQ(validated->encoding, c.want);
    EXPECT_EQ(validated->content_type, "text/plain");
  }
  // A charset parameter on the content type counts as a declaration.
  auto from_param = ValidatePage(Iconv(page, "GBK"), "text/html; charset=\"GBK\"", "");
  ASSERT_TRUE(from_param.ok()) << from_param.status();
  EXPECT_EQ(from_param->encoding, "GB18030");
  EXPECT_EQ(from_param->content_type, "text/html");
}

TEST(PageValidatorTest, DetectsHtmlWhenNoTypeIsGiven) {
  const std::string html =
      testing::ReadFileOrEmpty(testing::SampleDir() + "/03_yingshang_huanjing_gbk.html");
  auto validated = ValidatePage(html, "", "");
  ASSERT_TRUE(validated.ok()) << validated.status();
  EXPECT_EQ(validated->content_type, "text/html");
  EXPECT_EQ(validated->encoding, "GB18030");
}

TEST(PageValidatorTest, RefusesWithReasons) {
  const std::string page = SamplePage();
  // Declared UTF-8 but the bytes are GBK.
  auto wrong = ValidatePage(Iconv(page, "GBK"), "text/plain", "UTF-8");
  EXPECT_EQ(wrong.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ErrorReason(wrong.status()), "UNDECODABLE_PAGE");
  // UTF-8 cut in the middle of a character: one bad sequence is tolerated and counted.
  const std::string truncated = page.substr(0, page.find("同志们") + 4);
  auto lenient = ValidatePage(truncated, "", "utf-8");
  ASSERT_TRUE(lenient.ok()) << lenient.status();
  EXPECT_EQ(lenient->decode_replacements, 1);
  // Random bytes.
  std::mt19937 rng(42);
  std::string noise(4096, '\0');
  for (char& c : noise) c = static_cast<char>(rng() & 0xff);
  const std::string reason = ErrorReason(ValidatePage(noise, "", "").status());
  EXPECT_TRUE(reason == "BINARY_CONTENT" || reason == "UNDECODABLE_PAGE") << reason;
  // Text with NULs in it.
  EXPECT_EQ(ErrorReason(ValidatePage(page + std::string(10, '\0'), "", "").status()),
            "BINARY_CONTENT");
  EXPECT_EQ(ErrorReason(ValidatePage(page, "application/pdf", "").status()),
            "UNSUPPORTED_CONTENT_TYPE");
  EXPECT_EQ(ErrorReason(ValidatePage(page, "", "shift_jis").status()), "UNSUPPORTED_ENCODING");
  EXPECT_EQ(ErrorReason(ValidatePage(page, "text/plain; charset=big5", "gbk").status()),
            "UNSUPPORTED_ENCODING");
}

}  // namespace
}  // namespace zhengwen::ingest
