#include "services/normalization/pinyin_stage.h"

#include "re2/re2.h"
#include "common/text/utf8.h"

namespace zhengwen::normalization {
namespace {

bool IsToneMarked(char32_t cp) {
  static constexpr char32_t kToned[] = {U'ā', U'á', U'ǎ', U'à', U'ē', U'é', U'ě', U'è',
                                        U'ī', U'í', U'ǐ', U'ì', U'ō', U'ó', U'ǒ', U'ò',
                                        U'ū', U'ú', U'ǔ', U'ù', U'ǖ', U'ǘ', U'ǚ', U'ǜ', U'ü'};
  for (char32_t t : kToned) {
    if (cp == t) return true;
  }
  return false;
}

// Maps tone-marked vowels to plain letters so the syllable shape can be checked.
std::string StripTones(absl::string_view text) {
  std::string out;
  for (size_t pos = 0; pos < text.size();) {
    char32_t cp = DecodeUtf8(text, &pos);
    switch (cp) {
      case U'ā': case U'á': case U'ǎ': case U'à': out += 'a'; break;
      case U'ē': case U'é': case U'ě': case U'è': out += 'e'; break;
      case U'ī': case U'í': case U'ǐ': case U'ì': out += 'i'; break;
      case U'ō': case U'ó': case U'ǒ': case U'ò': out += 'o'; break;
      case U'ū': case U'ú': case U'ǔ': case U'ù': out += 'u'; break;
      case U'ǖ': case U'ǘ': case U'ǚ': case U'ǜ': case U'ü': out += 'v'; break;
      default:
        if (cp < 0x80) {
          out += static_cast<char>(cp);
        } else {
          return "";
        }
    }
  }
  return out;
}

bool IsOpenParen(char32_t cp) { return cp == U'(' || cp == U'（'; }
bool IsCloseParen(char32_t cp) { return cp == U')' || cp == U'）'; }

}  // namespace

bool IsTonedPinyinSyllable(absl::string_view text) {
  bool toned = false;
  for (size_t pos = 0; pos < text.size();) {
    char32_t cp = DecodeUtf8(text, &pos);
    if (IsToneMarked(cp)) {
      toned = true;
    } else if (!(cp >= U'a' && cp <= U'z')) {
      return false;
    }
  }
  if (!toned) return false;
  // Initial + final of Mandarin syllables (v stands for ü).
  static const RE2 kSyllable(
      "(zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
      "(iang|iong|uang|ang|eng|ing|ong|ian|iao|uai|uan|van|ai|ei|ao|ou|an|en|in|un|vn|ia|ie|iu|"
      "ua|uo|ui|ve|ue|er|a|o|e|i|u|v|ng|n|m)");
  return RE2::FullMatch(StripTones(text), kSyllable);
}

std::string RemovePinyin(absl::string_view line, int line_number, EditLog* log) {
  // Fast path: no parenthesis, no annotation.
  if (line.find('(') == absl::string_view::npos &&
      line.find("\xEF\xBC\x88") == absl::string_view::npos) {
    return std::string(line);
  }
  std::string out;
  out.reserve(line.size());
  // A line's annotations are logged as one edit per rule (a converted page
  // has one after most polyphonic characters).
  std::string after_han;
  std::string after_other;
  char32_t previous = 0;
  size_t pos = 0;
  while (pos < line.size()) {
    const size_t start = pos;
    char32_t cp = DecodeUtf8(line, &pos);
    // After a Han character, or after a character a mis-decode left where the
    // Han character was: a toned syllable in parentheses is always an annotation.
    if (IsOpenParen(cp) && previous != 0 && previous != U' ') {
      // Look for a short run of letters and a closing parenthesis.
      size_t scan = pos;
      size_t inner_end = pos;
      bool closed = false;
      for (int letters = 0; scan < line.size() && letters <= 7; ++letters) {
        inner_end = scan;
        char32_t c = DecodeUtf8(line, &scan);
        if (IsCloseParen(c)) {
          closed = true;
          break;
        }
      }
      if (closed && IsTonedPinyinSyllable(line.substr(pos, inner_end - pos))) {
        (IsHan(previous) ? after_han : after_other).append(line.data() + start, scan - start);
        pos = scan;
        continue;  // `previous` stays the Han character: "行(xíng)(háng)" is rare but safe.
      }
    }
    out.append(line.data() + start, pos - start);
    previous = cp;
  }
  if (!after_han.empty()) log->Add("pinyin", "annotation_after_han", after_han, "", line_number);
  if (!after_other.empty()) {
    log->Add("pinyin", "annotation_after_non_han", after_other, "", line_number);
  }
  return out;
}

}  // namespace zhengwen::normalization
