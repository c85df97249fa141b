#include "services/query/searcher.h"

#include <algorithm>
#include <limits>
#include <memory>
#include <optional>
#include <queue>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/civil_time.h"
#include "common/error_reason.h"
#include "common/text/hashing.h"
#include "common/status_macros.h"
#include "services/query/bm25.h"
#include "services/query/query_families.h"
#include "services/query/search_page_token.h"
#include "services/query/snippet.h"
#include "services/query/tokenizer.h"

namespace zhengwen::query {
namespace {

using zhengwen::query::v1::SearchFilter;
using zhengwen::query::v1::SearchHit;
using zhengwen::query::v1::SearchRequest;
using zhengwen::query::v1::SearchResponse;

constexpr uint32_t kEnd = std::numeric_limits<uint32_t>::max();

struct TermStats {
  std::shared_ptr<const PostingList> list;
  double idf = 0;
};

// Scoring context of one document.
struct DocContext {
  double length = 0;
  double average_length = 1;
};

// Matches one atom against documents in increasing order.
class AtomMatcher {
 public:
  AtomMatcher(const QueryAtom* atom, std::vector<const TermStats*> terms) : atom_(atom) {
    terms_.reserve(terms.size());
    cursors_.reserve(terms.size());  // a cursor is 2 KiB: grow it once
    for (const TermStats* term : terms) {
      terms_.push_back(term);
      cursors_.emplace_back(term->list.get());
    }
    for (size_t i = 0; i < terms_.size(); ++i) by_size_.push_back(i);
    std::sort(by_size_.begin(), by_size_.end(), [&](size_t a, size_t b) {
      return terms_[a]->list->size() < terms_[b]->list->size();
    });
    positions_.resize(terms_.size());
  }

  bool script_variant() const { return atom_->script_variant; }

  // Documents the atom can match at most (its rarest term's).
  uint64_t cost() const { return terms_[by_size_[0]]->list->size(); }

  // The first document >= `from` that has every term (phrases unverified).
  uint32_t NextCandidate(uint32_t from) {
    uint32_t target = from;
    for (;;) {
      bool agreed = true;
      for (size_t i : by_size_) {
        PostingCursor& cursor = cursors_[i];
        if (!cursor.SeekTo(target)) return kEnd;
        if (cursor.doc() != target) {
          target = cursor.doc();
          agreed = false;
          break;
        }
      }
      if (agreed) return target;
    }
  }

  // Whether `doc` matches; adds its score, and its spans when `spans` is set.
  bool Evaluate(uint32_t doc, const DocContext& context, double* score, std::vector<Span>* spans) {
    for (size_t i : by_size_) {
      if (!cursors_[i].SeekTo(doc) || cursors_[i].doc() != doc) return false;
    }
    if (atom_->kind == QueryAtom::Kind::kTerm) {
      const PostingCursor& cursor = cursors_[0];
      *score += terms_[0]->idf * Bm25Tf(cursor.count(), context.length, context.average_length);
      if (spans != nullptr) {
        cursor.Positions(&positions_[0]);
        AddSpans(positions_[0], atom_->terms[0].length, spans);
      }
      return true;
    }
    for (size_t i = 0; i < terms_.size(); ++i) cursors_[i].Positions(&positions_[i]);
    const uint32_t occurrences = FindOccurrences(spans != nullptr);
    if (atom_->kind == QueryAtom::Kind::kPhrase && occurrences == 0) return false;
    // A run of CJK characters is one unit of meaning: where it occurs
    // contiguously it scores as a phrase (its occurrences); its bigrams'
    // scattered counts (one repeated in a title, say) are weaker evidence,
    // used only when it never occurs whole.
    const bool scattered = atom_->kind == QueryAtom::Kind::kRun && occurrences == 0;
    double sum = 0;
    for (size_t i = 0; i < terms_.size(); ++i) {
      const double tf = scattered ? positions_[i].size() : occurrences;
      sum += terms_[i]->idf * Bm25Tf(tf, context.length, context.average_length);
    }
    *score += scattered ? sum * kScatteredRunWeight : sum;
    if (spans != nullptr) {
      if (occurrences > 0) {
        AddSpans(starts_, atom_->span_length, spans);
      } else {
        for (size_t i = 0; i < terms_.size(); ++i) {
          AddSpans(positions_[i], atom_->terms[i].length, spans);
        }
      }
    }
    return true;
  }

