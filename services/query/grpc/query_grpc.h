// gRPC adapter of the query service: no logic, only translation.
#ifndef ZHENGWEN_SERVICES_QUERY_GRPC_QUERY_GRPC_H_
#define ZHENGWEN_SERVICES_QUERY_GRPC_QUERY_GRPC_H_

#include "common/grpc/grpc_adapter.h"
#include "common/pagination/page_token.h"
#include "services/query/document_store.h"
#include "zhengwen/query/v1/query_service.grpc.pb.h"

namespace zhengwen::query {

class QueryGrpcService final : public GrpcAdapter<zhengwen::query::v1::QueryService> {
 public:
  // `tokens` seals the page tokens of every list and search.
  QueryGrpcService(DocumentStore* store, const AccessControl* access, const PageTokenCodec* tokens)
      : GrpcAdapter(access), store_(store), tokens_(tokens) {}

  grpc::Status PutDocuments(grpc::ServerContext* context,
                            const zhengwen::query::v1::PutDocumentsRequest* request,
                            zhengwen::query::v1::PutDocumentsResponse* response) override;
  grpc::Status GetDocument(grpc::ServerContext* context,
                           const zhengwen::query::v1::GetDocumentRequest* request,
                           zhengwen::query::v1::GetDocumentResponse* response) override;
  grpc::Status ListDocuments(grpc::ServerContext* context,
                             const zhengwen::query::v1::ListDocumentsRequest* request,
                             zhengwen::query::v1::ListDocumentsResponse* response) override;
  grpc::Status Search(grpc::ServerContext* context,
                      const zhengwen::query::v1::SearchRequest* request,
                      zhengwen::query::v1::SearchResponse* response) override;
  grpc::Status FindSimilar(grpc::ServerContext* context,
                           const zhengwen::query::v1::FindSimilarRequest* request,
                           zhengwen::query::v1::FindSimilarResponse* response) override;
  grpc::Status FindReuse(grpc::ServerContext* context,
                         const zhengwen::query::v1::FindReuseRequest* request,
                         zhengwen::query::v1::FindReuseResponse* response) override;
  grpc::Status ListSharedSentences(
      grpc::ServerContext* context, const zhengwen::query::v1::ListSharedSentencesRequest* request,
      zhengwen::query::v1::ListSharedSentencesResponse* response) override;

 private:
  DocumentStore* store_;
  const PageTokenCodec* tokens_;
};

}  // namespace zhengwen::query

#endif  // ZHENGWEN_SERVICES_QUERY_GRPC_QUERY_GRPC_H_
