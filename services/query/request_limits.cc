#include "services/query/request_limits.h"

#include "common/field_limits.h"
#include "common/status_macros.h"

namespace zhengwen::query {

absl::Status CheckRequest(const zhengwen::query::v1::GetDocumentRequest& request) {
  return CheckFieldLength("id", request.id(), kMaxIdBytes);
}

absl::Status CheckRequest(const zhengwen::query::v1::ListDocumentsRequest& request) {
  return CheckFieldLength("page_id", request.page_id(), kMaxIdBytes);
}

absl::Status CheckRequest(const zhengwen::query::v1::SearchRequest& request) {
  const auto& filter = request.filter();
  ZW_RETURN_IF_ERROR(
      CheckFieldLength("filter.published_after", filter.published_after(), kMaxDateBytes));
  ZW_RETURN_IF_ERROR(
      CheckFieldLength("filter.published_before", filter.published_before(), kMaxDateBytes));
  ZW_RETURN_IF_ERROR(
      CheckFieldCount("filter.source_hosts", filter.source_hosts_size(), kMaxFilterHosts));
  for (const std::string& host : filter.source_hosts()) {
    ZW_RETURN_IF_ERROR(CheckFieldLength("filter.source_hosts", host, kMaxHostBytes));
  }
  return absl::OkStatus();
}

absl::Status CheckRequest(const zhengwen::query::v1::FindSimilarRequest& request) {
  ZW_RETURN_IF_ERROR(CheckFieldLength("id", request.id(), kMaxIdBytes));
  return CheckFieldLength("text", request.text(), kMaxQueryTextBytes);
}

absl::Status CheckRequest(const zhengwen::query::v1::FindReuseRequest& request) {
  ZW_RETURN_IF_ERROR(CheckFieldLength("id", request.id(), kMaxIdBytes));
  return CheckFieldLength("text", request.text(), kMaxQueryTextBytes);
}

absl::Status CheckRequest(const zhengwen::query::v1::ListSharedSentencesRequest&) {
  return absl::OkStatus();
}

}  // namespace zhengwen::query
