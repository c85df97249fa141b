// `zw`: the command-line client of Zhengwen.
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "absl/flags/declare.h"
#include "absl/flags/flag.h"
#include "absl/flags/usage.h"
#include "absl/strings/ascii.h"
#include "absl/time/time.h"
#include "common/flags_env.h"
#include "common/grpc/tls_credentials.h"
#include "common/secret_file.h"
#include "services/cli/commands.h"
#include "services/normalization/normalizer.h"

ABSL_FLAG(std::string, server, "127.0.0.1:7070",
          "Address of the ingest service (all-in-one: the server)");
ABSL_FLAG(std::string, query_server, "",
          "Address of the query service; defaults to --server (all-in-one)");
ABSL_FLAG(absl::Duration, timeout, absl::Seconds(30), "Deadline of each call");
ABSL_FLAG(absl::Duration, connect_timeout, absl::Seconds(5),
          "How long the first connection to a server may take before the command fails");
ABSL_FLAG(bool, wait, false,
          "ingest: return only when every page is INDEXED (or FAILED); renormalize: when the "
          "job is done, with a progress bar");
ABSL_FLAG(absl::Duration, wait_timeout, absl::Minutes(10), "ingest --wait: give up after this");
ABSL_FLAG(int, page_size, 500, "list/export: items per call");
ABSL_FLAG(std::string, status, "", "list: only pages with this status (accepted, indexed, ...)");
ABSL_FLAG(std::string, since, "",
          "list: only pages whose current version was accepted at or after this time "
          "(RFC 3339 or YYYY-MM-DD, UTC)");
ABSL_FLAG(std::string, until, "", "list: only pages accepted before this time (as --since)");
ABSL_FLAG(std::string, source_uri, "",
          "ingest: the page's source_uri instead of the path (one file or -); get, delete: "
          "the page of this source_uri");
ABSL_FLAG(std::string, content_type, "", "ingest: MIME type instead of the one from the name");
ABSL_FLAG(std::string, encoding, "", "ingest: declared character encoding (e.g. GB18030)");
ABSL_FLAG(bool, history, false, "get: also print the page's versions");
ABSL_FLAG(std::string, rules_version_other_than, "",
          "renormalize: only pages whose documents carry another rules version");
ABSL_FLAG(bool, explain, false, "normalize: print what was removed or changed, readably");
ABSL_FLAG(std::string, out, "", "rules learn: write the rules file here instead of stdout");
ABSL_FLAG(int, min_pages, 3, "rules learn: a template line is on at least this many of a host's pages");
ABSL_FLAG(bool, dump_line_features, false,
          "normalize: print each line's classifier features as JSONL (for model/fit_line_model.py)");
ABSL_FLAG(std::string, line_model_file, "",
          "normalize: line classifier model replacing the built-in one");
ABSL_FLAG(std::string, opencc_config, "t2s.json", "normalize: OpenCC configuration");
ABSL_FLAG(int, threads, 1,
          "normalize: pages normalized at a time, 1..64 (output stays in input order)");
ABSL_FLAG(std::string, rules_file, "", "normalize: rules file extending the built-in rules");
ABSL_FLAG(bool, replace_default_rules, false,
          "normalize: use only --rules_file's rules, not the built-in ones");
ABSL_FLAG(std::string, html_model_file, "",
          "normalize: HTML main-content model file instead of the built-in one");
ABSL_FLAG(std::string, tls_ca_file, "",
          "PEM CA bundle: connect over TLS and verify the server against it");
ABSL_FLAG(std::string, tls_cert_file, "", "PEM client certificate for mTLS");
ABSL_FLAG(std::string, tls_key_file, "", "PEM private key of --tls_cert_file");
ABSL_FLAG(std::string, token_file, "",
          "File holding the bearer token (otherwise the ZW_TOKEN environment variable)");

// Defined with the search flags; list and renormalize take one host.
ABSL_DECLARE_FLAG(std::vector<std::string>, host);

