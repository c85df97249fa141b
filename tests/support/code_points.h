// Test support: code-point substrings, the unit highlight and span offsets use.
#ifndef ZHENGWEN_TESTS_SUPPORT_CODE_POINTS_H_
#define ZHENGWEN_TESTS_SUPPORT_CODE_POINTS_H_

#include <string>

#include "common/utf8.h"

namespace zhengwen::testing {

// The code points [offset, offset + length) of `text`, as UTF-8.
inline std::string CodePointSubstr(const std::string& text, int offset, int length) {
  std::u32string cps;
  for (size_t pos = 0; pos < text.size();) cps.push_back(DecodeUtf8(text, &pos));
  std::string out;
  for (int i = offset; i < offset + length && i < static_cast<int>(cps.size()); ++i) {
    EncodeUtf8(cps[i], &out);
  }
  return out;
}

}  // namespace zhengwen::testing

#endif  // ZHENGWEN_TESTS_SUPPORT_CODE_POINTS_H_
