#include "services/normalization/stages/main_content.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/status_macros.h"
#include "services/normalization/default_rules.h"
#include "common/text/utf8.h"

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
                                                "text",    "body",    "story", "detail"};

// Whether a class/id token (split at anything not a letter or digit) starts
// or ends with one of `words`: `navbox` and `leftnav` are navigation, `photo`
// is not `hot`.
bool HasWord(absl::string_view class_id, absl::Span<const absl::string_view> words) {
  size_t i = 0;
  while (i < class_id.size()) {
    while (i < class_id.size() && !absl::ascii_isalnum(static_cast<unsigned char>(class_id[i]))) ++i;
    size_t j = i;
    while (j < class_id.size() && absl::ascii_isalnum(static_cast<unsigned char>(class_id[j]))) ++j;
    const absl::string_view token = class_id.substr(i, j - i);
    for (absl::string_view w : words) {
      if (absl::StartsWith(token, w) || absl::EndsWith(token, w)) return true;
    }
    i = j;
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
    const char32_t cp = DecodeUtf8(block.text, &pos);
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
      {"punct_weight", &model.punct_weight},     {"link_exponent", &model.link_exponent},
      {"min_block_chars", &model.min_block_chars}, {"negative_weight", &model.negative_weight},
      {"positive_bonus", &model.positive_bonus}, {"max_link_share", &model.max_link_share},
      {"min_region_value", &model.min_region_value}, {"sibling_share", &model.sibling_share},
      {"ancestor_levels", &model.ancestor_levels}, {"decay", &model.decay},
      {"climb_share", &model.climb_share}};
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
  // Per element, over the blocks inside it: text value, characters, link
  // characters, characters in navigation-like regions.
  std::vector<double> text_value(n, 0.0), chars(n, 0.0), link_chars(n, 0.0), negative_chars(n, 0.0);
  for (const HtmlBlock& block : page.blocks) {
    const BlockFeatures f = Measure(block);
    features.push_back(f);
    const int e = block.element;
    const int own = f.chars - f.link_chars;
    if (own >= model.min_block_chars) {
      // Readability's propagation: a paragraph's value goes to its element
      // and the nearest ancestors, less at each step (element 1, parent 1,
      // grandparent 1/2, then 1/(3 level)), so the container nearest the
      // paragraphs wins over <body>, which holds everything.
      const double v = own + model.punct_weight * std::min<double>(f.punct, own / 4.0);
      int a = e;
      for (int level = -1; level < model.ancestor_levels && a >= 0; ++level) {
        const double divider =
            model.decay == 0 || level <= 0 ? 1.0 : (level == 1 ? 2.0 : 3.0 * level);
        text_value[a] += v / divider;
        a = elements[a].parent;
      }
    }
    chars[e] += f.chars;
    link_chars[e] += f.link_chars;
    if (negative[e]) negative_chars[e] += f.chars;
  }
  for (size_t e = n; e-- > 1;) {
    const int parent = elements[e].parent;
    chars[parent] += chars[e];
    link_chars[parent] += link_chars[e];
    negative_chars[parent] += negative_chars[e];
  }
  // Readability's idea: text value scaled down by the share of link text, so
  // an ancestor that adds menus scores lower than the article's container.
  std::vector<double> value(n, 0.0);
  for (size_t e = 0; e < n; ++e) {
    if (chars[e] <= 0) continue;
    const double link_share = link_chars[e] / chars[e];
    double v = text_value[e] * std::pow(1.0 - link_share, model.link_exponent) -
               model.negative_weight * negative_chars[e];
    if (v > 0 && IsPositive(elements[e])) v *= 1 + model.positive_bonus;
    value[e] = v;
  }
  int best = 0;
  double best_score = value[0];
  // Ties go to the deeper element (it holds the same text with less around it).
  for (size_t e = 0; e < n; ++e) {
    if (value[e] >= best_score) {
      best_score = value[e];
      best = static_cast<int>(e);
    }
  }
  // Readability's climb: through ancestors still worth climb_share of the
  // best, to the first one worth more than the level below it: the posts of a
  // thread score one by one, their container above them adds them up.
  {
    double last = best_score;
    for (int a = best > 0 ? elements[best].parent : -1;
         a > 0 && elements[a].tag_name != "body" && elements[a].tag_name != "html";
         a = elements[a].parent) {
      if (value[a] < model.climb_share * best_score) break;
      if (value[a] > last) {
        best = a;
        break;
      }
      last = value[a];
    }
    best_score = std::max(best_score, value[best]);
  }
  const bool whole_page = best_score < model.min_region_value;
  if (whole_page) best = 0;
  // Siblings of the best element worth a share of it belong to the article
  // too (continued text, the other posts of a thread).
  std::vector<char> chosen(n, 0);
  chosen[best] = 1;
  if (best > 0) {
    const int parent = elements[best].parent;
    for (size_t e = 0; e < n; ++e) {
      if (elements[e].parent == parent && value[e] > 0 &&
          value[e] >= model.sibling_share * best_score) {
        chosen[e] = 1;
      }
    }
  }
  auto inside_chosen = [&](int e) {
    for (; e >= 0; e = elements[e].parent) {
      if (chosen[e]) return e;
    }
    return -1;
  };

  std::vector<int> kept;
  DropLog drops(log);
  for (size_t b = 0; b < page.blocks.size(); ++b) {
    const HtmlBlock& block = page.blocks[b];
    const BlockFeatures& f = features[b];
    const char* reason = nullptr;
    const int region = inside_chosen(block.element);
    if (region < 0) {
      reason = "outside_main";
    } else if (!whole_page && f.chars > 0 &&
               f.link_chars > model.max_link_share * f.chars) {
      reason = "link_dense";
    } else if (!whole_page && model.drop_negative_inside) {
      for (int e = block.element; e > region; e = elements[e].parent) {
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