namespace {

// The one --host a page command filters by ("" for none).
bool SingleHost(std::string* host) {
  const std::vector<std::string> hosts = absl::GetFlag(FLAGS_host);
  if (hosts.size() > 1) {
    std::fprintf(stderr, "zw: this command takes one --host\n");
    return false;
  }
  *host = hosts.empty() ? "" : hosts[0];
  return true;
}

constexpr char kUsage[] =
    "zw [--server=HOST:PORT] COMMAND [ARGS]\n"
    "commands:\n"
    "  ingest [--wait] PATH...     send files or directories to ingest\n"
    "  ingest --source_uri=U [--content_type=T] [--encoding=E] FILE|-  one page, named\n"
    "  get ID | --source_uri=U [--history]  a page (page id; with its versions) or a\n"
    "                              document (<page_id>-<part>) as JSON\n"
    "  list [--status=S] [--host=H] [--since=T] [--until=T]  pages with their status\n"
    "  delete ID | --source_uri=U  take a page down: every version and its documents (admin)\n"
    "  renormalize [--host=H] [--rules_version_other_than=V] [--wait]  normalize stored\n"
    "                              pages again with the current rules (admin)\n"
    "  export                      every document as JSONL on stdout\n"
    "  status                      pages by status, outbox depth, re-normalization job\n"
    "  health                      liveness and readiness of the server(s)\n"
    "  normalize [--explain] PATH...  normalize files offline (no server), JSONL on stdout\n"
    "  rules learn [--out=F] DIR...  rules file of lines recurring across a host's pages\n"
    "                              (one directory per host), for --rules_file\n"
    "  search [--json] QUERY...    ranked documents with highlighted snippets (docs/query.md)\n"
    "  similar ID | --text=T       related documents: Jaccard, containment, relation, cluster\n"
    "  copies ID                   where the text appears, earliest first\n"
    "  reuse ID | --text=T | --templates  shared sentences and passages\n"
    "Flags may also be set as ZW_<FLAG> in the environment; the bearer token comes from\n"
    "--token_file or ZW_TOKEN.";

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(kUsage);
  std::vector<std::string> args = zhengwen::ParseFlagsWithEnv(argc, argv, "ZW_");
  if (args.size() < 2) {
    std::fprintf(stderr, "%s\n", kUsage);
    return 2;
  }
  const std::string command = args[1];
  const std::vector<std::string> rest(args.begin() + 2, args.end());
  zhengwen::cli::ClientConfig config;
  config.ingest_server = absl::GetFlag(FLAGS_server);
  config.query_server = absl::GetFlag(FLAGS_query_server).empty()
                            ? config.ingest_server
                            : absl::GetFlag(FLAGS_query_server);
  config.timeout = absl::GetFlag(FLAGS_timeout);
  config.connect_timeout = absl::GetFlag(FLAGS_connect_timeout);
  if (command != "normalize") {
    zhengwen::TlsFiles tls;
    tls.ca_file = absl::GetFlag(FLAGS_tls_ca_file);
    tls.cert_file = absl::GetFlag(FLAGS_tls_cert_file);
    tls.key_file = absl::GetFlag(FLAGS_tls_key_file);
    auto credentials = zhengwen::MakeChannelCredentials(tls);
    if (!credentials.ok()) {
      std::fprintf(stderr, "zw: %s\n", credentials.status().ToString().c_str());
      return 2;
    }
    config.credentials = *credentials;
    // The token comes from a file or the environment, never the command line,
    // so it stays out of shell history and process listings.
    if (!absl::GetFlag(FLAGS_token_file).empty()) {
      auto token = zhengwen::ReadSecretFile(absl::GetFlag(FLAGS_token_file));
      if (!token.ok()) {
        std::fprintf(stderr, "zw: %s\n", token.status().ToString().c_str());
        return 2;
      }
      config.token = std::string(absl::StripAsciiWhitespace(*token));
    } else if (const char* token = std::getenv("ZW_TOKEN"); token != nullptr) {
      config.token = token;
    }
  }

