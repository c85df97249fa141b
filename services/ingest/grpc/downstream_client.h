// GrpcPageProcessor: the dispatcher's downstream calls over gRPC, each with a deadline.
#ifndef ZHENGWEN_SERVICES_INGEST_GRPC_DOWNSTREAM_CLIENT_H_
#define ZHENGWEN_SERVICES_INGEST_GRPC_DOWNSTREAM_CLIENT_H_

#include <memory>

#include <grpcpp/grpcpp.h>

#include "absl/time/time.h"
#include "services/ingest/dispatcher.h"
#include "zhengwen/normalization/v1/normalization_service.grpc.pb.h"
#include "zhengwen/query/v1/query_service.grpc.pb.h"

namespace zhengwen::ingest {

class GrpcPageProcessor : public PageProcessor {
 public:
  // `token`, when not empty, is sent as a bearer token on every call.
  GrpcPageProcessor(std::shared_ptr<grpc::Channel> normalization,
                    std::shared_ptr<grpc::Channel> query, absl::Duration timeout,
                    std::string token = "");

  absl::StatusOr<std::vector<zhengwen::document::v1::Document>> Normalize(
      const zhengwen::document::v1::Page& page) override;
  absl::Status PutDocuments(const std::string& page_id,
                            const std::vector<zhengwen::document::v1::Document>& documents,
                            const std::string& replaces_page_id) override;

 private:
  std::unique_ptr<zhengwen::normalization::v1::NormalizationService::Stub> normalization_;
  std::unique_ptr<zhengwen::query::v1::QueryService::Stub> query_;
  absl::Duration timeout_;
  std::string token_;
};

}  // namespace zhengwen::ingest

#endif  // ZHENGWEN_SERVICES_INGEST_GRPC_DOWNSTREAM_CLIENT_H_
