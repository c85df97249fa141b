#include "services/normalization/unicode_cleanup.h"

#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "common/text/utf8.h"

namespace zhengwen::normalization {
namespace {

bool IsInvisible(char32_t cp) {
  return (cp < 0x20 && cp != '\t') || (cp >= 0x7F && cp <= 0x9F) || cp == 0x00AD ||
         (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) ||
         (cp >= 0x2060 && cp <= 0x2064) || (cp >= 0x2066 && cp <= 0x206F) || cp == 0xFEFF ||
         cp == 0x180E || (cp >= 0xFFF9 && cp <= 0xFFFB);
}

bool IsSpaceLike(char32_t cp) {
  return cp == ' ' || cp == '\t' || cp == 0x00A0 || cp == 0x1680 ||
         (cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

// Code points NFC never changes on their own (and that compose with nothing):
// the common case for Chinese pages, so ICU is skipped for such lines.
bool IsNfcStable(char32_t cp) {
  return cp < 0x300 || (cp >= 0x3000 && cp <= 0x303F) || (cp >= 0x3400 && cp <= 0x4DBF) ||
         (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xFF01 && cp <= 0xFFEF) ||
         (cp >= 0x2010 && cp <= 0x2027) || (cp >= 0x2030 && cp <= 0x205E) ||
         (cp >= 0xE000 && cp <= 0xF8FF);
}

std::string ToNfc(absl::string_view text) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status)) return std::string(text);
  const icu::UnicodeString input = icu::UnicodeString::fromUTF8(
      icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  const icu::UnicodeString normalized = nfc->normalize(input, status);
  if (U_FAILURE(status)) return std::string(text);
  std::string out;
  normalized.toUTF8String(out);
  return out;
}

bool IsChineseNumeral(char32_t cp) {
  static constexpr char32_t kNumerals[] = U"一二三四五六七八九十";
  for (char32_t n : kNumerals) {
    if (n != 0 && cp == n) return true;
  }
  return false;
}

}  // namespace

std::string CleanUnicode(absl::string_view line, int line_number, EditLog* log) {
  bool stable = true;
  for (size_t pos = 0; pos < line.size() && stable;) {
    stable = IsNfcStable(DecodeUtf8(line, &pos));
  }
  const std::string nfc = stable ? std::string() : ToNfc(line);
  const absl::string_view text = stable ? line : absl::string_view(nfc);

  std::string out;
  out.reserve(text.size());
  std::vector<std::string> removed;
  bool pending_space = false;
  for (size_t pos = 0; pos < text.size();) {
    const size_t start = pos;
    const char32_t cp = DecodeUtf8(text, &pos);
    if (IsInvisible(cp)) {
      removed.push_back(absl::StrFormat("U+%04X", static_cast<uint32_t>(cp)));
      continue;
    }
    if (IsSpaceLike(cp)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    out.append(text.data() + start, pos - start);
  }
  if (!removed.empty()) {
    log->Add("unicode", "invisible_char", absl::StrJoin(removed, " "), "", line_number);
  }
  return out;
}

std::string JoinSplitCjkWords(absl::string_view line, int line_number, EditLog* log) {
  if (line.find(' ') == absl::string_view::npos) return std::string(line);
  std::vector<char32_t> cps;
  std::vector<size_t> offsets;  // byte offset of each code point
  for (size_t pos = 0; pos < line.size();) {
    offsets.push_back(pos);
    cps.push_back(DecodeUtf8(line, &pos));
  }
  offsets.push_back(line.size());
  const int n = static_cast<int>(cps.size());
  std::vector<bool> drop(n, false);
  for (int i = 1; i + 1 < n; ++i) {
    if (cps[i] != ' ' || !IsHan(cps[i - 1]) || !IsHan(cps[i + 1])) continue;
    int left = 0;
    for (int j = i - 1; j >= 0 && IsHan(cps[j]); --j) ++left;
    int right = 0;
    for (int j = i + 1; j < n && IsHan(cps[j]); ++j) ++right;
    if (left != 1 && right != 1) continue;
    if (left == 1 && IsChineseNumeral(cps[i - 1])) continue;  // "。三 加强": a heading marker
    // A lone character followed by a digit or letter ("篇 1") is a label, not a split word.
    const int after_right = i + 1 + right;
    if (right == 1 && after_right < n && cps[after_right] < 0x80 &&
        (absl::ascii_isalnum(static_cast<unsigned char>(cps[after_right])))) {
      continue;
    }
    drop[i] = true;
    const size_t from = offsets[i - 1];
    const size_t to = offsets[i + 2];
    std::string joined(line.substr(from, offsets[i] - from));
    joined.append(line.data() + offsets[i + 1], to - offsets[i + 1]);
    log->Add("unicode", "split_cjk_word", line.substr(from, to - from), joined, line_number);
  }
  std::string out;
  out.reserve(line.size());
  for (int i = 0; i < n; ++i) {
    if (!drop[i]) out.append(line.data() + offsets[i], offsets[i + 1] - offsets[i]);
  }
  return out;
}

}  // namespace zhengwen::normalization
