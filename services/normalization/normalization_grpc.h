// gRPC adapter of the normalization service: no logic, only translation.
#ifndef ZHENGWEN_SERVICES_NORMALIZATION_NORMALIZATION_GRPC_H_
#define ZHENGWEN_SERVICES_NORMALIZATION_NORMALIZATION_GRPC_H_

#include "services/normalization/normalizer.h"
#include "zhengwen/normalization/v1/normalization_service.grpc.pb.h"

namespace zhengwen::normalization {

class NormalizationGrpcService final
    : public zhengwen::normalization::v1::NormalizationService::Service {
 public:
  explicit NormalizationGrpcService(const Normalizer* normalizer) : normalizer_(normalizer) {}

  grpc::Status Normalize(grpc::ServerContext* context,
                         const zhengwen::normalization::v1::NormalizeRequest* request,
                         zhengwen::normalization::v1::NormalizeResponse* response) override;

 private:
  const Normalizer* normalizer_;
};

}  // namespace zhengwen::normalization

#endif  // ZHENGWEN_SERVICES_NORMALIZATION_NORMALIZATION_GRPC_H_
