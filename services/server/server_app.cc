#include "services/server/server_app.h"

#include <algorithm>
#include <fstream>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/executor.h"
#include "common/grpc/grpc_options.h"
#include "common/log.h"
#include "common/secret_file.h"
#include "common/status_macros.h"
#include "services/ingest/grpc/downstream_client.h"

namespace zhengwen {

ServerApp::ServerApp(ServerConfig config) : config_(std::move(config)) {}

ServerApp::~ServerApp() { (void)Shutdown(); }

bool ServerApp::Hosts(const std::string& service) const {
  return config_.target == "all" || config_.target == service;
}

absl::Status ServerApp::SetUpSecurity() {
  const bool loopback = IsLoopbackListen(config_.listen);
  ZW_RETURN_IF_ERROR(ValidateTlsFiles(config_.tls, /*server=*/true));
  if (!config_.tls.server_tls()) {
    if (!loopback && !config_.insecure) {
      return absl::FailedPreconditionError(
          absl::StrCat("refusing to serve plaintext on ", config_.listen,
                       ": give --tls_cert_file and --tls_key_file, listen on 127.0.0.1, or pass "
                       "--insecure to accept plaintext on a network address"));
    }
    LogWarning("plaintext", {{"address", config_.listen},
                             {"note", loopback ? "no TLS configured: listening on loopback only"
                                               : "--insecure: plaintext on a network address"}});
  }
  AccessOptions access;
  access.loopback_only = loopback;
  access.mtls = config_.tls.server_tls() && !config_.tls.ca_file.empty();
  if (!config_.token_file.empty()) {
    ZW_ASSIGN_OR_RETURN(TokenTable tokens, TokenTable::Load(config_.token_file));
    access.tokens = std::move(tokens);
  } else if (!loopback) {
    LogWarning("no_token_file",
               {{"note", access.mtls ? "only mTLS-verified service peers may call"
                                     : "no call can be authorized: give --token_file"}});
  }
  access_ = std::make_unique<AccessControl>(std::move(access));
  return absl::OkStatus();
}

absl::Status ServerApp::Start() {
  const std::string& t = config_.target;
  if (t != "all" && t != "ingest" && t != "normalization" && t != "query") {
    return absl::InvalidArgumentError(
        absl::StrCat("--target must be all, ingest, normalization or query; got '", t, "'"));
  }
  if (t == "ingest" && (config_.normalization_addr.empty() || config_.query_addr.empty())) {
    return absl::InvalidArgumentError(
        "--target=ingest needs --normalization_addr and --query_addr");
  }
  ZW_RETURN_IF_ERROR(SetUpSecurity());
  if (config_.disk.min_free_bytes == 0 || config_.disk.max_wal_bytes == 0 ||
      config_.disk.max_memtable_bytes == 0) {
    return absl::InvalidArgumentError(
        "--storage_min_free_bytes, --storage_max_wal_bytes and --storage_max_memtable_bytes "
        "must be positive");
  }
  if (config_.threads < 0 || config_.threads > Executor::kMaxThreads) {
    return absl::InvalidArgumentError(
        absl::StrCat("--threads must be 0 (the hardware's) to ", Executor::kMaxThreads));
  }
  SetProcessExecutorThreads(config_.threads);
  SetProcessDiskLimits(config_.disk);
  ZW_RETURN_IF_ERROR(ValidateStorageTuning(config_.storage_tuning));
  SetProcessStorageTuning(config_.storage_tuning);
  if (config_.query_block_cache_bytes < 0) {
    return absl::InvalidArgumentError("--query_block_cache_bytes must not be negative");
  }
  const size_t response_bytes = static_cast<size_t>(std::max<int64_t>(
      1, std::min<int64_t>(config_.max_response_bytes, config_.max_message_bytes / 2)));
  if (Hosts("query") || Hosts("ingest")) {
    ZW_ASSIGN_OR_RETURN(std::string key,
                        LoadPageTokenKey(config_.page_token_key_file, config_.data_dir));
    page_tokens_ = std::make_unique<PageTokenCodec>(std::move(key));
  }
  if (Hosts("normalization")) {
    normalization::NormalizerOptions options;
    options.opencc_config = config_.opencc_config;
    options.rules_file = config_.rules_file;
    options.replace_default_rules = config_.replace_default_rules;
    options.html_model_file = config_.html_model_file;
    options.line_model_file = config_.line_model_file;
    ZW_ASSIGN_OR_RETURN(normalizer_, normalization::Normalizer::Create(options));
    normalization_service_ =
        std::make_unique<normalization::NormalizationGrpcService>(normalizer_.get(), access_.get());
    host_.AddService(normalization_service_.get(),
                     "zhengwen.normalization.v1.NormalizationService");
  }
  if (Hosts("query")) {
    query::DocumentStoreOptions store_options;
    store_options.max_response_bytes = response_bytes;
    store_options.block_cache_bytes = static_cast<size_t>(config_.query_block_cache_bytes);
    // Queries convert with the same configuration pages were normalized with.
    store_options.opencc_config = config_.opencc_config;
    ZW_ASSIGN_OR_RETURN(documents_,
                        query::DocumentStore::Open(config_.data_dir + "/query", store_options));
    query_service_ = std::make_unique<query::QueryGrpcService>(documents_.get(), access_.get(),
                                                               page_tokens_.get());
    host_.AddService(query_service_.get(), "zhengwen.query.v1.QueryService");
  }
  if (Hosts("ingest")) {
    ingest::IngestOptions ingest_options = config_.ingest;
    ingest_options.max_response_bytes = response_bytes;
    ZW_ASSIGN_OR_RETURN(ingest_,
                        ingest::IngestCore::Open(config_.data_dir + "/ingest", ingest_options));
    ingest_service_ = std::make_unique<ingest::IngestGrpcService>(ingest_.get(), access_.get(),
                                                                  page_tokens_.get());
    host_.AddService(ingest_service_.get(), "zhengwen.ingest.v1.IngestService");
  }

  GrpcServerOptions options;
  options.listen = config_.listen;
  options.max_message_bytes = config_.max_message_bytes;
  ZW_ASSIGN_OR_RETURN(options.credentials, MakeServerCredentials(config_.tls));
  ZW_RETURN_IF_ERROR(host_.Start(options));
  if (!config_.health_listen.empty()) {
    GrpcServerOptions health;
    health.listen = config_.health_listen;
    health.max_message_bytes = 4096;
    ZW_RETURN_IF_ERROR(health_host_.Start(health));
    LogInfo("health_listening", {{"port", absl::StrCat(health_host_.port())}});
  }
  if (!config_.metrics_listen.empty()) {
    ZW_ASSIGN_OR_RETURN(int metrics_port, metrics_.StartExposer(config_.metrics_listen));
    LogInfo("metrics_listening", {{"port", absl::StrCat(metrics_port)}});
    if (config_.tls.server_tls()) {
      // Metrics never use TLS themselves (docs/security.md): keep the port on
      // loopback or inside the pod network, behind a TLS proxy.
      LogWarning("metrics_plaintext", {{"address", config_.metrics_listen},
                                       {"note", "gRPC uses TLS; /metrics is plaintext HTTP"}});
    }
  }

  if (ingest_ != nullptr) {
    // All-in-one: calls still go through gRPC, over an in-process channel,
    // with a token only this process knows.
    std::shared_ptr<grpc::Channel> normalization_channel, query_channel;
    std::string call_token;
    if (t == "all") {
      normalization_channel = query_channel = host_.InProcessChannel();
      call_token = access_->internal_token();
    } else {
      ZW_ASSIGN_OR_RETURN(auto credentials, MakeChannelCredentials(config_.tls));
      normalization_channel = NewClientChannel(config_.normalization_addr, credentials);
      query_channel = NewClientChannel(config_.query_addr, credentials);
      if (!config_.service_token_file.empty()) {
        ZW_ASSIGN_OR_RETURN(std::string token, ReadSecretFile(config_.service_token_file));
        call_token = std::string(absl::StripAsciiWhitespace(token));
      }
    }
    processor_ = std::make_unique<ingest::GrpcPageProcessor>(normalization_channel, query_channel,
                                                             config_.rpc_timeout, call_token);
    ingest::DispatcherOptions dispatch;
    dispatch.workers = config_.dispatch_workers;
    dispatch.max_attempts = config_.max_page_attempts;
    dispatcher_ = std::make_unique<ingest::Dispatcher>(ingest_.get(), processor_.get(), dispatch);
    ingest_->SetOnAccepted([d = dispatcher_.get()] { d->Notify(); });
    dispatcher_->Start();
    // Gauges read ingest's counters when scraped, not on a timer.
    metrics_.SetScrapeRefresh([this] { UpdateGauges(); });
  }

  const std::string bound =
      absl::StrCat(config_.listen.substr(0, config_.listen.rfind(':')), ":", host_.port());
  if (!config_.port_file.empty()) {
    // Write then rename, so a reader never sees a partial address.
    const std::string tmp = config_.port_file + ".tmp";
    std::ofstream(tmp) << bound << "\n";
    if (std::rename(tmp.c_str(), config_.port_file.c_str()) != 0) {
      return absl::UnavailableError(absl::StrCat("cannot write ", config_.port_file));
    }
  }
  host_.SetReady(true);
  health_host_.SetReady(true);
  LogInfo("serving", {{"target", t}, {"address", bound}, {"data_dir", config_.data_dir}});
  return absl::OkStatus();
}

void ServerApp::UpdateGauges() {
  const ingest::IngestStats stats = ingest_->Stats();
  metrics_.Gauge("outbox_depth", "Pages waiting in the ingest outbox").Set(stats.outbox_depth);
  const char* help = "Pages known to ingest, by status";
  metrics_.Gauge("pages", help, {{"status", "accepted"}}).Set(stats.accepted);
  metrics_.Gauge("pages", help, {{"status", "normalized"}}).Set(stats.normalized);
  metrics_.Gauge("pages", help, {{"status", "indexed"}}).Set(stats.indexed);
  metrics_.Gauge("pages", help, {{"status", "failed"}}).Set(stats.failed);
  metrics_.Gauge("pages", help, {{"status", "no_content"}}).Set(stats.no_content);
  metrics_.Gauge("pages", help, {{"status", "deleting"}}).Set(stats.deleting);
  metrics_.Gauge("pages", help, {{"status", "deleted"}}).Set(stats.deleted);
}

absl::Status ServerApp::Shutdown() {
  if (dispatcher_ != nullptr) dispatcher_->RequestStop();
  health_host_.SetReady(false);
  host_.Shutdown(config_.drain_timeout);
  health_host_.Shutdown(absl::ZeroDuration());
  if (dispatcher_ != nullptr) {
    dispatcher_->Stop();
    dispatcher_.reset();
  }
  metrics_.SetScrapeRefresh(nullptr);  // before the ingest core it reads closes
  absl::Status result = absl::OkStatus();
  if (ingest_ != nullptr) {
    result.Update(ingest_->Close());
    ingest_.reset();
  }
  if (documents_ != nullptr) {
    result.Update(documents_->Close());
    documents_.reset();
  }
  return result;
}

}  // namespace zhengwen
