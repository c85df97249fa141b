// gRPC adapter of the ingest service: no logic, only translation.
#ifndef ZHENGWEN_SERVICES_INGEST_GRPC_INGEST_GRPC_H_
#define ZHENGWEN_SERVICES_INGEST_GRPC_INGEST_GRPC_H_

#include "common/grpc/grpc_adapter.h"
#include "common/pagination/page_token.h"
#include "services/ingest/ingest_core.h"
#include "zhengwen/ingest/v1/ingest_service.grpc.pb.h"

namespace zhengwen::ingest {

class IngestGrpcService final : public GrpcAdapter<zhengwen::ingest::v1::IngestService> {
 public:
  // `tokens` seals ListPages' page tokens.
  IngestGrpcService(IngestCore* core, const AccessControl* access, const PageTokenCodec* tokens)
      : GrpcAdapter(access), core_(core), tokens_(tokens) {}

  grpc::Status IngestPage(grpc::ServerContext* context,
                          const zhengwen::ingest::v1::IngestPageRequest* request,
                          zhengwen::ingest::v1::IngestPageResponse* response) override;
  grpc::Status GetPage(grpc::ServerContext* context,
                       const zhengwen::ingest::v1::GetPageRequest* request,
                       zhengwen::ingest::v1::GetPageResponse* response) override;
  grpc::Status ListPages(grpc::ServerContext* context,
                         const zhengwen::ingest::v1::ListPagesRequest* request,
                         zhengwen::ingest::v1::ListPagesResponse* response) override;
  grpc::Status GetIngestStats(grpc::ServerContext* context,
                              const zhengwen::ingest::v1::GetIngestStatsRequest* request,
                              zhengwen::ingest::v1::GetIngestStatsResponse* response) override;
  grpc::Status DeletePage(grpc::ServerContext* context,
                          const zhengwen::ingest::v1::DeletePageRequest* request,
                          zhengwen::ingest::v1::DeletePageResponse* response) override;
  grpc::Status Renormalize(grpc::ServerContext* context,
                           const zhengwen::ingest::v1::RenormalizeRequest* request,
                           zhengwen::ingest::v1::RenormalizeResponse* response) override;

 private:
  IngestCore* core_;
  const PageTokenCodec* tokens_;
};

}  // namespace zhengwen::ingest

#endif  // ZHENGWEN_SERVICES_INGEST_GRPC_INGEST_GRPC_H_