 private:
  static void AddSpans(const std::vector<uint32_t>& starts, uint32_t length,
                       std::vector<Span>* spans) {
    for (uint32_t start : starts) {
      if (start >= kTitleBase) break;  // title matches are not in Document.text
      spans->push_back(Span{start, length});
    }
  }

  // Counts positions where every term sits at its offset from the atom's
  // start; records the starts in starts_ when `keep`.
  uint32_t FindOccurrences(bool keep) {
    starts_.clear();
    size_t anchor = 0;
    for (size_t i = 1; i < terms_.size(); ++i) {
      if (positions_[i].size() < positions_[anchor].size()) anchor = i;
    }
    const uint32_t anchor_offset = atom_->terms[anchor].offset;
    uint32_t count = 0;
    for (uint32_t position : positions_[anchor]) {
      if (position < anchor_offset) continue;
      const uint32_t start = position - anchor_offset;
      bool all = true;
      for (size_t i = 0; i < terms_.size() && all; ++i) {
        if (i == anchor) continue;
        all = std::binary_search(positions_[i].begin(), positions_[i].end(),
                                 start + atom_->terms[i].offset);
      }
      if (!all) continue;
      ++count;
      if (keep) starts_.push_back(start);
    }
    return count;
  }

  const QueryAtom* atom_;
  std::vector<const TermStats*> terms_;
  std::vector<PostingCursor> cursors_;
  std::vector<size_t> by_size_;
  std::vector<std::vector<uint32_t>> positions_;
  std::vector<uint32_t> starts_;
};

// A clause: alternatives joined by OR.
class ClauseMatcher {
 public:
  explicit ClauseMatcher(std::vector<AtomMatcher> alternatives)
      : alternatives_(std::move(alternatives)),
        next_(alternatives_.size(), 0),
        fresh_(alternatives_.size(), true) {}

  uint64_t cost() const {
    uint64_t sum = 0;
    for (const AtomMatcher& atom : alternatives_) sum += atom.cost();
    return sum;
  }

  // The first document >= `from` some alternative may match.
  uint32_t NextCandidate(uint32_t from) {
    uint32_t best = kEnd;
    for (size_t i = 0; i < alternatives_.size(); ++i) {
      if (fresh_[i] || (next_[i] < from && next_[i] != kEnd)) {
        next_[i] = alternatives_[i].NextCandidate(from);
        fresh_[i] = false;
      }
      best = std::min(best, next_[i]);
    }
    return best;
  }

  bool Evaluate(uint32_t doc, const DocContext& context, double* score, std::vector<Span>* spans) {
    // Alternatives add up; a term's script variants count once, at their best.
    bool any = false;
    double group_best = 0;
    for (AtomMatcher& atom : alternatives_) {
      if (!atom.script_variant()) {
        *score += group_best;
        group_best = 0;
      }
      double atom_score = 0;
      if (atom.Evaluate(doc, context, &atom_score, spans)) {
        any = true;
        group_best = std::max(group_best, atom_score);
      }
    }
    *score += group_best;
    return any;
  }

 private:
  std::vector<AtomMatcher> alternatives_;
  std::vector<uint32_t> next_;
  std::vector<bool> fresh_;
};

// The whole query over one set of cursors.
class QueryMatcher {
 public:
  QueryMatcher(const ParsedQuery& query, const absl::flat_hash_map<std::string, TermStats>& terms) {
    auto atom_matcher = [&](const QueryAtom& atom) {
      std::vector<const TermStats*> stats;
      for (const auto& term : atom.terms) stats.push_back(&terms.at(term.key));
      return AtomMatcher(&atom, std::move(stats));
    };
    for (const QueryClause& clause : query.required) {
      std::vector<AtomMatcher> alternatives;
      for (const QueryAtom& atom : clause.alternatives) alternatives.push_back(atom_matcher(atom));
      clauses_.emplace_back(std::move(alternatives));
    }
    for (const QueryAtom& atom : query.excluded) excluded_.push_back(atom_matcher(atom));
    driver_ = 0;
    for (size_t i = 1; i < clauses_.size(); ++i) {
      if (clauses_[i].cost() < clauses_[driver_].cost()) driver_ = i;
    }
  }

