// gRPC adapter of the normalization service: no logic, only translation.
#ifndef ZHENGWEN_SERVICES_NORMALIZATION_GRPC_NORMALIZATION_GRPC_H_
#define ZHENGWEN_SERVICES_NORMALIZATION_GRPC_NORMALIZATION_GRPC_H_

#include "common/grpc/grpc_adapter.h"
#include "services/normalization/normalizer.h"
#include "zhengwen/normalization/v1/normalization_service.grpc.pb.h"

namespace zhengwen::normalization {

class NormalizationGrpcService final
    : public GrpcAdapter<zhengwen::normalization::v1::NormalizationService> {
 public:
  NormalizationGrpcService(const Normalizer* normalizer, const AccessControl* access)
      : GrpcAdapter(access), normalizer_(normalizer) {}

  grpc::Status Normalize(grpc::ServerContext* context,
                         const zhengwen::normalization::v1::NormalizeRequest* request,
                         zhengwen::normalization::v1::NormalizeResponse* response) override;

 private:
  const Normalizer* normalizer_;
};

}  // namespace zhengwen::normalization

#endif  // ZHENGWEN_SERVICES_NORMALIZATION_GRPC_NORMALIZATION_GRPC_H_
