#include "services/query/query_grpc.h"

#include "common/grpc_status.h"

namespace zhengwen::query {

grpc::Status QueryGrpcService::PutDocuments(grpc::ServerContext* context,
                                            const zhengwen::query::v1::PutDocumentsRequest* request,
                                            zhengwen::query::v1::PutDocumentsResponse* response) {
  if (grpc::Status denied =
          access_->CheckCall(*context, "/zhengwen.query.v1.QueryService/PutDocuments");
      !denied.ok()) {
    return denied;
  }
  std::vector<Document> documents(request->documents().begin(), request->documents().end());
  auto result = store_->PutDocuments(request->page_id(), documents, request->replaces_page_id());
  if (!result.ok()) return ToGrpcStatus(result.status());
  response->set_stored(result->stored);
  response->set_removed(result->removed);
  return grpc::Status::OK;
}

grpc::Status QueryGrpcService::GetDocument(grpc::ServerContext* context,
                                           const zhengwen::query::v1::GetDocumentRequest* request,
                                           zhengwen::query::v1::GetDocumentResponse* response) {
  if (grpc::Status denied =
          access_->CheckCall(*context, "/zhengwen.query.v1.QueryService/GetDocument");
      !denied.ok()) {
    return denied;
  }
  auto doc = store_->GetDocument(request->id());
  if (!doc.ok()) return ToGrpcStatus(doc.status());
  *response->mutable_document() = *std::move(doc);
  return grpc::Status::OK;
}

grpc::Status QueryGrpcService::ListDocuments(
    grpc::ServerContext* context, const zhengwen::query::v1::ListDocumentsRequest* request,
    zhengwen::query::v1::ListDocumentsResponse* response) {
  if (grpc::Status denied =
          access_->CheckCall(*context, "/zhengwen.query.v1.QueryService/ListDocuments");
      !denied.ok()) {
    return denied;
  }
  auto list =
      store_->ListDocuments(request->page_size(), request->page_token(), request->page_id());
  if (!list.ok()) return ToGrpcStatus(list.status());
  for (auto& doc : list->documents) *response->add_documents() = std::move(doc);
  response->set_next_page_token(list->next_page_token);
  return grpc::Status::OK;
}

namespace {

// Copies a logic-side response into the gRPC one, or returns the error.
template <typename Response>
grpc::Status Answer(absl::StatusOr<Response> result, Response* response) {
  if (!result.ok()) return ToGrpcStatus(result.status());
  *response = *std::move(result);
  return grpc::Status::OK;
}

}  // namespace

grpc::Status QueryGrpcService::Search(grpc::ServerContext* context,
                                      const zhengwen::query::v1::SearchRequest* request,
                                      zhengwen::query::v1::SearchResponse* response) {
  if (grpc::Status denied = access_->CheckCall(*context, "/zhengwen.query.v1.QueryService/Search");
      !denied.ok()) {
    return denied;
  }
  return Answer(store_->Search(*request), response);
}

grpc::Status QueryGrpcService::FindSimilar(grpc::ServerContext* context,
                                           const zhengwen::query::v1::FindSimilarRequest* request,
                                           zhengwen::query::v1::FindSimilarResponse* response) {
  if (grpc::Status denied =
          access_->CheckCall(*context, "/zhengwen.query.v1.QueryService/FindSimilar");
      !denied.ok()) {
    return denied;
  }
  return Answer(store_->FindSimilar(*request), response);
}

grpc::Status QueryGrpcService::FindReuse(grpc::ServerContext* context,
                                         const zhengwen::query::v1::FindReuseRequest* request,
                                         zhengwen::query::v1::FindReuseResponse* response) {
  if (grpc::Status denied =
          access_->CheckCall(*context, "/zhengwen.query.v1.QueryService/FindReuse");
      !denied.ok()) {
    return denied;
  }
  return Answer(store_->FindReuse(*request), response);
}

grpc::Status QueryGrpcService::ListSharedSentences(
    grpc::ServerContext* context, const zhengwen::query::v1::ListSharedSentencesRequest* request,
    zhengwen::query::v1::ListSharedSentencesResponse* response) {
  if (grpc::Status denied =
          access_->CheckCall(*context, "/zhengwen.query.v1.QueryService/ListSharedSentences");
      !denied.ok()) {
    return denied;
  }
  return Answer(store_->ListSharedSentences(*request), response);
}

}  // namespace zhengwen::query
