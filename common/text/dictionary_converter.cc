#include "common/text/dictionary_converter.h"

#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <opencc/Lexicon.hpp>
#include <opencc/MarisaDict.hpp>
#include <sstream>

#include "common/text/utf8.h"

namespace zhengwen {
namespace {

using google::protobuf::ListValue;
using google::protobuf::Struct;
using google::protobuf::Value;

const Value* Field(const Struct& s, const std::string& name) {
  auto it = s.fields().find(name);
  return it == s.fields().end() ? nullptr : &it->second;
}

std::string StringField(const Struct& s, const std::string& name) {
  const Value* v = Field(s, name);
  return v != nullptr && v->kind_case() == Value::kStringValue ? v->string_value() : "";
}

const Struct* StructField(const Struct& s, const std::string& name) {
  const Value* v = Field(s, name);
  return v != nullptr && v->kind_case() == Value::kStructValue ? &v->struct_value() : nullptr;
}

// File name of an {"type": "ocd2", "file": ...} dictionary, or "".
std::string Ocd2File(const Struct& dict) {
  return StringField(dict, "type") == "ocd2" ? StringField(dict, "file") : "";
}

std::string Resolve(const std::string& name, const std::vector<std::string>& dirs) {
  std::error_code error;
  for (const std::string& dir : dirs) {
    const std::filesystem::path path = std::filesystem::path(dir) / name;
    if (std::filesystem::is_regular_file(path, error)) return path.string();
  }
  return "";
}

opencc::LexiconPtr LoadLexicon(const std::string& path) {
  FILE* fp = std::fopen(path.c_str(), "rb");
  if (fp == nullptr) return nullptr;
  opencc::LexiconPtr lexicon;
  try {
    lexicon = opencc::MarisaDict::NewFromFile(fp)->GetLexicon();
  } catch (const std::exception&) {
    lexicon = nullptr;
  }
  std::fclose(fp);
  return lexicon;
}

}  // namespace

std::unique_ptr<DictionaryConverter> DictionaryConverter::FromConfig(
    const std::string& config_path, const std::vector<std::string>& data_dirs) {
  std::ifstream in(config_path);
  if (!in) return nullptr;
  std::ostringstream json;
  json << in.rdbuf();
  Struct root;
  if (!google::protobuf::util::JsonStringToMessage(json.str(), &root).ok()) return nullptr;

  // segmentation: {"type": "mmseg", "dict": P}
  const Struct* segmentation = StructField(root, "segmentation");
  if (segmentation == nullptr || StringField(*segmentation, "type") != "mmseg") return nullptr;
  const Struct* segmentation_dict = StructField(*segmentation, "dict");
  if (segmentation_dict == nullptr) return nullptr;
  const std::string phrase_file = Ocd2File(*segmentation_dict);
  if (phrase_file.empty()) return nullptr;

  // conversion_chain: exactly one step whose dict is P or a group [P, C...].
  const Value* chain = Field(root, "conversion_chain");
  if (chain == nullptr || chain->kind_case() != Value::kListValue ||
      chain->list_value().values_size() != 1 ||
      chain->list_value().values(0).kind_case() != Value::kStructValue) {
    return nullptr;
  }
  const Struct* step_dict = StructField(chain->list_value().values(0).struct_value(), "dict");
  if (step_dict == nullptr) return nullptr;
  std::vector<std::string> files;
  if (StringField(*step_dict, "type") == "group") {
    const Value* dicts = Field(*step_dict, "dicts");
    if (dicts == nullptr || dicts->kind_case() != Value::kListValue) return nullptr;
    for (const Value& d : dicts->list_value().values()) {
      if (d.kind_case() != Value::kStructValue) return nullptr;
      const std::string file = Ocd2File(d.struct_value());
      if (file.empty()) return nullptr;
      files.push_back(file);
    }
  } else {
    files.push_back(Ocd2File(*step_dict));
  }
  if (files.empty() || files[0] != phrase_file) return nullptr;

  std::unique_ptr<DictionaryConverter> converter(new DictionaryConverter());
  converter->phrase_starts_.assign(kTableSize / 64, 0);
  converter->changing_.assign(kTableSize / 64, 0);
  converter->char_index_.assign(kTableSize, -1);
  for (size_t f = 0; f < files.size(); ++f) {
    const std::string path = Resolve(files[f], data_dirs);
    if (path.empty()) return nullptr;
    opencc::LexiconPtr lexicon = LoadLexicon(path);
    if (lexicon == nullptr) return nullptr;
    for (const auto& entry : *lexicon) {
      const std::string key = entry->Key();
      if (key.empty()) continue;
      const std::string value = entry->NumValues() == 0 ? key : entry->GetDefault();
      size_t pos = 0;
      const char32_t first = DecodeUtf8(key, &pos);
      if (f == 0) {
        converter->phrases_.emplace(key, value);
        converter->max_phrase_code_points_ =
            std::max(converter->max_phrase_code_points_, CodePointCount(key));
        if (first >= kTableSize) return nullptr;
        converter->phrase_starts_[first / 64] |= uint64_t{1} << (first % 64);
      } else {
        // Later dictionaries are only reached one character at a time.
        if (pos != key.size() || first >= kTableSize) return nullptr;
        if (converter->char_index_[first] >= 0) continue;  // an earlier dictionary wins
        converter->char_index_[first] = static_cast<int32_t>(converter->char_values_.size());
        converter->char_values_.push_back(value);
      }
      if (value != key) converter->MarkChanging(key, value);
    }
  }
  return converter;
}

void DictionaryConverter::MarkChanging(absl::string_view key, absl::string_view value) {
  std::vector<char32_t> from;
  std::vector<char32_t> to;
  for (size_t pos = 0; pos < key.size();) from.push_back(DecodeUtf8(key, &pos));
  for (size_t pos = 0; pos < value.size();) to.push_back(DecodeUtf8(value, &pos));
  for (size_t i = 0; i < from.size(); ++i) {
    if (from.size() == to.size() && from[i] == to[i]) continue;
    if (from[i] < kTableSize) changing_[from[i] / 64] |= uint64_t{1} << (from[i] % 64);
  }
}

std::string DictionaryConverter::Convert(absl::string_view text) const {
  std::string out;
  out.reserve(text.size());
  // Byte offsets of the next code points, for trying phrase lengths.
  std::vector<size_t> ends;
  ends.reserve(static_cast<size_t>(max_phrase_code_points_) + 1);
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t start = pos;
    const char32_t cp = DecodeUtf8(text, &pos);
    if (StartsPhrase(cp)) {
      ends.clear();
      ends.push_back(pos);
      for (size_t next = pos;
           ends.size() < static_cast<size_t>(max_phrase_code_points_) && next < text.size();) {
        DecodeUtf8(text, &next);
        ends.push_back(next);
      }
      bool matched = false;
      for (size_t k = ends.size(); k-- > 0;) {
        auto it = phrases_.find(text.substr(start, ends[k] - start));
        if (it != phrases_.end()) {
          out += it->second;
          pos = ends[k];
          matched = true;
          break;
        }
      }
      if (matched) continue;
    }
    const int32_t index = cp < kTableSize ? char_index_[cp] : -1;
    if (index >= 0) {
      out += char_values_[static_cast<size_t>(index)];
    } else {
      out.append(text.data() + start, pos - start);
    }
  }
  return out;
}

}  // namespace zhengwen
