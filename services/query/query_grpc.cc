#include "services/query/query_grpc.h"

#include "common/grpc_status.h"

namespace zhengwen::query {

grpc::Status QueryGrpcService::PutDocuments(grpc::ServerContext* context,
                                            const zhengwen::query::v1::PutDocumentsRequest* request,
                                            zhengwen::query::v1::PutDocumentsResponse* response) {
  if (absl::Status allowed = access_->Check(*context, "/zhengwen.query.v1.QueryService/PutDocuments");
      !allowed.ok()) {
    return ToGrpcStatus(allowed);
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
  if (absl::Status allowed = access_->Check(*context, "/zhengwen.query.v1.QueryService/GetDocument");
      !allowed.ok()) {
    return ToGrpcStatus(allowed);
  }
  auto doc = store_->GetDocument(request->id());
  if (!doc.ok()) return ToGrpcStatus(doc.status());
  *response->mutable_document() = *std::move(doc);
  return grpc::Status::OK;
}

grpc::Status QueryGrpcService::ListDocuments(
    grpc::ServerContext* context, const zhengwen::query::v1::ListDocumentsRequest* request,
    zhengwen::query::v1::ListDocumentsResponse* response) {
  if (absl::Status allowed = access_->Check(*context, "/zhengwen.query.v1.QueryService/ListDocuments");
      !allowed.ok()) {
    return ToGrpcStatus(allowed);
  }
  auto list = store_->ListDocuments(request->page_size(), request->page_token(), request->page_id());
  if (!list.ok()) return ToGrpcStatus(list.status());
  for (auto& doc : list->documents) *response->add_documents() = std::move(doc);
  response->set_next_page_token(list->next_page_token);
  return grpc::Status::OK;
}

}  // namespace zhengwen::query
