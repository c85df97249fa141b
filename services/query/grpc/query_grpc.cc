#include "services/query/grpc/query_grpc.h"

#include "common/grpc/grpc_status.h"
#include "services/query/request_limits.h"

namespace zhengwen::query {

namespace {

// Copies a logic-side response into the gRPC one, or returns the error.
template <typename Response>
grpc::Status Answer(absl::StatusOr<Response> result, Response* response) {
  if (!result.ok()) return ToGrpcStatus(result.status());
  *response = *std::move(result);
  return grpc::Status::OK;
}

// A paginated call: its field limits, then the store behind sealed page tokens.
template <typename Request, typename Response>
grpc::Status AnswerPaginated(const PageTokenCodec& tokens, absl::string_view method,
                             const Request& request, Response* response,
                             std::function<absl::StatusOr<Response>(const Request&)> call) {
  if (absl::Status invalid = CheckRequest(request); !invalid.ok()) return ToGrpcStatus(invalid);
  return Answer(WithPageTokens<Request, Response>(tokens, method, request, call), response);
}

}  // namespace

grpc::Status QueryGrpcService::PutDocuments(grpc::ServerContext* context,
                                            const v1::PutDocumentsRequest* request,
                                            v1::PutDocumentsResponse* response) {
  if (grpc::Status denied = Authorize(*context, __func__); !denied.ok()) return denied;
  std::vector<Document> documents(request->documents().begin(), request->documents().end());
  auto result = store_->PutDocuments(request->page_id(), documents, request->replaces_page_id());
  if (!result.ok()) return ToGrpcStatus(result.status());
  response->set_stored(result->stored);
  response->set_removed(result->removed);
  return grpc::Status::OK;
}

grpc::Status QueryGrpcService::GetDocument(grpc::ServerContext* context,
                                           const v1::GetDocumentRequest* request,
                                           v1::GetDocumentResponse* response) {
  if (grpc::Status denied = Authorize(*context, __func__); !denied.ok()) return denied;
  if (absl::Status invalid = CheckRequest(*request); !invalid.ok()) return ToGrpcStatus(invalid);
  auto doc = store_->GetDocument(request->id());
  if (!doc.ok()) return ToGrpcStatus(doc.status());
  *response->mutable_document() = *std::move(doc);
  return grpc::Status::OK;
}

grpc::Status QueryGrpcService::ListDocuments(grpc::ServerContext* context,
                                             const v1::ListDocumentsRequest* request,
                                             v1::ListDocumentsResponse* response) {
  if (grpc::Status denied = Authorize(*context, __func__); !denied.ok()) return denied;
  if (absl::Status invalid = CheckRequest(*request); !invalid.ok()) return ToGrpcStatus(invalid);
  using v1::ListDocumentsRequest;
  using v1::ListDocumentsResponse;
  auto list = WithPageTokens<ListDocumentsRequest, ListDocumentsResponse>(
      *tokens_, "ListDocuments", *request,
      [this](const ListDocumentsRequest& inner) -> absl::StatusOr<ListDocumentsResponse> {
        auto found = store_->ListDocuments(inner.page_size(), inner.page_token(), inner.page_id());
        if (!found.ok()) return found.status();
        ListDocumentsResponse out;
        for (auto& doc : found->documents) *out.add_documents() = std::move(doc);
        out.set_next_page_token(found->next_page_token);
        return out;
      });
  if (!list.ok()) return ToGrpcStatus(list.status());
  *response = *std::move(list);
  return grpc::Status::OK;
}

grpc::Status QueryGrpcService::Search(grpc::ServerContext* context,
                                      const v1::SearchRequest* request,
                                      v1::SearchResponse* response) {
  if (grpc::Status denied = Authorize(*context, __func__); !denied.ok()) return denied;
  return AnswerPaginated<v1::SearchRequest, v1::SearchResponse>(
      *tokens_, "Search", *request, response,
      [this](const v1::SearchRequest& inner) { return store_->Search(inner); });
}

grpc::Status QueryGrpcService::FindSimilar(grpc::ServerContext* context,
                                           const v1::FindSimilarRequest* request,
                                           v1::FindSimilarResponse* response) {
  if (grpc::Status denied = Authorize(*context, __func__); !denied.ok()) return denied;
  return AnswerPaginated<v1::FindSimilarRequest, v1::FindSimilarResponse>(
      *tokens_, "FindSimilar", *request, response,
      [this](const v1::FindSimilarRequest& inner) { return store_->FindSimilar(inner); });
}

grpc::Status QueryGrpcService::FindReuse(grpc::ServerContext* context,
                                         const v1::FindReuseRequest* request,
                                         v1::FindReuseResponse* response) {
  if (grpc::Status denied = Authorize(*context, __func__); !denied.ok()) return denied;
  return AnswerPaginated<v1::FindReuseRequest, v1::FindReuseResponse>(
      *tokens_, "FindReuse", *request, response,
      [this](const v1::FindReuseRequest& inner) { return store_->FindReuse(inner); });
}

grpc::Status QueryGrpcService::ListSharedSentences(grpc::ServerContext* context,
                                                   const v1::ListSharedSentencesRequest* request,
                                                   v1::ListSharedSentencesResponse* response) {
  if (grpc::Status denied = Authorize(*context, __func__); !denied.ok()) return denied;
  return AnswerPaginated<v1::ListSharedSentencesRequest, v1::ListSharedSentencesResponse>(
      *tokens_, "ListSharedSentences", *request, response,
      [this](const v1::ListSharedSentencesRequest& inner) {
        return store_->ListSharedSentences(inner);
      });
}

}  // namespace zhengwen::query
