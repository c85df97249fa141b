// Flags of `zhengwen serve`; each is also settable as ZHENGWEN_<NAME>.
#ifndef ZHENGWEN_SERVICES_SERVER_SERVER_FLAGS_H_
#define ZHENGWEN_SERVICES_SERVER_SERVER_FLAGS_H_

#include <string>

#include "absl/flags/declare.h"
#include "absl/time/time.h"

ABSL_DECLARE_FLAG(std::string, target);
ABSL_DECLARE_FLAG(std::string, listen);
ABSL_DECLARE_FLAG(std::string, data_dir);
ABSL_DECLARE_FLAG(std::string, normalization_addr);
ABSL_DECLARE_FLAG(std::string, query_addr);
ABSL_DECLARE_FLAG(std::string, metrics_listen);
ABSL_DECLARE_FLAG(std::string, port_file);
ABSL_DECLARE_FLAG(absl::Duration, drain_timeout);
ABSL_DECLARE_FLAG(absl::Duration, rpc_timeout);
ABSL_DECLARE_FLAG(int, max_message_bytes);
ABSL_DECLARE_FLAG(int64_t, max_page_bytes);
ABSL_DECLARE_FLAG(int64_t, max_response_bytes);
ABSL_DECLARE_FLAG(std::string, page_token_key_file);
ABSL_DECLARE_FLAG(int64_t, max_outbox);
ABSL_DECLARE_FLAG(int, keep_old_version_bytes);
ABSL_DECLARE_FLAG(int, max_versions_kept);
ABSL_DECLARE_FLAG(absl::Duration, tombstone_retention);
ABSL_DECLARE_FLAG(int64_t, max_renormalize_queued);
ABSL_DECLARE_FLAG(int, dispatch_workers);
ABSL_DECLARE_FLAG(int, max_page_attempts);
ABSL_DECLARE_FLAG(std::string, opencc_config);
ABSL_DECLARE_FLAG(std::string, rules_file);
ABSL_DECLARE_FLAG(bool, replace_default_rules);
ABSL_DECLARE_FLAG(std::string, html_model_file);
ABSL_DECLARE_FLAG(std::string, line_model_file);
ABSL_DECLARE_FLAG(std::string, tls_cert_file);
ABSL_DECLARE_FLAG(std::string, tls_key_file);
ABSL_DECLARE_FLAG(std::string, tls_ca_file);
ABSL_DECLARE_FLAG(std::string, token_file);
ABSL_DECLARE_FLAG(std::string, service_token_file);
ABSL_DECLARE_FLAG(bool, insecure);
ABSL_DECLARE_FLAG(std::string, health_listen);
ABSL_DECLARE_FLAG(int64_t, storage_min_free_bytes);
ABSL_DECLARE_FLAG(int64_t, storage_max_wal_bytes);
ABSL_DECLARE_FLAG(int64_t, storage_max_memtable_bytes);
ABSL_DECLARE_FLAG(int, storage_background_jobs);
ABSL_DECLARE_FLAG(int, storage_subcompactions);
ABSL_DECLARE_FLAG(int, storage_info_log_files);
ABSL_DECLARE_FLAG(int64_t, storage_info_log_file_bytes);
ABSL_DECLARE_FLAG(int64_t, storage_manifest_file_bytes);
ABSL_DECLARE_FLAG(std::string, storage_compression);
ABSL_DECLARE_FLAG(int64_t, storage_write_buffer_bytes);
ABSL_DECLARE_FLAG(int, storage_bloom_bits_per_key);
ABSL_DECLARE_FLAG(double, storage_memtable_bloom_ratio);
ABSL_DECLARE_FLAG(int, storage_sorted_write_operations);
ABSL_DECLARE_FLAG(int64_t, query_block_cache_bytes);
ABSL_DECLARE_FLAG(int, threads);

#endif  // ZHENGWEN_SERVICES_SERVER_SERVER_FLAGS_H_
