#include "services/normalization/mojibake_repair.h"

#include <unicode/ucnv.h>

#include <memory>
#include <vector>

#include "absl/strings/ascii.h"
#include "common/text/utf8.h"

namespace zhengwen::normalization {
namespace {

// Longest run (in characters) considered: a shifted GBK stream falls back
// into step within a few characters on real pages.
constexpr int kMaxRun = 8;
constexpr int kMaxPinyinLetters = 7;

bool IsTonedVowel(char32_t cp) {
  static constexpr char32_t kToned[] = U"āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü";
  for (char32_t t : kToned) {
    if (t != 0 && cp == t) return true;
  }
  return false;
}

bool IsPinyinLetter(char32_t cp) { return (cp >= 'a' && cp <= 'z') || IsTonedVowel(cp); }

bool IsPrivateUse(char32_t cp) { return cp >= 0xE000 && cp <= 0xF8FF; }

// A byte GBK uses as a trail byte that also reads as printable ASCII.
bool IsAsciiTrail(char32_t cp) { return cp >= 0x40 && cp <= 0x7E; }

// Question particles: a '?' after them is a real question mark.
bool IsQuestionParticle(char32_t cp) {
  return cp == U'吗' || cp == U'呢' || cp == U'么' || cp == U'吧' || cp == U'啊' || cp == U'呀' ||
         cp == U'嗎' || cp == U'麼';
}

// Width-folded punctuation that was a fullwidth GBK character before.
char32_t FullwidthOf(char32_t cp) {
  switch (cp) {
    case '!':
    case ',':
    case ':':
    case ';':
    case '?':
    case '(':
    case ')':
      return cp + 0xFEE0;
    default:
      return 0;
  }
}

// Length of a toned pinyin annotation "(zhì)" starting at `i`, or 0.
int AnnotationLength(const std::vector<char32_t>& cps, int i) {
  const int n = static_cast<int>(cps.size());
  if (i >= n || cps[i] != '(') return 0;
  int k = i + 1;
  bool toned = false;
  while (k < n && k - i - 1 < kMaxPinyinLetters && IsPinyinLetter(cps[k])) {
    toned = toned || IsTonedVowel(cps[k]);
    ++k;
  }
  if (k == i + 1 || k >= n || cps[k] != ')' || !toned) return 0;
  return k + 1 - i;
}

// Length of an annotation tail without its '(' ("nèi)") starting at `i`, or 0.
int AnnotationTailLength(const std::vector<char32_t>& cps, int i) {
  const int n = static_cast<int>(cps.size());
  int k = i;
  bool toned = false;
  while (k < n && k - i < kMaxPinyinLetters && IsPinyinLetter(cps[k])) {
    toned = toned || IsTonedVowel(cps[k]);
    ++k;
  }
  if (k == i || k >= n || cps[k] != ')' || !toned) return 0;
  return k + 1 - i;
}

// GBK encoding and decoding of single characters through ICU's GB18030
// converter (a superset of GBK; only its one- and two-byte codes are used).
class GbkCodec {
 public:
  GbkCodec() {
    UErrorCode status = U_ZERO_ERROR;
    conv_ = ucnv_open("GB18030", &status);
    if (U_FAILURE(status)) {
      conv_ = nullptr;
      return;
    }
    ucnv_setFromUCallBack(conv_, UCNV_FROM_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &status);
    ucnv_setToUCallBack(conv_, UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &status);
  }
  ~GbkCodec() {
    if (conv_ != nullptr) ucnv_close(conv_);
  }
  GbkCodec(const GbkCodec&) = delete;
  GbkCodec& operator=(const GbkCodec&) = delete;

  // Appends the one- or two-byte GBK code of `cp`; false when it has none.
  bool Encode(char32_t cp, std::string* bytes) {
    if (conv_ == nullptr || cp > 0xFFFF) return false;
    ucnv_resetFromUnicode(conv_);
    UErrorCode status = U_ZERO_ERROR;
    const UChar unit = static_cast<UChar>(cp);
    char buffer[8];
    const int32_t length = ucnv_fromUChars(conv_, buffer, sizeof(buffer), &unit, 1, &status);
    if (U_FAILURE(status) || length < 1 || length > 2) return false;
    bytes->append(buffer, static_cast<size_t>(length));
    return true;
  }

  // The character a two-byte GBK code stands for, or 0 when it is not one.
  char32_t DecodePair(unsigned char lead, unsigned char trail) {
    if (conv_ == nullptr || lead < 0x81 || lead > 0xFE || trail < 0x40 || trail == 0x7F ||
        trail > 0xFE) {
      return 0;
    }
    ucnv_resetToUnicode(conv_);
    UErrorCode status = U_ZERO_ERROR;
    const char bytes[2] = {static_cast<char>(lead), static_cast<char>(trail)};
    UChar out[4];
    const int32_t length = ucnv_toUChars(conv_, out, 4, bytes, 2, &status);
    if (U_FAILURE(status) || length != 1) return 0;
    const char32_t cp = out[0];
    if (IsPrivateUse(cp) || cp == 0xFFFD || cp < 0x80) return 0;
    return cp;
  }

