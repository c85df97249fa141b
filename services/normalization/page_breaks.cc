#include "services/normalization/page_breaks.h"

#include <vector>

#include "re2/re2.h"
#include "common/text/utf8.h"

namespace zhengwen::normalization {
namespace {

// A list item this short and without clause punctuation is a heading-like
// item, so the next number after it continues the list rather than a page.
constexpr int kShortItem = 60;

// "2、" at the start of a line: the number and the marker's length in bytes.
bool PageNumberPrefix(absl::string_view text, int* number, size_t* length) {
  static const RE2 kPrefix("^((\\d{1,3})、 ?)");
  re2::StringPiece input(text.data(), text.size());
  re2::StringPiece whole;
  re2::StringPiece digits;
  if (!RE2::PartialMatch(input, kPrefix, &whole, &digits)) return false;
  *number = 0;
  for (char c : digits) *number = *number * 10 + (c - '0');
  *length = whole.size();
  return true;
}

// A heading-like list item ("1、加强领导") has no clause punctuation.
bool HasClausePunctuation(absl::string_view text) {
  for (size_t pos = 0; pos < text.size();) {
    switch (DecodeUtf8(text, &pos)) {
      case U'。':
      case ',':
      case ';':
      case ':':
      case '!':
      case '?':
      case U'，':
        return true;
      default:
        break;
    }
  }
  return false;
}

char32_t LastCodePoint(absl::string_view text) {
  size_t pos = text.size();
  while (pos > 0 && (static_cast<unsigned char>(text[pos - 1]) & 0xC0) == 0x80) --pos;
  if (pos > 0) --pos;
  return text.empty() ? 0 : DecodeUtf8(text, &pos);
}

}  // namespace

bool EndsSentence(absl::string_view text) {
  switch (LastCodePoint(text)) {
    case U'。':
    case U'!':
    case U'?':
    case U';':
    case U':':
    case U'…':
    case U'”':
    case U'’':
    case U'」':
    case U'』':
    case U'"':
    case U'》':
    case U'.':
    case U'！':
    case U'？':
    case U'；':
    case U'：':
      return true;
    default:
      return false;
  }
}

void JoinPageBreaks(PageLines* lines, EditLog* log) {
  std::vector<size_t> body;
  for (size_t i = 0; i < lines->size(); ++i) {
    if ((*lines)[i].state == LineState::kBody) body.push_back(i);
  }
  int last_page = 0;
  size_t page_one_end = 0;  // index of the line page two was joined to
  size_t into = 0;          // the line the current page is being joined into
  bool joining = false;
  for (size_t k = 1; k < body.size(); ++k) {
    PageLine& line = (*lines)[body[k]];
    const size_t prev_index = joining ? into : body[k - 1];
    PageLine& prev = (*lines)[prev_index];
    int number = 0;
    size_t marker = 0;
    const bool is_break = PageNumberPrefix(line.text, &number, &marker) && number >= 2 &&
                          (last_page == 0 || number == last_page + 1) && !EndsSentence(prev.text);
    bool list_item = false;
    if (is_break) {
      int prev_number = 0;
      size_t prev_marker = 0;
      list_item = PageNumberPrefix(prev.text, &prev_number, &prev_marker) &&
                  prev_number == number - 1 && CodePointCount(prev.text) <= kShortItem &&
                  !HasClausePunctuation(prev.text);
    }
    if (!is_break || list_item) {
      joining = false;
      continue;
    }
    log->Add("page_breaks", "page_number_mid_sentence", line.text.substr(0, marker), "",
             line.number);
    if (last_page == 0) page_one_end = prev_index;
    prev.text.append(line.text, marker, std::string::npos);
    line.text.clear();
    line.state = LineState::kJoined;
    last_page = number;
    into = prev_index;
    joining = true;
  }
  if (last_page == 0) return;
  // Page one starts with "1、" too: on the line page two was joined to, or
  // the nearest body line before it that starts with it.
  for (size_t k = body.size(); k-- > 0;) {
    if (body[k] > page_one_end) continue;
    PageLine& line = (*lines)[body[k]];
    if (line.state != LineState::kBody) continue;
    int number = 0;
    size_t marker = 0;
    if (PageNumberPrefix(line.text, &number, &marker) && number == 1) {
      log->Add("page_breaks", "first_page_number", line.text.substr(0, marker), "", line.number);
      line.text.erase(0, marker);
      break;
    }
  }
}

}  // namespace zhengwen::normalization
