// The subcommands of `zw`. Each returns the process exit code.
#ifndef ZHENGWEN_SERVICES_CLI_COMMANDS_H_
#define ZHENGWEN_SERVICES_CLI_COMMANDS_H_

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "services/normalization/normalizer.h"

namespace zhengwen::cli {

struct ClientConfig {
  std::string ingest_server;  // ingest service address
  std::string query_server;   // query service address
  absl::Duration timeout;     // deadline of each call
  // How long the first connection to a server may take before the command
  // fails with "cannot connect".
  absl::Duration connect_timeout = absl::Seconds(5);
  // TLS (and mTLS) credentials; null for plaintext.
  std::shared_ptr<grpc::ChannelCredentials> credentials;
  // Bearer token sent with every call ("" for none).
  std::string token;
};

// What `zw ingest` sends instead of what it derives from the path ("" keeps it).
struct IngestOverrides {
  std::string source_uri;
  std::string content_type;
  std::string encoding;
};
int RunIngest(const ClientConfig& config, const std::vector<std::string>& paths,
              const IngestOverrides& overrides, bool wait, absl::Duration wait_timeout);
// `zw get ID | --source_uri=U [--history]`.
int RunGet(const ClientConfig& config, const std::string& id, const std::string& source_uri,
           bool history);
// `zw list` filters; empty fields do not filter (since/until: RFC 3339 or YYYY-MM-DD, UTC).
struct ListFilter {
  std::string status;
  std::string host;
  std::string since;
  std::string until;
};
int RunList(const ClientConfig& config, int page_size, const ListFilter& filter);
// `zw delete ID | --source_uri=U`.
int RunDelete(const ClientConfig& config, const std::string& id, const std::string& source_uri);
// `zw renormalize [--host=H] [--rules_version_other_than=V] [--wait]`.
int RunRenormalize(const ClientConfig& config, const std::string& host,
                   const std::string& rules_version_other_than, bool wait,
                   absl::Duration wait_timeout);
int RunExport(const ClientConfig& config, int page_size);
int RunStatus(const ClientConfig& config);
int RunHealth(const ClientConfig& config);
// What `zw normalize` prints per page.
enum class NormalizeOutput {
  kDocuments,     // JSONL of documents, as `zw export`
  kExplain,       // --explain: a readable account of the edits
  kLineFeatures,  // --dump_line_features: JSONL of every line's classifier features
};
// `zw rules learn DIR...`: a rules file of each host's template lines
// (one directory per host) on stdout, or into `out_file` when set.
int RunRulesLearn(const std::vector<std::string>& dirs, const std::string& out_file, int min_pages,
                  const normalization::NormalizerOptions& options);
// `zw normalize PATH...`; `threads` pages at a time (1..kMaxNormalizeThreads),
// output in input order whatever the count.
inline constexpr int kMaxNormalizeThreads = 64;
int RunNormalize(const std::vector<std::string>& paths, NormalizeOutput output,
                 const normalization::NormalizerOptions& options, int threads);
// search, similar, reuse (search_commands.cc, which also holds their flags).
bool IsQueryCommand(const std::string& command);
int RunQueryCommand(const ClientConfig& config, const std::string& command,
                    const std::vector<std::string>& args);

}  // namespace zhengwen::cli

#endif  // ZHENGWEN_SERVICES_CLI_COMMANDS_H_