 private:
  UConverter* conv_ = nullptr;
};

std::string Slice(const std::vector<char32_t>& cps, int from, int to) {
  std::string out;
  for (int i = from; i < to; ++i) EncodeUtf8(cps[i], &out);
  return out;
}

}  // namespace

MojibakeResult RepairMojibake(absl::string_view line, int line_number, EditLog* log) {
  MojibakeResult result;
  // Fast path: every kind of run involves '?', a private-use character or '('.
  bool candidate = false;
  for (size_t pos = 0; pos < line.size() && !candidate;) {
    const char32_t cp = DecodeUtf8(line, &pos);
    candidate = cp == '?' || cp == '(' || IsPrivateUse(cp);
  }
  if (!candidate) {
    result.text = std::string(line);
    return result;
  }
  std::vector<char32_t> cps;
  for (size_t pos = 0; pos < line.size();) cps.push_back(DecodeUtf8(line, &pos));
  const int n = static_cast<int>(cps.size());
  std::unique_ptr<GbkCodec> codec;
  std::string& out = result.text;
  out.reserve(line.size());

  for (int i = 0; i < n;) {
    const char32_t cp = cps[i];
    if (cp == '?' && i > 0 && (cps[i - 1] >= 0x80 || cps[i - 1] == ')') &&
        !IsQuestionParticle(cps[i - 1])) {
      int j = i + 1;
      const int tail = AnnotationTailLength(cps, j);
      const bool marker = tail > 0;
      j += tail;
      // The run: characters decoded out of step, up to the ASCII trail byte.
      std::vector<char32_t> run;
      int m = j;
      bool in_step = false;
      while (m < n && static_cast<int>(run.size()) < kMaxRun) {
        const char32_t c = cps[m];
        if (c >= 0x80) {
          run.push_back(c);
          ++m;
          continue;
        }
        if (m == j && !marker && FullwidthOf(c) != 0) {
          run.push_back(FullwidthOf(c));
          ++m;
          continue;
        }
        // "?l展": the lost character's trail byte is all that is left of it.
        const bool lone_trail = run.empty() && !marker && m + 1 < n && IsHan(cps[m + 1]) &&
                                IsHan(cps[i - 1]) &&
                                absl::ascii_isalpha(static_cast<unsigned char>(c));
        if (IsAsciiTrail(c) && (!run.empty() || marker || lone_trail)) {
          run.push_back(c);
          ++m;
          in_step = true;
        }
        break;
      }
      if (run.empty() && !marker) {
        EncodeUtf8(cp, &out);
        ++i;
        continue;
      }
      if (codec == nullptr) codec = std::make_unique<GbkCodec>();
      std::string bytes;
      bool encodable = true;
      for (char32_t c : run) encodable = encodable && codec->Encode(c, &bytes);
      std::string repaired;
      bool repaired_ok = false;
      unsigned char lost_trail = 0;
      if (encodable && !bytes.empty()) {
        lost_trail = static_cast<unsigned char>(bytes[0]);
        bytes.erase(0, 1);  // The orphan trail byte of the lost character.
        if (bytes.size() % 2 == 1 && m < n && cps[m] == '?') {
          // A lead byte whose trail was lost too: the next '?' (and any
          // annotation tail after it) is that character.
          bytes.pop_back();
          ++m;
          m += AnnotationTailLength(cps, m);
          in_step = true;
        }
        if (in_step && bytes.size() % 2 == 0) {
          repaired_ok = true;
          for (size_t b = 0; b < bytes.size() && repaired_ok; b += 2) {
            const char32_t decoded = codec->DecodePair(static_cast<unsigned char>(bytes[b]),
                                                       static_cast<unsigned char>(bytes[b + 1]));
            repaired_ok = decoded != 0;
            if (repaired_ok) EncodeUtf8(decoded, &repaired);
          }
        }
      }
      if (repaired_ok && !repaired.empty()) {
        // The lost character is unknown, except in the common case of a
        // sentence end before an opening mark: a trail byte that makes "。"
        // or "、" with the punctuation lead byte 0xA1, then "《" or "“".
        size_t first = 0;
        const char32_t next = DecodeUtf8(repaired, &first);
        const char32_t punctuation = codec->DecodePair(0xA1, lost_trail);
        if ((punctuation == U'。' || punctuation == U'、') &&
            (next == U'《' || next == U'“' || next == U'「' || next == U'『')) {
          std::string restored;
          EncodeUtf8(punctuation, &restored);
          repaired = restored + repaired;
        }
      }
      if (repaired_ok) {
        log->Add("mojibake", "shifted_gbk_run", Slice(cps, i, m), repaired, line_number);
        out += repaired;
        ++result.runs;
        i = m;
        continue;
      }
      if (marker) {
        log->Add("mojibake", "orphan_annotation_marker", Slice(cps, i, j), "", line_number);
        ++result.runs;
        i = j;
        continue;
      }
      if (in_step) {
        log->Flag("mojibake", "unrepairable_run", Slice(cps, i, m), line_number);
        ++result.runs;
      }
      EncodeUtf8(cp, &out);
      ++i;
      continue;
    }
    // "F(xiàn)": a trail byte left alone when its lead byte was lost, still
    // followed by the annotation of the character it belonged to.
    if (IsAsciiTrail(cp) && (absl::ascii_isalpha(static_cast<unsigned char>(cp)) || cp == '|')) {
      const int annotation = AnnotationLength(cps, i + 1);
      const bool isolated_before =
          i > 0 &&
          !(cps[i - 1] < 0x80 && absl::ascii_isalnum(static_cast<unsigned char>(cps[i - 1])));
      if (annotation > 0 && isolated_before) {
        log->Add("mojibake", "lost_lead_byte", Slice(cps, i, i + 1 + annotation), "", line_number);
        ++result.runs;
        i += 1 + annotation;
        continue;
      }
    }
    if (IsPrivateUse(cp)) {
      log->Add("mojibake", "private_use_char", Slice(cps, i, i + 1), "", line_number);
      ++result.runs;
      ++i;
      continue;
    }
    EncodeUtf8(cp, &out);
    ++i;
  }
  return result;
}

}  // namespace zhengwen::normalization