  if (command == "ingest") {
    zhengwen::cli::IngestOverrides overrides;
    overrides.source_uri = absl::GetFlag(FLAGS_source_uri);
    overrides.content_type = absl::GetFlag(FLAGS_content_type);
    overrides.encoding = absl::GetFlag(FLAGS_encoding);
    return zhengwen::cli::RunIngest(config, rest, overrides, absl::GetFlag(FLAGS_wait),
                                    absl::GetFlag(FLAGS_wait_timeout));
  }
  // A page is named by its id or by --source_uri.
  const bool by_source = !absl::GetFlag(FLAGS_source_uri).empty();
  if ((command == "get" || command == "delete") && rest.size() == (by_source ? 0u : 1u)) {
    const std::string id = by_source ? "" : rest[0];
    if (command == "delete") {
      return zhengwen::cli::RunDelete(config, id, absl::GetFlag(FLAGS_source_uri));
    }
    return zhengwen::cli::RunGet(config, id, absl::GetFlag(FLAGS_source_uri),
                                 absl::GetFlag(FLAGS_history));
  }
  if (command == "list" && rest.empty()) {
    zhengwen::cli::ListFilter filter;
    filter.status = absl::GetFlag(FLAGS_status);
    if (!SingleHost(&filter.host)) return 2;
    filter.since = absl::GetFlag(FLAGS_since);
    filter.until = absl::GetFlag(FLAGS_until);
    return zhengwen::cli::RunList(config, absl::GetFlag(FLAGS_page_size), filter);
  }
  if (command == "renormalize" && rest.empty()) {
    std::string host;
    if (!SingleHost(&host)) return 2;
    return zhengwen::cli::RunRenormalize(config, host,
                                         absl::GetFlag(FLAGS_rules_version_other_than),
                                         absl::GetFlag(FLAGS_wait),
                                         absl::GetFlag(FLAGS_wait_timeout));
  }
  if (command == "export" && rest.empty()) {
    return zhengwen::cli::RunExport(config, absl::GetFlag(FLAGS_page_size));
  }
  if (command == "status" && rest.empty()) return zhengwen::cli::RunStatus(config);
  if (command == "health" && rest.empty()) return zhengwen::cli::RunHealth(config);
  zhengwen::normalization::NormalizerOptions options;
  options.opencc_config = absl::GetFlag(FLAGS_opencc_config);
  options.rules_file = absl::GetFlag(FLAGS_rules_file);
  options.replace_default_rules = absl::GetFlag(FLAGS_replace_default_rules);
  options.line_model_file = absl::GetFlag(FLAGS_line_model_file);
  options.html_model_file = absl::GetFlag(FLAGS_html_model_file);
  if (command == "rules" && !rest.empty() && rest[0] == "learn") {
    return zhengwen::cli::RunRulesLearn({rest.begin() + 1, rest.end()}, absl::GetFlag(FLAGS_out),
                                        absl::GetFlag(FLAGS_min_pages), options);
  }
  if (command == "normalize") {
    using zhengwen::cli::NormalizeOutput;
    const NormalizeOutput output = absl::GetFlag(FLAGS_dump_line_features) ? NormalizeOutput::kLineFeatures
                                   : absl::GetFlag(FLAGS_explain)          ? NormalizeOutput::kExplain
                                                                           : NormalizeOutput::kDocuments;
    return zhengwen::cli::RunNormalize(rest, output, options, absl::GetFlag(FLAGS_threads));
  }
  if (zhengwen::cli::IsQueryCommand(command)) {
    return zhengwen::cli::RunQueryCommand(config, command, rest);
  }
  std::fprintf(stderr, "zw: unknown command or wrong arguments: %s\n%s\n", command.c_str(), kUsage);
  return 2;
}
