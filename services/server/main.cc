// `zhengwen serve`: runs the ingest, normalization and query services, all in
// one process (--target=all) or one per process.
#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_cat.h"
#include "common/flags_env.h"
#include "common/log.h"
#include "common/signals.h"
#include "services/server/server_app.h"
#include "services/server/server_flags.h"

namespace {

zhengwen::ServerConfig ConfigFromFlags() {
  zhengwen::ServerConfig config;
  config.target = absl::GetFlag(FLAGS_target);
  config.listen = absl::GetFlag(FLAGS_listen);
  config.data_dir = absl::GetFlag(FLAGS_data_dir);
  config.normalization_addr = absl::GetFlag(FLAGS_normalization_addr);
  config.query_addr = absl::GetFlag(FLAGS_query_addr);
  config.metrics_listen = absl::GetFlag(FLAGS_metrics_listen);
  config.port_file = absl::GetFlag(FLAGS_port_file);
  config.drain_timeout = absl::GetFlag(FLAGS_drain_timeout);
  config.rpc_timeout = absl::GetFlag(FLAGS_rpc_timeout);
  config.max_message_bytes = absl::GetFlag(FLAGS_max_message_bytes);
  config.ingest.max_page_bytes = absl::GetFlag(FLAGS_max_page_bytes);
  config.ingest.max_outbox = absl::GetFlag(FLAGS_max_outbox);
  config.ingest.keep_old_version_bytes = absl::GetFlag(FLAGS_keep_old_version_bytes);
  config.ingest.max_versions_kept = absl::GetFlag(FLAGS_max_versions_kept);
  config.ingest.tombstone_retention = absl::GetFlag(FLAGS_tombstone_retention);
  config.ingest.max_renormalize_queued = absl::GetFlag(FLAGS_max_renormalize_queued);
  config.max_response_bytes = absl::GetFlag(FLAGS_max_response_bytes);
  config.page_token_key_file = absl::GetFlag(FLAGS_page_token_key_file);
  config.dispatch_workers = absl::GetFlag(FLAGS_dispatch_workers);
  config.max_page_attempts = absl::GetFlag(FLAGS_max_page_attempts);
  config.opencc_config = absl::GetFlag(FLAGS_opencc_config);
  config.rules_file = absl::GetFlag(FLAGS_rules_file);
  config.replace_default_rules = absl::GetFlag(FLAGS_replace_default_rules);
  config.html_model_file = absl::GetFlag(FLAGS_html_model_file);
  config.line_model_file = absl::GetFlag(FLAGS_line_model_file);
  config.tls.cert_file = absl::GetFlag(FLAGS_tls_cert_file);
  config.tls.key_file = absl::GetFlag(FLAGS_tls_key_file);
  config.tls.ca_file = absl::GetFlag(FLAGS_tls_ca_file);
  config.token_file = absl::GetFlag(FLAGS_token_file);
  config.service_token_file = absl::GetFlag(FLAGS_service_token_file);
  config.insecure = absl::GetFlag(FLAGS_insecure);
  config.health_listen = absl::GetFlag(FLAGS_health_listen);
  // Negative sizes become 0, which ServerApp::Start refuses.
  auto size_flag = [](int64_t value) { return static_cast<uint64_t>(std::max<int64_t>(0, value)); };
  config.disk.min_free_bytes = size_flag(absl::GetFlag(FLAGS_storage_min_free_bytes));
  config.disk.max_wal_bytes = size_flag(absl::GetFlag(FLAGS_storage_max_wal_bytes));
  config.disk.max_memtable_bytes = size_flag(absl::GetFlag(FLAGS_storage_max_memtable_bytes));
  zhengwen::StorageTuning& tuning = config.storage_tuning;
  tuning.background_jobs = absl::GetFlag(FLAGS_storage_background_jobs);
  tuning.subcompactions = absl::GetFlag(FLAGS_storage_subcompactions);
  tuning.info_log_files = absl::GetFlag(FLAGS_storage_info_log_files);
  tuning.info_log_file_bytes = size_flag(absl::GetFlag(FLAGS_storage_info_log_file_bytes));
  tuning.manifest_file_bytes = size_flag(absl::GetFlag(FLAGS_storage_manifest_file_bytes));
  tuning.compression = absl::GetFlag(FLAGS_storage_compression);
  tuning.write_buffer_bytes = size_flag(absl::GetFlag(FLAGS_storage_write_buffer_bytes));
  tuning.bloom_bits_per_key = absl::GetFlag(FLAGS_storage_bloom_bits_per_key);
  tuning.memtable_bloom_ratio = absl::GetFlag(FLAGS_storage_memtable_bloom_ratio);
  tuning.sorted_write_operations = absl::GetFlag(FLAGS_storage_sorted_write_operations);
  config.query_block_cache_bytes = absl::GetFlag(FLAGS_query_block_cache_bytes);
  config.threads = absl::GetFlag(FLAGS_threads);
  return config;
}

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "zhengwen serve --target=all|ingest|normalization|query --listen=HOST:PORT "
      "--data_dir=DIR [flags]\nEvery flag can also be set as ZHENGWEN_<FLAG> in the environment.");
  zhengwen::BlockTerminationSignals();
  std::vector<std::string> args = zhengwen::ParseFlagsWithEnv(argc, argv, "ZHENGWEN_");
  if (args.size() != 2 || args[1] != "serve") {
    std::fprintf(stderr, "usage: %s\n", absl::ProgramUsageMessage().data());
    return 2;
  }
  zhengwen::ServerApp app(ConfigFromFlags());
  absl::Status started = app.Start();
  if (!started.ok()) {
    zhengwen::LogError("start_failed", {{"error", started.ToString()}});
    return 1;
  }
  const int signal_number = zhengwen::WaitForTerminationSignal();
  zhengwen::LogInfo("shutting_down", {{"signal", absl::StrCat(signal_number)}});
  absl::Status stopped = app.Shutdown();
  if (!stopped.ok()) {
    zhengwen::LogError("shutdown_failed", {{"error", stopped.ToString()}});
    return 1;
  }
  zhengwen::LogInfo("stopped");
  return 0;
}
