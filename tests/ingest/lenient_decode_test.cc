// Lenient decoding and detection on real text: the project's sample pages
// re-encoded with iconv at test time, then damaged the way scraped pages are
// (a truncated last character, stray bytes), plus UTF-16 without a BOM and
// binary data that must not pass for it.
#include <cstdio>
#include <random>
#include <string>

#include "absl/strings/match.h"
#include "common/error_reason.h"
#include "gtest/gtest.h"
#include "services/ingest/page_validator.h"
#include "common/text/decoder.h"
#include "tests/support/server_cluster.h"
#include "tests/support/subprocess.h"

namespace zhengwen::normalization {
namespace {

// stdout of a shell pipeline (iconv is part of libc-bin, so empty output is a failure).
std::string Shell(const std::string& command) {
  return testing::RunCommand({"/bin/sh", "-c", command}).out;
}

std::string Sample(const std::string& name) {
  return testing::SampleDir() + "/" + name;
}

// The two Simplified sample pages as UTF-8 and as GBK (characters GBK lacks dropped by -c).
std::string SamplesUtf8() {
  return Shell("cat '" + Sample("02_xiangcun_zhenxing_doc_site.txt") + "' '" +
               Sample("01_anquan_shengchan_hant_pinyin.txt") + "' | iconv -c -f UTF-8 -t GBK " +
               "| iconv -f GBK -t UTF-8");
}
std::string ToEncoding(const std::string& utf8, const std::string& encoding) {
  char path[] = "/tmp/zw-lenient-XXXXXX";
  const int fd = mkstemp(path);
  if (fd < 0) return "";
  FILE* file = fdopen(fd, "w");
  fwrite(utf8.data(), 1, utf8.size(), file);
  fclose(file);
  std::string out = Shell(std::string("iconv -c -f UTF-8 -t ") + encoding + " " + path);
  std::remove(path);
  return out;
}

// At least `size` bytes: `text` repeated.
std::string RepeatTo(const std::string& text, size_t size) {
  std::string out;
  while (out.size() < size) out += text;
  return out;
}

constexpr char kKnownSentence[] = "乡村振兴";

TEST(LenientDecodeTest, GbkWithATruncatedLastCharacterIsDetectedAndDecoded) {
  const std::string gbk = ToEncoding(SamplesUtf8(), "GBK");
  ASSERT_GT(gbk.size(), 4000u) << "iconv produced no GBK text";
  const std::string truncated = gbk + "\xD6";  // first byte of 中
  auto decoded = DecodeToUtf8(truncated, "");
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(decoded->encoding, "GB18030");
  EXPECT_EQ(decoded->replaced_sequences, 1);
  EXPECT_TRUE(absl::EndsWith(decoded->text, "\xEF\xBF\xBD")) << "U+FFFD at the end";
  EXPECT_EQ(decoded->text.substr(0, decoded->text.size() - 3), SamplesUtf8());
}

TEST(LenientDecodeTest, GbkWithADozenStrayBytesIn50KbIsStillGbk) {
  const std::string gbk = RepeatTo(ToEncoding(SamplesUtf8(), "GBK"), 50000);
  ASSERT_GE(gbk.size(), 50000u);
  std::string damaged = gbk;
  for (int i = 0; i < 12; ++i) damaged.insert(static_cast<size_t>(i + 1) * 4000, 1, '\xFF');
  auto decoded = DecodeToUtf8(damaged, "");
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(decoded->encoding, "GB18030");
  EXPECT_TRUE(decoded->detected);
  EXPECT_GE(decoded->replaced_sequences, 12);
  EXPECT_LE(decoded->replaced_sequences, 36);
  EXPECT_TRUE(absl::StrContains(decoded->text, kKnownSentence));
  // The declared encoding decodes leniently too.
  auto declared = DecodeToUtf8(damaged, "gbk");
  ASSERT_TRUE(declared.ok()) << declared.status();
  EXPECT_EQ(declared->replaced_sequences, decoded->replaced_sequences);
}

TEST(LenientDecodeTest, Big5WithAFewBadBytesIsStillBig5) {
  const std::string utf8 = Shell("cat '" + Sample("01_anquan_shengchan_hant_pinyin.txt") + "'");
  std::string big5 = ToEncoding(utf8, "BIG5");
  ASSERT_GT(big5.size(), 3000u);
  // A lead byte cut from its trail byte, three times (ICU's Big5 maps lone
  // 0x80 and 0xFF, so those would not be errors).
  for (int i = 0; i < 3; ++i) {
    const size_t pos = big5.find('\n', static_cast<size_t>(i + 1) * 900);
    ASSERT_NE(pos, std::string::npos);
    big5.insert(pos, 1, '\xA4');
  }
  auto decoded = DecodeToUtf8(big5, "");
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(decoded->encoding, "Big5");
  EXPECT_GE(decoded->replaced_sequences, 3);
  EXPECT_LE(decoded->replaced_sequences, 9);
}

TEST(LenientDecodeTest, Utf8WithATruncatedLastCharacterStaysUtf8) {
  const std::string utf8 = SamplesUtf8();
  ASSERT_FALSE(utf8.empty());
  const std::string truncated = utf8 + std::string("中").substr(0, 2);
  auto decoded = DecodeToUtf8(truncated, "");
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(decoded->encoding, "UTF-8");
  EXPECT_EQ(decoded->replaced_sequences, 1);
  EXPECT_EQ(decoded->text, utf8 + "\xEF\xBF\xBD");
}

TEST(LenientDecodeTest, Utf8WithADozenStrayBytesIn50KbStaysUtf8) {
  std::string damaged = RepeatTo(SamplesUtf8(), 50000);
  for (int i = 0; i < 12; ++i) {
    // At a character boundary, so each stray byte is exactly one bad sequence.
    const size_t pos = damaged.find('\n', static_cast<size_t>(i + 1) * 4000);
    ASSERT_NE(pos, std::string::npos);
    damaged.insert(pos, 1, '\xFF');
  }
  auto decoded = DecodeToUtf8(damaged, "");
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(decoded->encoding, "UTF-8");
  EXPECT_EQ(decoded->replaced_sequences, 12);
  EXPECT_TRUE(absl::StrContains(decoded->text, kKnownSentence));
}

TEST(LenientDecodeTest, BeyondTheThresholdThePageIsRefused) {
  std::string gbk = ToEncoding(SamplesUtf8(), "GBK");
  ASSERT_FALSE(gbk.empty());
  // One stray byte in 50: 2 % of the bytes.
  for (size_t pos = 25; pos < gbk.size(); pos += 50) gbk[pos] = '\xFF';
  for (const char* declared : {"", "gbk"}) {
    auto decoded = DecodeToUtf8(gbk, declared);
    EXPECT_EQ(decoded.status().code(), absl::StatusCode::kInvalidArgument) << declared;
    EXPECT_EQ(ErrorReason(decoded.status()), "UNDECODABLE_PAGE") << decoded.status();
  }
  EXPECT_EQ(MaxInvalidBytes(100), kInvalidBytesFloor);
  EXPECT_EQ(MaxInvalidBytes(50000), 500);
  // A few bytes of garbage are not a page with a few bad bytes.
  EXPECT_EQ(MaxInvalidBytes(20), 2);
  EXPECT_EQ(ErrorReason(DecodeToUtf8("\xFF\xFF\xFF", "utf-8").status()), "UNDECODABLE_PAGE");
}

TEST(LenientDecodeTest, Utf16WithoutBomIsDetectedBothWays) {
  const std::string utf8 = SamplesUtf8();
  for (const char* encoding : {"UTF-16LE", "UTF-16BE"}) {
    const std::string bytes = ToEncoding(utf8, encoding);
    ASSERT_GT(bytes.size(), 1000u) << encoding;
    EXPECT_EQ(SniffUtf16(bytes), encoding);
    auto decoded = DecodeToUtf8(bytes, "");
    ASSERT_TRUE(decoded.ok()) << encoding << ": " << decoded.status();
    EXPECT_EQ(decoded->encoding, encoding);
    EXPECT_EQ(decoded->text, utf8);
  }
}

TEST(LenientDecodeTest, BinaryWithNulBytesIsNotUtf16) {
  std::mt19937 rng(42);
  std::string every_other(8192, '\0');
  std::string sparse_zeros(8192, '\0');
  for (size_t i = 0; i < every_other.size(); ++i) {
    if (i % 2 == 0) every_other[i] = static_cast<char>(rng());
    if (rng() % 10 != 0) sparse_zeros[i] = static_cast<char>(rng());
  }
  EXPECT_EQ(SniffUtf16(every_other), "");
  EXPECT_EQ(SniffUtf16(sparse_zeros), "");
  // Through validation, binary stays refused.
  auto validated = ingest::ValidatePage(every_other, "", "");
  EXPECT_FALSE(validated.ok());
  // Pure-ASCII UTF-16 text is text.
  EXPECT_EQ(SniffUtf16(std::string("h\0e\0l\0l\0o\0 \0w\0o\0r\0l\0d\0\n\0", 24)), "UTF-16LE");
}

}  // namespace
}  // namespace zhengwen::normalization
