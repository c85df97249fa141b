#include "services/normalization/rules.h"

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/status_macros.h"
#include "services/normalization/default_rules.h"

namespace zhengwen::normalization {
namespace {

struct KindName {
  RuleKind kind;
  const char* name;
};

constexpr KindName kKindNames[] = {
    {RuleKind::kSpam, "spam"},
    {RuleKind::kBreadcrumb, "breadcrumb"},
    {RuleKind::kSiteMeta, "site_meta"},
    {RuleKind::kEditorIntro, "editor_intro"},
    {RuleKind::kRelatedList, "related_list"},
    {RuleKind::kFooter, "footer"},
    {RuleKind::kPager, "pager"},
    {RuleKind::kCommentCounter, "comment_counter"},
    {RuleKind::kInject, "inject"},
    {RuleKind::kPlaceholder, "placeholder"},
    {RuleKind::kTitleSuffix, "title_suffix"},
    {RuleKind::kPublishedDate, "published_date"},
    {RuleKind::kIntroTitle, "intro_title"},
    {RuleKind::kSalutation, "salutation"},
    {RuleKind::kClosing, "closing"},
    {RuleKind::kTemplate, "template"},
};
constexpr int kKindCount = sizeof(kKindNames) / sizeof(kKindNames[0]);

bool KindFromName(absl::string_view name, RuleKind* kind) {
  for (const auto& entry : kKindNames) {
    if (name == entry.name) {
      *kind = entry.kind;
      return true;
    }
  }
  return false;
}

RE2::Options PatternOptions() {
  RE2::Options options;
  options.set_log_errors(false);
  return options;
}

absl::Status ParseError(absl::string_view origin, int line, absl::string_view message) {
  return absl::InvalidArgumentError(absl::StrCat(origin, ":", line, ": ", message));
}

// Counts distinct non-empty strings `re` matches in `text`, stopping at `enough`.
int DistinctHits(const RE2& re, absl::string_view text, int enough) {
  std::set<std::string> seen;
  re2::StringPiece input(text.data(), text.size());
  size_t pos = 0;
  re2::StringPiece match;
  while (pos <= text.size() && re.Match(input, pos, text.size(), RE2::UNANCHORED, &match, 1)) {
    const size_t start = static_cast<size_t>(match.data() - text.data());
    if (match.empty()) {
      pos = start + 1;  // Never loop on an empty match.
      continue;
    }
    seen.insert(std::string(match.data(), match.size()));
    if (static_cast<int>(seen.size()) >= enough) break;
    pos = start + match.size();
  }
  return static_cast<int>(seen.size());
}

}  // namespace

absl::string_view RuleKindName(RuleKind kind) {
  for (const auto& entry : kKindNames) {
    if (entry.kind == kind) return entry.name;
  }
  return "unknown";
}

bool IsLineKind(RuleKind kind) {
  switch (kind) {
    case RuleKind::kSpam:
    case RuleKind::kBreadcrumb:
    case RuleKind::kSiteMeta:
    case RuleKind::kEditorIntro:
    case RuleKind::kRelatedList:
    case RuleKind::kFooter:
    case RuleKind::kPager:
    case RuleKind::kCommentCounter:
    case RuleKind::kTemplate:
      return true;
    default:
      return false;
  }
}

std::string Rule::Label() const { return absl::StrCat(RuleKindName(kind), "/", name); }

absl::StatusOr<std::unique_ptr<const RuleSet>> RuleSet::Load(const std::string& user_file,
                                                             bool replace_defaults) {
  std::vector<absl::string_view> texts;
  std::vector<std::string> origins;
  if (!replace_defaults || user_file.empty()) {
    texts.push_back(DefaultRulesText());
    origins.push_back("default_rules.txt");
  }
  std::string user_text;
  if (!user_file.empty()) {
    std::ifstream in(user_file, std::ios::binary);
    if (!in) return absl::NotFoundError(absl::StrCat("cannot read rules file ", user_file));
    std::ostringstream buffer;
    buffer << in.rdbuf();
    user_text = buffer.str();
    texts.push_back(user_text);
    origins.push_back(user_file);
  }
  return FromTexts(texts, origins);
}

absl::StatusOr<std::unique_ptr<const RuleSet>> RuleSet::FromTexts(
    const std::vector<absl::string_view>& texts, const std::vector<std::string>& origins) {
  std::unique_ptr<RuleSet> set(new RuleSet());
  std::vector<std::string> versions;
  for (size_t f = 0; f < texts.size(); ++f) {
    const std::string& origin = f < origins.size() ? origins[f] : "rules";
    std::string version;
    int line_number = 0;
    for (absl::string_view line : absl::StrSplit(texts[f], '\n')) {
      ++line_number;
      absl::ConsumeSuffix(&line, "\r");
      if (line.empty() || line.front() == '#') continue;
      if (absl::StripAsciiWhitespace(line).empty()) continue;
      std::vector<absl::string_view> fields = absl::StrSplit(line, '\t');
      const absl::string_view head = fields[0];
      if (head == "version") {
        if (fields.size() != 2 || absl::StripAsciiWhitespace(fields[1]).empty()) {
          return ParseError(origin, line_number, "expected: version<TAB>name");
        }
        if (!version.empty()) return ParseError(origin, line_number, "second version line");
        version = std::string(absl::StripAsciiWhitespace(fields[1]));
        continue;
      }
      if (head == "disable") {
        if (fields.size() != 2)
          return ParseError(origin, line_number, "expected: disable<TAB>name");
        const absl::string_view name = absl::StripAsciiWhitespace(fields[1]);
        const size_t before = set->rules_.size();
        set->rules_.erase(std::remove_if(set->rules_.begin(), set->rules_.end(),
                                         [&](const auto& rule) { return rule->name == name; }),
                          set->rules_.end());
        if (set->rules_.size() == before) {
          return ParseError(origin, line_number, absl::StrCat("no rule named '", name, "'"));
        }
        continue;
      }
      auto rule = std::make_unique<Rule>();
      if (!KindFromName(head, &rule->kind)) {
        return ParseError(origin, line_number, absl::StrCat("unknown kind '", head, "'"));
      }
      if (fields.size() < 3 || fields[1].empty() || fields[2].empty()) {
        return ParseError(origin, line_number, "expected: kind<TAB>name<TAB>pattern[<TAB>option]");
      }
      rule->name = std::string(fields[1]);
      rule->origin = absl::StrCat(origin, ":", line_number);
      rule->pattern = std::make_unique<RE2>(re2::StringPiece(fields[2].data(), fields[2].size()),
                                            PatternOptions());
      if (!rule->pattern->ok()) {
        return ParseError(origin, line_number,
                          absl::StrCat("bad pattern: ", rule->pattern->error()));
      }
      for (size_t i = 3; i < fields.size(); ++i) {
        const absl::string_view option = fields[i];
        if (option.empty()) continue;
        const size_t eq = option.find('=');
        if (eq == absl::string_view::npos) {
          return ParseError(origin, line_number, absl::StrCat("option without '=': ", option));
        }
        const absl::string_view key = option.substr(0, eq);
        const absl::string_view value = option.substr(eq + 1);
        if (key == "max_len") {
          if (!absl::SimpleAtoi(value, &rule->max_len) || rule->max_len < 0) {
            return ParseError(origin, line_number, "max_len needs a number");
          }
        } else if (key == "min_hits") {
          if (!absl::SimpleAtoi(value, &rule->min_hits) || rule->min_hits < 1) {
            return ParseError(origin, line_number, "min_hits needs a positive number");
          }
        } else if (key == "scope") {
          if (value != "tail" && value != "line") {
            return ParseError(origin, line_number, "scope is 'line' or 'tail'");
          }
          rule->tail = value == "tail";
        } else if (key == "require") {
          rule->require =
              std::make_unique<RE2>(re2::StringPiece(value.data(), value.size()), PatternOptions());
          if (!rule->require->ok()) {
            return ParseError(origin, line_number,
                              absl::StrCat("bad require pattern: ", rule->require->error()));
          }
        } else {
          return ParseError(origin, line_number, absl::StrCat("unknown option '", key, "'"));
        }
      }
      if (rule->kind == RuleKind::kPublishedDate && rule->pattern->NumberOfCapturingGroups() < 3) {
        return ParseError(origin, line_number, "published_date needs groups (year)(month)(day)");
      }
      if (rule->kind == RuleKind::kIntroTitle && rule->pattern->NumberOfCapturingGroups() < 1) {
        return ParseError(origin, line_number, "intro_title needs a capture group");
      }
      for (const auto& existing : set->rules_) {
        if (existing->name == rule->name) {
          return ParseError(
              origin, line_number,
              absl::StrCat("rule name '", rule->name, "' already used at ", existing->origin));
        }
      }
      set->rules_.push_back(std::move(rule));
    }
    if (version.empty()) return ParseError(origin, 0, "missing 'version<TAB>...' line");
    versions.push_back(version);
  }
  if (versions.empty()) return absl::InvalidArgumentError("no rules files given");
  set->version_ = absl::StrJoin(versions, "+");
  ZW_RETURN_IF_ERROR(set->Finish());
  return std::unique_ptr<const RuleSet>(std::move(set));
}

absl::Status RuleSet::Finish() {
  by_kind_.assign(kKindCount, {});
  RE2::Options options = PatternOptions();
  line_set_ = std::make_unique<RE2::Set>(options, RE2::UNANCHORED);
  for (const auto& rule : rules_) {
    by_kind_[static_cast<int>(rule->kind)].push_back(rule.get());
    if (!IsLineKind(rule->kind)) continue;
    std::string error;
    if (line_set_->Add(rule->pattern->pattern(), &error) < 0) {
      return absl::InvalidArgumentError(absl::StrCat(rule->origin, ": ", error));
    }
    line_rules_.push_back(rule.get());
  }
  if (!line_set_->Compile()) return absl::ResourceExhaustedError("cannot compile line rules");
  kind_sets_.resize(kKindCount);
  for (RuleKind kind : {RuleKind::kInject, RuleKind::kPublishedDate, RuleKind::kPlaceholder}) {
    auto kind_set = std::make_unique<RE2::Set>(options, RE2::UNANCHORED);
    for (const Rule* rule : OfKind(kind)) {
      std::string error;
      if (kind_set->Add(rule->pattern->pattern(), &error) < 0) {
        return absl::InvalidArgumentError(absl::StrCat(rule->origin, ": ", error));
      }
    }
    if (!OfKind(kind).empty() && !kind_set->Compile()) {
      return absl::ResourceExhaustedError("cannot compile rules of one kind");
    }
    kind_sets_[static_cast<int>(kind)] = std::move(kind_set);
  }
  return absl::OkStatus();
}

std::vector<int> RuleSet::MatchingOfKind(RuleKind kind, absl::string_view text) const {
  std::vector<int> matched;
  const size_t count = OfKind(kind).size();
  const RE2::Set* kind_set = kind_sets_[static_cast<int>(kind)].get();
  if (count == 0) return matched;
  RE2::Set::ErrorInfo error;
  if (kind_set != nullptr &&
      (kind_set->Match(re2::StringPiece(text.data(), text.size()), &matched, &error) ||
       error.kind == RE2::Set::kNoError)) {
    std::sort(matched.begin(), matched.end());
    return matched;
  }
  matched.clear();
  for (size_t i = 0; i < count; ++i) matched.push_back(static_cast<int>(i));
  return matched;
}

bool RuleSet::Fires(const Rule& rule, absl::string_view line, int code_points) {
  if (rule.max_len > 0 && code_points > rule.max_len) return false;
  const re2::StringPiece input(line.data(), line.size());
  if (rule.require != nullptr && !RE2::PartialMatch(input, *rule.require)) return false;
  if (rule.min_hits > 1) return DistinctHits(*rule.pattern, line, rule.min_hits) >= rule.min_hits;
  return RE2::PartialMatch(input, *rule.pattern);
}

const Rule* RuleSet::ClassifyLine(absl::string_view line, int code_points) const {
  std::vector<int> matched;
  RE2::Set::ErrorInfo error;
  if (!line_set_->Match(re2::StringPiece(line.data(), line.size()), &matched, &error)) {
    if (error.kind == RE2::Set::kNoError) return nullptr;
    // The set's DFA gave up (very long line): check the rules one by one.
    matched.clear();
    for (size_t i = 0; i < line_rules_.size(); ++i) matched.push_back(static_cast<int>(i));
  }
  std::sort(matched.begin(), matched.end());
  for (int index : matched) {
    const Rule* rule = line_rules_[static_cast<size_t>(index)];
    if (Fires(*rule, line, code_points)) return rule;
  }
  return nullptr;
}

}  // namespace zhengwen::normalization
