#include "services/normalization/grpc/normalization_grpc.h"

#include "common/grpc/grpc_status.h"

namespace zhengwen::normalization {

grpc::Status NormalizationGrpcService::Normalize(
    grpc::ServerContext* context, const zhengwen::normalization::v1::NormalizeRequest* request,
    zhengwen::normalization::v1::NormalizeResponse* response) {
  if (grpc::Status denied = Authorize(*context, __func__); !denied.ok()) return denied;
  auto documents = normalizer_->Normalize(request->page());
  if (!documents.ok()) return ToGrpcStatus(documents.status());
  for (auto& doc : *documents) *response->add_documents() = std::move(doc);
  response->set_rules_version(normalizer_->rules_version());
  return grpc::Status::OK;
}

}  // namespace zhengwen::normalization
