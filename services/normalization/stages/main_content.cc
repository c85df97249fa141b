#include "services/normalization/stages/main_content.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/status_macros.h"
#include "services/normalization/default_rules.h"
#include "services/normalization/utf8_text.h"

namespace zhengwen::normalization {
namespace {

using zhengwen::text::HtmlBlock;
using zhengwen::text::HtmlElement;
using zhengwen::text::HtmlPage;

// Class/id words of page chrome and of article containers (the vocabulary of
// Readability and boilerpipe; they name no site).
constexpr absl::string_view kNegativeWords[] = {
    "nav",     "menu",   "footer", "foot",     "sidebar", "comment", "share",  "related",
    "recommend", "breadcrumb", "crumb", "copyright", "banner", "login", "sponsor", "widget",
    "toolbar", "social", "advert", "hot",      "rank",    "friendlink", "links", "pager"};
constexpr absl::string_view kPositiveWords[] = {"article", "content", "main", "post", "entry",
                                                "text",    "body",    "story", "detail",
                                                "news"};

bool HasWord(absl::string_view class_id, absl::Span<const absl::string_view> words) {
  for (absl::string_view w : words) {
    if (absl::StrContains(class_id, w)) return true;
  }
  return false;
}

bool IsNegative(const HtmlElement& e) {
  if (e.tag_name == "nav" || e.tag_name == "footer" || e.tag_name == "aside") return true;
  return HasWord(e.class_id, kNegativeWords) && !HasWord(e.class_id, kPositiveWords);
}

bool IsPositive(const HtmlElement& e) {
  if (e.tag_name == "article" || e.tag_name == "main") return true;
  return HasWord(e.class_id, kPositiveWords) && !HasWord(e.class_id, kNegativeWords);
}

bool IsSentencePunct(char32_t cp) {
  switch (cp) {
    case U'，': case U'。': case U'！': case U'？': case U'；': case U'、': case U'：':
    case U',': case U'!': case U'?': case U';':
      return true;
    default:
      return false;
  }
}

struct BlockFeatures {
  int chars = 0;        // non-space code points
  int link_chars = 0;   // of which inside links (estimated from bytes)
  int punct = 0;        // sentence punctuation marks
};

BlockFeatures Measure(const HtmlBlock& block) {
  BlockFeatures f;
  size_t pos = 0;
  while (pos < block.text.size()) {
    const char32_t cp = NextCodePoint(block.text, &pos);
    if (cp == U' ' || cp == U'\u00a0' || cp == U'\u3000') continue;
    ++f.chars;
    if (IsSentencePunct(cp)) ++f.punct;
  }
  if (!block.text.empty()) {
    f.link_chars = static_cast<int>(static_cast<double>(f.chars) * block.link_bytes /
                                    static_cast<double>(block.text.size()) + 0.5);
  }
  return f;
}

// Logs runs of dropped blocks, one edit per run and reason.
class DropLog {
 public:
  explicit DropLog(EditLog* log) : log_(log) {}
  ~DropLog() { Close(); }
  void Drop(absl::string_view reason, absl::string_view text) {
    if (reason != reason_) Close();
    reason_ = std::string(reason);
    if (removed_.size() < 600) {
      if (!removed_.empty()) removed_.append(" | ");
      absl::StrAppend(&removed_, text);
    }
  }
  void Keep() { Close(); }

