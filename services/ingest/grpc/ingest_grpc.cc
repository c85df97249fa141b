#include "services/ingest/grpc/ingest_grpc.h"

#include "common/grpc/grpc_status.h"

namespace zhengwen::ingest {

grpc::Status IngestGrpcService::IngestPage(grpc::ServerContext* context,
                                           const zhengwen::ingest::v1::IngestPageRequest* request,
                                           zhengwen::ingest::v1::IngestPageResponse* response) {
  if (grpc::Status denied = Authorize(*context, __func__); !denied.ok()) return denied;
  IngestRequest in{request->request_id(), request->source_uri(), request->content(),
                   request->content_type(), request->declared_encoding()};
  auto result = core_->Ingest(in);
  if (!result.ok()) return ToGrpcStatus(result.status());
  response->set_page_id(result->page_id);
  response->set_already_present(result->already_present);
  response->set_status(result->status);
  return grpc::Status::OK;
}

grpc::Status IngestGrpcService::GetPage(grpc::ServerContext* context,
                                        const zhengwen::ingest::v1::GetPageRequest* request,
                                        zhengwen::ingest::v1::GetPageResponse* response) {
  if (grpc::Status denied = Authorize(*context, __func__); !denied.ok()) return denied;
  auto info = core_->GetPage(request->page_id());
  if (!info.ok()) return ToGrpcStatus(info.status());
  *response->mutable_page() = *std::move(info);
  return grpc::Status::OK;
}

grpc::Status IngestGrpcService::ListPages(grpc::ServerContext* context,
                                          const zhengwen::ingest::v1::ListPagesRequest* request,
                                          zhengwen::ingest::v1::ListPagesResponse* response) {
  if (grpc::Status denied = Authorize(*context, __func__); !denied.ok()) return denied;
  using zhengwen::ingest::v1::ListPagesRequest;
  using zhengwen::ingest::v1::ListPagesResponse;
  auto list = WithPageTokens<ListPagesRequest, ListPagesResponse>(
      *tokens_, "ListPages", *request,
      [this](const ListPagesRequest& inner) -> absl::StatusOr<ListPagesResponse> {
        auto found = core_->ListPages(inner.page_size(), inner.page_token(), inner.status());
        if (!found.ok()) return found.status();
        ListPagesResponse out;
        for (auto& page : found->pages) *out.add_pages() = std::move(page);
        out.set_next_page_token(found->next_page_token);
        return out;
      });
  if (!list.ok()) return ToGrpcStatus(list.status());
  *response = *std::move(list);
  return grpc::Status::OK;
}

grpc::Status IngestGrpcService::GetIngestStats(
    grpc::ServerContext* context, const zhengwen::ingest::v1::GetIngestStatsRequest* request,
    zhengwen::ingest::v1::GetIngestStatsResponse* response) {
  if (grpc::Status denied = Authorize(*context, __func__); !denied.ok()) return denied;
  const IngestStats stats = core_->Stats();
  response->set_accepted(stats.accepted);
  response->set_normalized(stats.normalized);
  response->set_indexed(stats.indexed);
  response->set_failed(stats.failed);
  response->set_no_content(stats.no_content);
  response->set_outbox_depth(stats.outbox_depth);
  return grpc::Status::OK;
}

}  // namespace zhengwen::ingest
