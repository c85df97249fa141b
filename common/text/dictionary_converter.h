// DictionaryConverter: a fast, exact re-implementation of OpenCC's conversion
// for the common configuration shape (t2s.json and the like), reading the
// same .ocd2 dictionaries through OpenCC's own API.
//
// Such a configuration segments text by maximum match over a phrase
// dictionary P and converts it with one dictionary group [P, C1, C2...]. The
// result is: at each position, the longest key of P that starts there is
// replaced by its value; otherwise the character is looked up in C1, C2...
// (first hit wins) or copied. OpenCC does the same through a marisa trie per
// position, which makes it the slowest part of the pipeline; here P is a hash
// map probed only at characters that start one of its keys, and the C's are
// an array indexed by code point.
//
// Only configurations of exactly that shape, whose C dictionaries have
// single-character keys, are accepted; anything else gets nullptr and the
// caller keeps using OpenCC.
#ifndef ZHENGWEN_COMMON_TEXT_DICTIONARY_CONVERTER_H_
#define ZHENGWEN_COMMON_TEXT_DICTIONARY_CONVERTER_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"

namespace zhengwen {

class DictionaryConverter {
 public:
  // Loads the dictionaries of the OpenCC configuration file at `config_path`
  // (resolving dictionary names against `data_dirs`); nullptr when the
  // configuration is not of the supported shape or cannot be read.
  static std::unique_ptr<DictionaryConverter> FromConfig(const std::string& config_path,
                                                         const std::vector<std::string>& data_dirs);

  // `text` converted. Thread-safe.
  std::string Convert(absl::string_view text) const;

  // True when some entry changes `cp` (where it is the key or a character of a
  // phrase key that converts differently): text without any such character
  // converts to itself.
  bool Changes(char32_t cp) const {
    return cp >= kTableSize || (changing_[cp / 64] >> (cp % 64) & 1) != 0;
  }

 private:
  static constexpr char32_t kTableSize = 0x40000;  // planes 0-3

  DictionaryConverter() = default;
  void MarkChanging(absl::string_view key, absl::string_view value);
  bool StartsPhrase(char32_t cp) const {
    return cp < kTableSize && (phrase_starts_[cp / 64] >> (cp % 64) & 1) != 0;
  }

  // The segmentation dictionary P: key -> value, and its longest key.
  absl::flat_hash_map<std::string, std::string> phrases_;
  int max_phrase_code_points_ = 0;
  std::vector<uint64_t> phrase_starts_;
  // The C dictionaries: code point -> index into char_values_ (-1: none).
  std::vector<int32_t> char_index_;
  std::vector<std::string> char_values_;
  // Characters some entry changes.
  std::vector<uint64_t> changing_;
};

}  // namespace zhengwen

#endif  // ZHENGWEN_COMMON_TEXT_DICTIONARY_CONVERTER_H_