  uint32_t NextCandidate(uint32_t from) { return clauses_[driver_].NextCandidate(from); }

  // Whether `doc` matches the query; its score and (optionally) spans.
  bool Evaluate(uint32_t doc, const DocContext& context, double* score, std::vector<Span>* spans) {
    *score = 0;
    for (ClauseMatcher& clause : clauses_) {
      if (!clause.Evaluate(doc, context, score, spans)) return false;
    }
    double ignored = 0;
    for (AtomMatcher& atom : excluded_) {
      if (atom.Evaluate(doc, context, &ignored, nullptr)) return false;
    }
    return true;
  }

 private:
  std::vector<ClauseMatcher> clauses_;
  std::vector<AtomMatcher> excluded_;
  size_t driver_ = 0;
};

struct Filter {
  int32_t after = 0;
  int32_t before = std::numeric_limits<int32_t>::max();
  bool by_host = false;
  absl::flat_hash_set<uint32_t> hosts;
  int32_t script = 0;
  std::optional<bool> has_placeholders;

  bool Accepts(const DocTable::Entry& entry) const {
    if ((after > 0 || before < std::numeric_limits<int32_t>::max()) &&
        (entry.published == 0 || entry.published < after || entry.published > before)) {
      return false;
    }
    if (by_host && !hosts.contains(entry.host)) return false;
    if (script != 0 && entry.script != script) return false;
    if (has_placeholders.has_value() && entry.has_placeholders != *has_placeholders) return false;
    return true;
  }
};

// A filter date: "YYYY", "YYYY-MM" or "YYYY-MM-DD" naming a real calendar
// day, as its DateNumber (YYYYMMDD, 00 for a missing month or day).
std::optional<int32_t> FilterDate(absl::string_view text) {
  std::vector<absl::string_view> parts = absl::StrSplit(text, '-');
  if (parts.size() > 3) return std::nullopt;
  int values[3] = {0, 0, 0};
  for (size_t i = 0; i < parts.size(); ++i) {
    const size_t digits = i == 0 ? 4 : 2;
    if (parts[i].size() != digits ||
        !std::all_of(parts[i].begin(), parts[i].end(), absl::ascii_isdigit) ||
        !absl::SimpleAtoi(parts[i], &values[i])) {
      return std::nullopt;
    }
  }
  const int year = values[0], month = values[1], day = values[2];
  if (year < 1 || (parts.size() > 1 && (month < 1 || month > 12))) return std::nullopt;
  if (parts.size() == 3) {
    // CivilDay normalizes 02-30 to 03-02: a day that moves does not exist.
    const absl::CivilDay civil(year, month, day);
    if (day < 1 || civil.month() != month || civil.day() != day) return std::nullopt;
  }
  return year * 10000 + month * 100 + day;
}

absl::StatusOr<int32_t> FilterDateField(absl::string_view field, absl::string_view text) {
  std::optional<int32_t> date = FilterDate(text);
  if (date.has_value()) return *date;
  return ErrorWithReason(
      absl::StatusCode::kInvalidArgument,
      absl::StrCat("filter.", field, " \"", absl::CHexEscape(text),
                   "\" is not a date; accepted forms: YYYY, YYYY-MM, YYYY-MM-DD (a real "
                   "calendar date, e.g. 2023-02-28)"),
      "INVALID_FILTER", {{"field", absl::StrCat("filter.", field)}});
}

absl::StatusOr<Filter> MakeFilter(const SearchFilter& spec, const DocTable& docs) {
  Filter filter;
  if (!spec.published_after().empty()) {
    ZW_ASSIGN_OR_RETURN(filter.after, FilterDateField("published_after", spec.published_after()));
  }
  if (!spec.published_before().empty()) {
    ZW_ASSIGN_OR_RETURN(const int32_t before,
                        FilterDateField("published_before", spec.published_before()));
    // "2022" and "2022-09" include the whole year or month.
    filter.before =
        before % 100 != 0 ? before : (before % 10000 != 0 ? before + 99 : before + 9999);
  }
  filter.by_host = spec.source_hosts_size() > 0;
  for (const std::string& host : spec.source_hosts()) {
    const uint32_t id = docs.HostId(SourceHost("x://" + host));
    if (id != DocTable::kUnknownHost) filter.hosts.insert(id);
  }
  filter.script = spec.input_script();
  if (spec.has_has_placeholders()) filter.has_placeholders = spec.has_placeholders();
  return filter;
}

struct Hit {
  double score;
  uint32_t doc;
};
// Ranking order: higher score first, then lower document number.
bool Before(const Hit& a, const Hit& b) {
  return a.score != b.score ? a.score > b.score : a.doc < b.doc;
}

}  // namespace

absl::StatusOr<SearchResponse> RunSearch(const IndexView& view, const ParsedQuery& query,
                                         const SearchRequest& request) {
  if (request.page_size() < 0) {
    return ErrorWithReason(absl::StatusCode::kInvalidArgument, "page_size must not be negative",
                           "INVALID_PAGE_SIZE");
  }
  const size_t page_size = request.page_size() == 0
                               ? kDefaultSearchPageSize
                               : std::min(request.page_size(), kMaxSearchPageSize);
  ZW_ASSIGN_OR_RETURN(const Filter filter, MakeFilter(request.filter(), *view.docs));

  // Distinct terms in query order; their posting lists.
  std::vector<std::string> term_order;
  absl::flat_hash_map<std::string, TermStats> terms;
  auto collect = [&](const QueryAtom& atom) {
    for (const auto& term : atom.terms) {
      if (terms.try_emplace(term.key).second) term_order.push_back(term.key);
    }
  };
  for (const QueryClause& clause : query.required) {
    for (const QueryAtom& atom : clause.alternatives) collect(atom);
  }
  for (const QueryAtom& atom : query.excluded) collect(atom);
  ZW_ASSIGN_OR_RETURN(auto lists, view.postings->GetMany(term_order));
  for (size_t i = 0; i < term_order.size(); ++i) terms[term_order[i]].list = std::move(lists[i]);

  // Statistics: the corpus now, or as frozen in the page token.
  const uint64_t fingerprint =
      Hash64(absl::StrCat(query.Describe(), "\x1f", request.filter().SerializeAsString()));
  SearchPageToken frozen;
  std::optional<Hit> after;
  if (request.page_token().empty()) {
    frozen.documents = view.stats.documents;
    frozen.total_length = view.stats.total_length;
    for (const std::string& key : term_order) {
      frozen.document_frequencies.push_back(terms[key].list->size());
    }
  } else {
    ZW_ASSIGN_OR_RETURN(frozen, DecodeSearchPageToken(request.page_token(), fingerprint));
    if (frozen.document_frequencies.size() != term_order.size()) {
      return ErrorWithReason(absl::StatusCode::kInvalidArgument,
                             "page_token belongs to another query", "INVALID_PAGE_TOKEN");
    }
    after = Hit{frozen.last_score, frozen.last_doc};
  }
  const uint64_t documents = std::max<uint64_t>(frozen.documents, 1);
  for (size_t i = 0; i < term_order.size(); ++i) {
    const uint64_t df = std::min(frozen.document_frequencies[i], documents);
    terms[term_order[i]].idf = Bm25Idf(df, documents);
  }
  DocContext context;
  context.average_length = frozen.documents == 0
                               ? 1.0
                               : std::max(1.0, static_cast<double>(frozen.total_length) /
                                                   static_cast<double>(frozen.documents));

  // Every match is counted; the page's hits are the best `page_size` after the cursor.
  QueryMatcher matcher(query, terms);
  auto worse_on_top = [](const Hit& a, const Hit& b) { return Before(a, b); };
  std::vector<Hit> page_storage;
  page_storage.reserve(page_size + 1);
  std::priority_queue<Hit, std::vector<Hit>, decltype(worse_on_top)> page(worse_on_top,
                                                                          std::move(page_storage));
  int64_t total = 0;
  int64_t remaining = 0;  // matches after the cursor
  for (uint32_t doc = matcher.NextCandidate(0); doc != kEnd;
       doc = doc == kEnd - 1 ? kEnd : matcher.NextCandidate(doc + 1)) {
    const DocTable::Entry* entry = view.docs->Find(doc);
    if (entry == nullptr || !filter.Accepts(*entry)) continue;
    context.length = entry->length;
    double score = 0;
    if (!matcher.Evaluate(doc, context, &score, nullptr)) continue;
    ++total;
    const Hit hit{score, doc};
    if (after.has_value() && !Before(*after, hit)) continue;
    ++remaining;
    if (page.size() < page_size) {
      page.push(hit);
    } else if (Before(hit, page.top())) {
      page.pop();
      page.push(hit);
    }
  }
  std::vector<Hit> hits;
  while (!page.empty()) {
    hits.push_back(page.top());
    page.pop();
  }
  std::sort(hits.begin(), hits.end(), Before);

  SearchResponse response;
  response.set_total_hits(total);
  // The page ends at the last hit answered: by count, or earlier when the
  // byte budget is spent.
  bool want_next = remaining > static_cast<int64_t>(hits.size()) && !hits.empty();
  ResponseBudget budget(view.max_response_bytes);
  auto seal = [&](size_t answered) {
    if (answered < hits.size()) {
      want_next = true;
      hits.resize(answered);
    }
    if (want_next) {
      frozen.fingerprint = fingerprint;
      frozen.last_score = hits.back().score;
      frozen.last_doc = hits.back().doc;
      response.set_next_page_token(EncodeSearchPageToken(frozen));
    }
    return std::move(response);
  };
  if (request.hit_view() == zhengwen::query::v1::SEARCH_HIT_VIEW_BASIC) {
    // Ids and scores straight from the index: no document read, no snippet.
    for (size_t i = 0; i < hits.size(); ++i) {
      SearchHit* out = response.add_hits();
      const std::string& id = view.docs->id(hits[i].doc);
      out->set_id(id);
      const size_t dash = id.rfind('-');
      out->set_page_id(dash == std::string::npos ? id : id.substr(0, dash));
      out->set_score(hits[i].score);
      if (!budget.Take(out->ByteSizeLong())) {
        response.mutable_hits()->RemoveLast();
        return seal(i);
      }
    }
    return seal(hits.size());
  }

  // Spans of the page's hits, with fresh cursors (they only move forward).
  std::vector<Hit> by_doc = hits;
  std::sort(by_doc.begin(), by_doc.end(), [](const Hit& a, const Hit& b) { return a.doc < b.doc; });
  absl::flat_hash_map<uint32_t, std::vector<Span>> spans;
  QueryMatcher highlighter(query, terms);
  for (const Hit& hit : by_doc) {
    const DocTable::Entry* entry = view.docs->Find(hit.doc);
    context.length = entry != nullptr ? entry->length : 0;
    double ignored = 0;
    highlighter.Evaluate(hit.doc, context, &ignored, &spans[hit.doc]);
  }

  std::vector<std::string> ids;
  for (const Hit& hit : hits) ids.push_back(view.docs->id(hit.doc));
  ZW_ASSIGN_OR_RETURN(auto values, view.storage->MultiGet(kDocuments, ids));
  for (size_t i = 0; i < hits.size(); ++i) {
    if (!values[i].has_value()) continue;  // removed since it was matched
    zhengwen::document::v1::Document doc;
    if (!doc.ParseFromString(*values[i])) {
      return absl::DataLossError(absl::StrCat("corrupt document ", ids[i]));
    }
    SearchHit* out = response.add_hits();
    out->set_id(doc.id());
    out->set_page_id(doc.page_id());
    out->set_source_uri(doc.source_uri());
    out->set_title(doc.title());
    out->set_published_at(doc.published_at());
    out->set_score(hits[i].score);
    const Snippet snippet = MakeSnippet(doc.text(), MergeSpans(std::move(spans[hits[i].doc])));
    out->set_snippet(snippet.text);
    out->set_snippet_offset(static_cast<int32_t>(snippet.offset));
    for (const Span& span : snippet.highlights) {
      auto* highlight = out->add_highlights();
      highlight->set_offset(static_cast<int32_t>(span.offset));
      highlight->set_length(static_cast<int32_t>(span.length));
    }
    if (!budget.Take(out->ByteSizeLong())) {
      response.mutable_hits()->RemoveLast();
      return seal(i);
    }
  }
  return seal(hits.size());
}

}  // namespace zhengwen::query
