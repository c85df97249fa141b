// The one UTF-8 library: decoding, encoding, counting, slicing, validity,
// line splitting and character classes.
#include "common/text/utf8.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace zhengwen {
namespace {

std::u32string Decode(absl::string_view text) {
  std::u32string out;
  for (size_t pos = 0; pos < text.size();) out.push_back(DecodeUtf8(text, &pos));
  return out;
}

TEST(Utf8Test, DecodesEveryLengthAndReplacesEachMalformedByte) {
  EXPECT_EQ(Decode("a\u00e9\u8bb2\U00020000"), U"a\u00e9\u8bb2\U00020000");
  // A truncated 3-byte character, an overlong '/', a surrogate, a lone continuation byte.
  EXPECT_EQ(Decode("\xe8\xae"), U"\uFFFD\uFFFD");
  EXPECT_EQ(Decode("\xc0\xaf"), U"\uFFFD\uFFFD");
  EXPECT_EQ(Decode("\xed\xa0\x80"), U"\uFFFD\uFFFD\uFFFD");
  EXPECT_EQ(Decode("\x80x"), U"\uFFFDx");
}

TEST(Utf8Test, ValidityTellsALiteralReplacementCharacterFromAMalformedByte) {
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("讲话稿 abc \U0010FFFF"));
  EXPECT_TRUE(IsValidUtf8("\xef\xbf\xbd"));  // U+FFFD itself
  EXPECT_FALSE(IsValidUtf8("\xe8\xae"));
  EXPECT_FALSE(IsValidUtf8("\xc0\xaf"));
  EXPECT_FALSE(IsValidUtf8("\xed\xa0\x80"));
  EXPECT_FALSE(IsValidUtf8("\xf4\x90\x80\x80"));  // above U+10FFFF
}

TEST(Utf8Test, EncodesAndReplacesWhatUtf8CannotCarry) {
  std::string out;
  for (char32_t cp : Decode("a\u00e9\u8bb2\U00020000")) EncodeUtf8(cp, &out);
  EXPECT_EQ(out, "a\u00e9\u8bb2\U00020000");
  out.clear();
  EncodeUtf8(0xD800, &out);
  EncodeUtf8(0x110000, &out);
  EXPECT_EQ(out, "\uFFFD\uFFFD");
}

TEST(Utf8Test, CountsAndSlicesByCodePoint) {
  EXPECT_EQ(CodePointCount(""), 0);
  EXPECT_EQ(CodePointCount("讲话ab\xe8"), 5);  // the stray byte counts as one
  EXPECT_EQ(CodePointSubstr("今天我们开会", 2, 2), "我们");
  EXPECT_EQ(CodePointSubstr("今天我们开会", 4, 10), "开会");
  EXPECT_EQ(CodePointSubstr("今天", 5, 1), "");
  EXPECT_EQ(CodePointSubstr("a\xe8讲", 1, 2), "\xe8讲");
}

TEST(Utf8Test, SplitsLinesDroppingCarriageReturns) {
  EXPECT_EQ(SplitLines("a\r\nb\n\nc"), (std::vector<std::string>{"a", "b", "", "c"}));
  EXPECT_EQ(SplitLines(""), (std::vector<std::string>{""}));
  EXPECT_EQ(SplitLines("a\n"), (std::vector<std::string>{"a", ""}));
}

TEST(Utf8Test, CharacterClasses) {
  EXPECT_TRUE(IsHan(U'讲'));
  EXPECT_TRUE(IsHan(U'〇'));
  EXPECT_FALSE(IsHan(U'の'));
  EXPECT_TRUE(IsCjkCodePoint(U'の'));
  EXPECT_TRUE(IsCjkCodePoint(U'한'));
  EXPECT_FALSE(IsCjkCodePoint(U'a'));
  EXPECT_TRUE(IsWordCodePoint(U'é'));
  EXPECT_FALSE(IsWordCodePoint(U'，'));
  EXPECT_EQ(FoldCodePoint(U'Ａ'), U'a');
  EXPECT_EQ(FoldCodePoint(U'讲'), U'讲');
}

}  // namespace
}  // namespace zhengwen
