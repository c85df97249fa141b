// Decoding: bytes in the encodings Chinese pages arrive in -> UTF-8.
// Fixtures are byte literals (the same text encoded by hand), plus one
// produced by iconv at test time (a skip without iconv, a failure under CI=true).
#include <cstdio>
#include <string>

#include "common/text/decoder.h"
#include "gtest/gtest.h"
#include "tests/support/ci.h"

namespace zhengwen {
namespace {

constexpr char kSimplified[] = "讲话稿：质量强市";
constexpr char kTraditional[] = "講話稿：質量強市";

std::string Bytes(const char* hex) {
  std::string out;
  for (const char* p = hex; p[0] != '\0' && p[1] != '\0'; p += 2) {
    out.push_back(static_cast<char>(std::stoi(std::string(p, 2), nullptr, 16)));
  }
  return out;
}

TEST(DecodeTest, Utf8WithoutBom) {
  auto decoded = DecodeToUtf8(kSimplified, "");
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(decoded->text, kSimplified);
  EXPECT_EQ(decoded->encoding, "UTF-8");
}

TEST(DecodeTest, Utf8BomIsStripped) {
  auto decoded = DecodeToUtf8(std::string("\xEF\xBB\xBF") + kSimplified, "");
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(decoded->text, kSimplified);
  EXPECT_EQ(decoded->encoding, "UTF-8");
  EXPECT_FALSE(decoded->detected);
}

TEST(DecodeTest, GbkDetectedWithoutDeclaration) {
  // Long enough for detection; GBK is not valid UTF-8.
  std::string gbk;
  for (int i = 0; i < 20; ++i) gbk += Bytes("bdb2bbb0b8e5a3bad6cac1bfc7bfcad0");
  auto decoded = DecodeToUtf8(gbk, "");
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(decoded->encoding, "GB18030");
  EXPECT_TRUE(decoded->detected);
  EXPECT_EQ(decoded->text.substr(0, std::string(kSimplified).size()), kSimplified);
}

TEST(DecodeTest, GbkDeclaredUnderAnyLabel) {
  for (const char* label : {"gbk", "GB2312", "gb18030", "cp936"}) {
    auto decoded = DecodeToUtf8(Bytes("bdb2bbb0b8e5a3bad6cac1bfc7bfcad0"), label);
    ASSERT_TRUE(decoded.ok()) << label << ": " << decoded.status();
    EXPECT_EQ(decoded->text, kSimplified) << label;
    EXPECT_EQ(decoded->encoding, "GB18030") << label;
  }
}

TEST(DecodeTest, TraditionalCharactersInGbk) {
  auto decoded = DecodeToUtf8(Bytes("d676d492b8e5a3bad97cc1bf8f8acad0"), "gbk");
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(decoded->text, kTraditional);
}

TEST(DecodeTest, Gb18030FourByteSequence) {
  auto decoded = DecodeToUtf8(Bytes("95328236"), "gb18030");
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(decoded->text, "𠀀");
}

TEST(DecodeTest, Big5Declared) {
  auto decoded = DecodeToUtf8(Bytes("c1bfb8dcbd5aa147bde8b671b16aa5ab"), "big5");
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(decoded->text, kTraditional);
  EXPECT_EQ(decoded->encoding, "Big5");
}

TEST(DecodeTest, Utf16LittleAndBigEndianWithBom) {
  auto le = DecodeToUtf8(Bytes("fffeb28bdd8b3f7a1aff288dcf913a5f025e"), "");
  ASSERT_TRUE(le.ok()) << le.status();
  EXPECT_EQ(le->text, kSimplified);
  EXPECT_EQ(le->encoding, "UTF-16LE");
  auto be = DecodeToUtf8(Bytes("feff8bb28bdd7a3fff1a8d2891cf5f3a5e02"), "");
  ASSERT_TRUE(be.ok()) << be.status();
  EXPECT_EQ(be->text, kSimplified);
  EXPECT_EQ(be->encoding, "UTF-16BE");
}

TEST(DecodeTest, HtmlMetaCharsetIsHonoured) {
  const std::string html = "<html><head><meta charset=\"gbk\"><title>t</title></head><body><p>" +
                           Bytes("d6cac1bf") + "</p></body></html>";
  EXPECT_EQ(SniffHtmlCharset(html), "gbk");
  EXPECT_EQ(SniffHtmlCharset("<meta http-equiv=\"Content-Type\" content=\"text/html; "
                             "charset=GB2312\">"),
            "GB2312");
  EXPECT_EQ(SniffHtmlCharset("<p>no meta here</p>"), "");
  auto decoded = DecodeToUtf8(html, "");
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(decoded->encoding, "GB18030");
  EXPECT_FALSE(decoded->detected);
  EXPECT_NE(decoded->text.find("<p>质量</p>"), std::string::npos) << decoded->text;
}

TEST(DecodeTest, InvalidBytesForTheDeclaredEncodingAreRefused) {
  auto decoded = DecodeToUtf8("\xFF\xFF\xFF", "utf-8");
  EXPECT_EQ(decoded.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(DecodeTest, UnsupportedDeclaredEncodingIsRefused) {
  auto decoded = DecodeToUtf8("abc", "shift_jis");
  EXPECT_EQ(decoded.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(DecodeTest, IconvMadeGbkFixture) {
  // The same check as above on bytes iconv produces, when iconv is present.
  FILE* pipe = popen("printf '%s' '质量强市工作领导讲话' | iconv -f UTF-8 -t GBK 2>/dev/null", "r");
  std::string bytes;
  if (pipe != nullptr) {
    char buffer[256];
    size_t n;
    while ((n = fread(buffer, 1, sizeof(buffer), pipe)) > 0) bytes.append(buffer, n);
    if (pclose(pipe) != 0) bytes.clear();
  }
  if (bytes.empty()) {
    ZW_SKIP_OR_FAIL_UNDER_CI("iconv not available (deploy/setup.sh installs libc-bin)");
  }
  auto decoded = DecodeToUtf8(bytes, "gbk");
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(decoded->text, "质量强市工作领导讲话");
}

TEST(DecodeTest, HtmlIsToldByContentTypeOrByItsStart) {
  EXPECT_TRUE(LooksLikeHtml("", "<!DOCTYPE html><html>"));
  EXPECT_TRUE(LooksLikeHtml("", "  <HTML><body>"));
  EXPECT_TRUE(LooksLikeHtml("text/html; charset=gbk", "plain words"));
  EXPECT_FALSE(LooksLikeHtml("text/plain", "<html>"));
  EXPECT_FALSE(LooksLikeHtml("", "同志们:今天我们开会。"));
}

}  // namespace
}  // namespace zhengwen
