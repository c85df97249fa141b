#include "common/grpc/access_table.h"

namespace zhengwen {

const AccessTable& MethodAccessTable() {
  // One row per RPC. An empty set means admin only.
  static const auto* table = new AccessTable{
      {"/zhengwen.ingest.v1.IngestService/IngestPage", {Role::kWriter}},
      {"/zhengwen.ingest.v1.IngestService/GetPage", {Role::kWriter, Role::kReader}},
      {"/zhengwen.ingest.v1.IngestService/ListPages", {Role::kReader}},
      {"/zhengwen.ingest.v1.IngestService/GetIngestStats", {}},
      // Taking content down and re-normalizing everything: admin only.
      {"/zhengwen.ingest.v1.IngestService/DeletePage", {}},
      {"/zhengwen.ingest.v1.IngestService/Renormalize", {}},
      {"/zhengwen.normalization.v1.NormalizationService/Normalize", {Role::kService}},
      {"/zhengwen.query.v1.QueryService/PutDocuments", {Role::kService}},
      {"/zhengwen.query.v1.QueryService/GetDocument", {Role::kReader}},
      {"/zhengwen.query.v1.QueryService/ListDocuments", {Role::kReader}},
      {"/zhengwen.query.v1.QueryService/Search", {Role::kReader}},
      {"/zhengwen.query.v1.QueryService/FindSimilar", {Role::kReader}},
      {"/zhengwen.query.v1.QueryService/FindReuse", {Role::kReader}},
      {"/zhengwen.query.v1.QueryService/ListSharedSentences", {Role::kReader}},
  };
  return *table;
}

bool RoleMayCall(Role role, absl::string_view method) {
  const AccessTable& table = MethodAccessTable();
  auto it = table.find(method);
  if (it == table.end()) return false;
  return role == Role::kAdmin || it->second.count(role) > 0;
}

std::optional<Role> ParseRole(absl::string_view name) {
  if (name == "reader") return Role::kReader;
  if (name == "writer") return Role::kWriter;
  if (name == "admin") return Role::kAdmin;
  if (name == "service") return Role::kService;
  return std::nullopt;
}

absl::string_view RoleName(Role role) {
  switch (role) {
    case Role::kReader:
      return "reader";
    case Role::kWriter:
      return "writer";
    case Role::kAdmin:
      return "admin";
    case Role::kService:
      return "service";
  }
  return "unknown";
}

}  // namespace zhengwen
