// Rules: the site and boilerplate patterns of the pipeline, kept as data in a
// versioned line-based text file (format in rules/default_rules.txt). The
// built-in file is embedded at build time; a user file extends or replaces it.
#ifndef ZHENGWEN_SERVICES_NORMALIZATION_RULES_H_
#define ZHENGWEN_SERVICES_NORMALIZATION_RULES_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "re2/re2.h"
#include "re2/set.h"

namespace zhengwen::normalization {

enum class RuleKind {
  // Line kinds: a matching line is boilerplate.
  kSpam,
  kBreadcrumb,
  kSiteMeta,
  kEditorIntro,
  kRelatedList,
  kFooter,
  kPager,
  kCommentCounter,
  // Span kinds, used by the stages named in default_rules.txt.
  kInject,
  kPlaceholder,
  kTitleSuffix,
  kPublishedDate,
  kIntroTitle,
  kSalutation,
  kClosing,
  // Line kind: a line recurring across many pages of one host (learned by
  // `zw rules learn`), listed last so the hand-written kinds keep their order.
  kTemplate,
};

// The name used for `kind` in rules files ("site_meta", ...).
absl::string_view RuleKindName(RuleKind kind);

// True for the kinds that classify whole lines as boilerplate.
bool IsLineKind(RuleKind kind);

struct Rule {
  RuleKind kind = RuleKind::kSpam;
  std::string name;
  std::unique_ptr<RE2> pattern;
  // Optional second pattern the whole line must match too.
  std::unique_ptr<RE2> require;
  // Longest line (in code points) the rule fires on; 0 for no limit.
  int max_len = 0;
  // Distinct matched strings needed for the rule to fire.
  int min_hits = 1;
  // Drop the matching line and everything after it.
  bool tail = false;
  // "file:line" the rule came from, for error messages.
  std::string origin;

  // "kind/name", the rule name recorded in edits.
  std::string Label() const;
};

class RuleSet {
 public:
  // The built-in rules, extended by `user_file` (when not empty) or replaced
  // by it when `replace_defaults` is set.
  static absl::StatusOr<std::unique_ptr<const RuleSet>> Load(const std::string& user_file,
                                                             bool replace_defaults);

  // Rules parsed from in-memory files, applied in order (later files extend
  // earlier ones and may disable their rules). `origins` name them in errors.
  static absl::StatusOr<std::unique_ptr<const RuleSet>> FromTexts(
      const std::vector<absl::string_view>& texts, const std::vector<std::string>& origins);

  // The version stamped on documents: the versions of the files, joined by '+'.
  const std::string& version() const { return version_; }

  // Rules of one kind, in file order.
  const std::vector<const Rule*>& OfKind(RuleKind kind) const {
    return by_kind_[static_cast<int>(kind)];
  }

  // The first line rule (in file order) that fires on `line`, or nullptr.
  // `code_points` is the length of `line` in code points.
  const Rule* ClassifyLine(absl::string_view line, int code_points) const;

  // Indices into OfKind(kind), ascending, of the rules whose pattern matches
  // somewhere in `text` (kInject, kPublishedDate, kPlaceholder: one pass of an RE2::Set
  // over them instead of one regex per rule); every index when the set cannot
  // tell (its DFA gave up on a very long text).
  std::vector<int> MatchingOfKind(RuleKind kind, absl::string_view text) const;

  // True when `rule` fires on `line` (pattern, require, max_len, min_hits).
  static bool Fires(const Rule& rule, absl::string_view line, int code_points);

 private:
  RuleSet() = default;
  absl::Status Finish();

  std::string version_;
  std::vector<std::unique_ptr<Rule>> rules_;
  std::vector<std::vector<const Rule*>> by_kind_;
  // Line rules and one RE2::Set over their patterns, so a line is scanned once.
  std::vector<const Rule*> line_rules_;
  std::unique_ptr<RE2::Set> line_set_;
  // One RE2::Set per kind that MatchingOfKind serves (null for the others).
  std::vector<std::unique_ptr<RE2::Set>> kind_sets_;
};

}  // namespace zhengwen::normalization

#endif  // ZHENGWEN_SERVICES_NORMALIZATION_RULES_H_