 private:
  void Close() {
    if (!reason_.empty()) log_->Add("main_content", reason_, removed_);
    reason_.clear();
    removed_.clear();
  }
  EditLog* log_;
  std::string reason_;
  std::string removed_;
};

absl::Status ModelError(absl::string_view message) {
  return absl::InvalidArgumentError(absl::StrCat("html content model: ", message));
}

}  // namespace

absl::StatusOr<MainContentModel> ParseMainContentModel(absl::string_view text) {
  MainContentModel model;
  std::map<std::string, double*> numbers = {
      {"punct_weight", &model.punct_weight},     {"link_weight", &model.link_weight},
      {"block_cost", &model.block_cost},         {"negative_weight", &model.negative_weight},
      {"positive_bonus", &model.positive_bonus}, {"max_link_share", &model.max_link_share},
      {"min_region_value", &model.min_region_value}};
  int line_number = 0;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    ++line_number;
    line = absl::StripAsciiWhitespace(line);
    if (line.empty() || line[0] == '#') continue;
    std::pair<absl::string_view, absl::string_view> kv =
        absl::StrSplit(line, absl::MaxSplits(absl::ByAnyChar(" \t"), 1));
    const std::string key(kv.first);
    const absl::string_view value = absl::StripAsciiWhitespace(kv.second);
    if (key == "version") {
      model.version = std::string(value);
      continue;
    }
    double parsed = 0;
    if (!absl::SimpleAtod(value, &parsed)) {
      return ModelError(absl::StrCat("line ", line_number, ": not a number: ", value));
    }
    if (key == "drop_negative_inside") {
      model.drop_negative_inside = parsed != 0;
      continue;
    }
    auto it = numbers.find(key);
    if (it == numbers.end()) {
      return ModelError(absl::StrCat("line ", line_number, ": unknown key ", key));
    }
    *it->second = parsed;
  }
  if (model.version.empty()) return ModelError("no version line");
  return model;
}

absl::StatusOr<std::unique_ptr<const MainContentModel>> LoadMainContentModel(
    const std::string& path) {
  std::string text(HtmlContentModelText());
  if (!path.empty()) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return ModelError(absl::StrCat("cannot read ", path));
    std::ostringstream content;
    content << in.rdbuf();
    text = content.str();
  }
  ZW_ASSIGN_OR_RETURN(MainContentModel model, ParseMainContentModel(text));
  return std::make_unique<const MainContentModel>(std::move(model));
}

std::vector<int> SelectMainContent(const HtmlPage& page, const MainContentModel& model,
                                   EditLog* log) {
  const auto& elements = page.elements;
  const size_t n = elements.size();
  // Parents precede children: flags propagate down and values up in one pass each.
  std::vector<char> negative(n, 0), own_negative(n, 0);
  for (size_t e = 0; e < n; ++e) {
    own_negative[e] = IsNegative(elements[e]);
    const int parent = elements[e].parent;
    negative[e] = own_negative[e] || (parent >= 0 && negative[parent]);
  }
  std::vector<BlockFeatures> features;
  features.reserve(page.blocks.size());
  std::vector<double> value(n, 0.0);
  for (const HtmlBlock& block : page.blocks) {
    const BlockFeatures f = Measure(block);
    features.push_back(f);
    double v = (f.chars - f.link_chars) + model.punct_weight * f.punct -
               model.link_weight * f.link_chars - model.block_cost;
    if (negative[block.element]) v -= model.negative_weight * f.chars;
    value[block.element] += v;
  }
  for (size_t e = n; e-- > 1;) value[elements[e].parent] += value[e];
  int best = 0;
  double best_score = value[0];
  for (size_t e = 0; e < n; ++e) {
    const double score =
        value[e] > 0 && IsPositive(elements[e]) ? value[e] * (1 + model.positive_bonus) : value[e];
    if (score > best_score) {
      best_score = score;
      best = static_cast<int>(e);
    }
  }
  const bool whole_page = best_score < model.min_region_value;
  if (whole_page) best = 0;

  std::vector<int> kept;
  DropLog drops(log);
  for (size_t b = 0; b < page.blocks.size(); ++b) {
    const HtmlBlock& block = page.blocks[b];
    const BlockFeatures& f = features[b];
    const char* reason = nullptr;
    if (!zhengwen::text::IsInside(page, block.element, best)) {
      reason = "outside_main";
    } else if (!whole_page && f.chars > 0 &&
               f.link_chars > model.max_link_share * f.chars) {
      reason = "link_dense";
    } else if (!whole_page && model.drop_negative_inside) {
      for (int e = block.element; e > best; e = elements[e].parent) {
        if (own_negative[e]) {
          reason = "negative_region";
          break;
        }
      }
    }
    if (reason != nullptr) {
      drops.Drop(reason, block.text);
    } else {
      drops.Keep();
      kept.push_back(static_cast<int>(b));
    }
  }
  return kept;
}

}  // namespace zhengwen::normalization
