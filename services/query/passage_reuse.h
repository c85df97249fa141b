// Passage reuse: every sentence of every document is hashed (content
// characters only, see common/text/sentences.h) into kSentences with its
// [start, end) in the document. FindReuse looks up a source's sentences and
// joins adjacent shared sentences into passages, with spans on both sides;
// ListSharedSentences ranks the sentences many documents share (template
// phrases).
#ifndef ZHENGWEN_SERVICES_QUERY_PASSAGE_REUSE_H_
#define ZHENGWEN_SERVICES_QUERY_PASSAGE_REUSE_H_

#include <cstdint>
#include <limits>
#include <vector>

#include "absl/status/statusor.h"
#include "common/text/sentences.h"
#include "services/query/index_view.h"
#include "zhengwen/query/v1/query_service.pb.h"

namespace zhengwen::query {

inline constexpr uint32_t kNoDocument = std::numeric_limits<uint32_t>::max();
// Code points of punctuation or space allowed between two shared sentences
// that still make one passage.
inline constexpr uint32_t kPassageGap = 2;

// Documents (other than `exclude`) sharing sentences of the source, whose
// sentences are `sentences` (offsets in the source's text).
absl::StatusOr<zhengwen::query::v1::FindReuseResponse> RunFindReuse(
    const IndexView& view, const std::vector<Sentence>& sentences, uint32_t exclude,
    const zhengwen::query::v1::FindReuseRequest& request);

absl::StatusOr<zhengwen::query::v1::ListSharedSentencesResponse> RunListSharedSentences(
    const IndexView& view, const zhengwen::query::v1::ListSharedSentencesRequest& request);

}  // namespace zhengwen::query

#endif  // ZHENGWEN_SERVICES_QUERY_PASSAGE_REUSE_H_
