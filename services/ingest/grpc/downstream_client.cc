#include "services/ingest/grpc/downstream_client.h"

#include "absl/strings/str_cat.h"
#include "common/grpc/grpc_options.h"
#include "common/grpc/grpc_status.h"

namespace zhengwen::ingest {

GrpcPageProcessor::GrpcPageProcessor(std::shared_ptr<grpc::Channel> normalization,
                                     std::shared_ptr<grpc::Channel> query, absl::Duration timeout,
                                     std::string token)
    : normalization_(zhengwen::normalization::v1::NormalizationService::NewStub(normalization)),
      query_(zhengwen::query::v1::QueryService::NewStub(query)),
      timeout_(timeout),
      token_(std::move(token)) {}

absl::StatusOr<std::vector<zhengwen::document::v1::Document>> GrpcPageProcessor::Normalize(
    const zhengwen::document::v1::Page& page) {
  zhengwen::normalization::v1::NormalizeRequest request;
  *request.mutable_page() = page;
  zhengwen::normalization::v1::NormalizeResponse response;
  auto context = ContextWithTimeout(timeout_, token_);
  grpc::Status status = normalization_->Normalize(context.get(), request, &response);
  if (!status.ok()) return FromGrpcStatus(status);
  return std::vector<zhengwen::document::v1::Document>(response.documents().begin(),
                                                       response.documents().end());
}

absl::Status GrpcPageProcessor::PutDocuments(
    const std::string& page_id, const std::vector<zhengwen::document::v1::Document>& documents,
    const std::string& replaces_page_id) {
  zhengwen::query::v1::PutDocumentsRequest request;
  request.set_request_id(absl::StrCat("put-", page_id));
  request.set_page_id(page_id);
  request.set_replaces_page_id(replaces_page_id);
  for (const auto& doc : documents) *request.add_documents() = doc;
  zhengwen::query::v1::PutDocumentsResponse response;
  auto context = ContextWithTimeout(timeout_, token_);
  return FromGrpcStatus(query_->PutDocuments(context.get(), request, &response));
}

}  // namespace zhengwen::ingest
