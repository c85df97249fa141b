#include "services/query/passage_reuse.h"

#include <algorithm>
#include <tuple>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/error_reason.h"
#include "common/status_macros.h"
#include "common/text/utf8.h"
#include "services/query/index_update.h"
#include "services/query/posting_list.h"
#include "services/query/query_families.h"
#include "services/query/varint.h"

namespace zhengwen::query {
namespace {

using zhengwen::query::v1::FindReuseRequest;
using zhengwen::query::v1::FindReuseResponse;
using zhengwen::query::v1::ListSharedSentencesRequest;
using zhengwen::query::v1::ListSharedSentencesResponse;

absl::Status InvalidToken() {
  return ErrorWithReason(absl::StatusCode::kInvalidArgument, "page_token is not valid here",
                         "INVALID_PAGE_TOKEN");
}

absl::Status InvalidPageSize() {
  return ErrorWithReason(absl::StatusCode::kInvalidArgument, "page_size must not be negative",
                         "INVALID_PAGE_SIZE");
}

// A cursor token "<rank key>\x1f<id>" (base64): the last item returned.
std::string CursorToken(int64_t rank, absl::string_view id) {
  std::string out;
  absl::WebSafeBase64Escape(absl::StrCat(rank, "\x1f", id), &out);
  return out;
}

absl::StatusOr<std::pair<int64_t, std::string>> ParseCursorToken(absl::string_view token) {
  std::string raw;
  if (!absl::WebSafeBase64Unescape(token, &raw)) return InvalidToken();
  std::vector<std::string> parts = absl::StrSplit(raw, absl::MaxSplits('\x1f', 1));
  int64_t rank = 0;
  if (parts.size() != 2 || !absl::SimpleAtoi(parts[0], &rank)) return InvalidToken();
  return std::make_pair(rank, parts[1]);
}

struct Pair {
  uint32_t source_start, source_end, other_start, other_end;
};

// The [start, end) occurrences of one sentence in one document.
std::vector<std::pair<uint32_t, uint32_t>> Occurrences(const PostingCursor& cursor) {
  std::vector<uint32_t> positions;
  cursor.Positions(&positions);
  std::vector<std::pair<uint32_t, uint32_t>> out;
  for (size_t i = 0; i + 1 < positions.size(); i += 2) out.push_back({positions[i], positions[i + 1]});
  return out;
}

}  // namespace

absl::StatusOr<FindReuseResponse> RunFindReuse(const IndexView& view,
                                               const std::vector<Sentence>& sentences,
                                               uint32_t exclude, const FindReuseRequest& request) {
  if (request.page_size() < 0) return InvalidPageSize();
  const int page_size = request.page_size() == 0 ? 20 : std::min(request.page_size(), 1000);
  std::vector<std::string> keys;
  for (const Sentence& sentence : sentences) keys.push_back(SentenceKey(sentence.hash));
  ZW_ASSIGN_OR_RETURN(auto values, view.storage->MultiGet(kSentences, keys));

  // Per other document: (source sentence, its occurrence there) pairs.
  absl::flat_hash_map<uint32_t, std::vector<Pair>> pairs;
  for (size_t i = 0; i < sentences.size(); ++i) {
    if (!values[i].has_value()) continue;
    ZW_ASSIGN_OR_RETURN(auto list, PostingList::Parse(std::move(*values[i])));
    PostingCursor cursor(list.get());
    const Sentence& s = sentences[i];
    while (cursor.Next()) {
      const uint32_t doc = cursor.doc();
      if (doc == exclude || view.docs->Find(doc) == nullptr) continue;
      auto occurrences = Occurrences(cursor);
      if (occurrences.empty()) continue;
      // Prefer the occurrence continuing the previous shared passage.
      auto& doc_pairs = pairs[doc];
      auto chosen = occurrences.front();
      if (!doc_pairs.empty()) {
        for (const auto& occurrence : occurrences) {
          if (occurrence.first >= doc_pairs.back().other_end) {
            chosen = occurrence;
            break;
          }
        }
      }
      doc_pairs.push_back(Pair{static_cast<uint32_t>(s.offset),
                               static_cast<uint32_t>(s.offset + s.length), chosen.first,
                               chosen.second});
    }
  }

  struct Result {
    uint32_t doc;
    int64_t shared;
    std::vector<Pair> spans;
  };
  std::vector<Result> results;
  for (auto& [doc, doc_pairs] : pairs) {
    std::sort(doc_pairs.begin(), doc_pairs.end(),
              [](const Pair& a, const Pair& b) { return a.source_start < b.source_start; });
    Result result{doc, 0, {}};
    for (const Pair& pair : doc_pairs) {
      if (!result.spans.empty()) {
        Pair& last = result.spans.back();
        const bool joins = pair.source_start >= last.source_end &&
                           pair.source_start - last.source_end <= kPassageGap &&
                           pair.other_start >= last.other_end &&
                           pair.other_start - last.other_end <= kPassageGap;
        if (joins) {
          result.shared += pair.source_end - last.source_end;
          last.source_end = pair.source_end;
          last.other_end = pair.other_end;
          continue;
        }
        if (pair.source_start < last.source_end) continue;  // the same sentence again
      }
      result.shared += pair.source_end - pair.source_start;
      result.spans.push_back(pair);
    }
    results.push_back(std::move(result));
  }
  // Most shared first, then by id.
  auto key = [&](const Result& r) { return std::make_tuple(-r.shared, view.docs->id(r.doc)); };
  std::sort(results.begin(), results.end(),
            [&](const Result& a, const Result& b) { return key(a) < key(b); });

  size_t first = 0;
  if (!request.page_token().empty()) {
    ZW_ASSIGN_OR_RETURN(auto cursor, ParseCursorToken(request.page_token()));
    const auto last = std::make_tuple(-cursor.first, cursor.second);
    while (first < results.size() && key(results[first]) <= last) ++first;
  }
  FindReuseResponse response;
  size_t end = std::min(results.size(), first + page_size);
  std::vector<std::string> ids;
  for (size_t i = first; i < end; ++i) ids.push_back(view.docs->id(results[i].doc));
  ZW_ASSIGN_OR_RETURN(auto documents, view.storage->MultiGet(kDocuments, ids));
  ResponseBudget budget(view.max_response_bytes);
  for (size_t i = first; i < end; ++i) {
    const Result& result = results[i];
    auto* out = response.add_documents();
    out->set_id(ids[i - first]);
    zhengwen::document::v1::Document doc;
    if (documents[i - first].has_value() && doc.ParseFromString(*documents[i - first])) {
      out->set_title(doc.title());
      out->set_source_uri(doc.source_uri());
    }
    out->set_shared_length(static_cast<int32_t>(result.shared));
    for (const Pair& pair : result.spans) {
      auto* span = out->add_spans();
      span->mutable_source()->set_offset(static_cast<int32_t>(pair.source_start));
      span->mutable_source()->set_length(static_cast<int32_t>(pair.source_end - pair.source_start));
      span->mutable_other()->set_offset(static_cast<int32_t>(pair.other_start));
      span->mutable_other()->set_length(static_cast<int32_t>(pair.other_end - pair.other_start));
    }
    if (!budget.Take(out->ByteSizeLong())) {
      response.mutable_documents()->RemoveLast();
      end = i;
      break;
    }
  }
  if (end < results.size() && end > first) {
    response.set_next_page_token(CursorToken(results[end - 1].shared, ids[end - 1 - first]));
  }
  return response;
}

absl::StatusOr<ListSharedSentencesResponse> RunListSharedSentences(
    const IndexView& view, const ListSharedSentencesRequest& request) {
  if (request.page_size() < 0) return InvalidPageSize();
  const int page_size = request.page_size() == 0 ? 100 : std::min(request.page_size(), 1000);
  const uint32_t min_documents = std::max(2, request.min_documents());
  // (documents, sentence key) of every sentence shared widely enough. Only the
  // header of each posting list is read.
  std::vector<std::pair<uint32_t, std::string>> shared;
  ZW_RETURN_IF_ERROR(view.storage->Scan(
      kSentences, "", "", [&](absl::string_view key, absl::string_view value) {
        const char* p = value.data();
        const char* end = p + value.size();
        uint32_t docs = 0;
        if (p < end && *p == 'P' && (++p, GetVarint32(&p, end, &docs)) && docs >= min_documents) {
          shared.emplace_back(docs, std::string(key));
        }
        return true;
      }));
  auto order = [](const std::pair<uint32_t, std::string>& a,
                  const std::pair<uint32_t, std::string>& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  };
  std::sort(shared.begin(), shared.end(), order);
  size_t first = 0;
  if (!request.page_token().empty()) {
    ZW_ASSIGN_OR_RETURN(auto cursor, ParseCursorToken(request.page_token()));
    std::string key;
    if (!absl::WebSafeBase64Unescape(cursor.second, &key)) return InvalidToken();
    const std::pair<uint32_t, std::string> last{static_cast<uint32_t>(cursor.first), key};
    first = std::upper_bound(shared.begin(), shared.end(), last, order) - shared.begin();
  }
  ListSharedSentencesResponse response;
  size_t end = std::min(shared.size(), first + page_size);
  ResponseBudget budget(view.max_response_bytes);
  for (size_t i = first; i < end; ++i) {
    ZW_ASSIGN_OR_RETURN(auto value, view.storage->Get(kSentences, shared[i].second));
    if (!value.has_value()) continue;
    ZW_ASSIGN_OR_RETURN(auto list, PostingList::Parse(std::move(*value)));
    auto* out = response.add_sentences();
    out->set_document_count(static_cast<int32_t>(shared[i].first));
    PostingCursor cursor(list.get());
    while (cursor.Next() && out->example_document_ids_size() < 3) {
      if (view.docs->Find(cursor.doc()) == nullptr) continue;
      const std::string& id = view.docs->id(cursor.doc());
      if (out->text().empty()) {
        ZW_ASSIGN_OR_RETURN(auto stored, view.storage->Get(kDocuments, id));
        zhengwen::document::v1::Document doc;
        const auto occurrences = Occurrences(cursor);
        if (stored.has_value() && doc.ParseFromString(*stored) && !occurrences.empty()) {
          out->set_text(CodePointSubstr(doc.text(), occurrences[0].first,
                                        occurrences[0].second - occurrences[0].first));
        }
      }
      out->add_example_document_ids(id);
    }
    if (!budget.Take(out->ByteSizeLong())) {
      response.mutable_sentences()->RemoveLast();
      end = i;
      break;
    }
  }
  if (end < shared.size() && end > first) {
    std::string key;
    absl::WebSafeBase64Escape(shared[end - 1].second, &key);
    response.set_next_page_token(CursorToken(shared[end - 1].first, key));
  }
  return response;
}

}  // namespace zhengwen::query
