#include "services/server/server_flags.h"

#include "absl/flags/flag.h"

ABSL_FLAG(std::string, target, "all",
          "Which service(s) this process runs: all, ingest, normalization or query");
ABSL_FLAG(std::string, listen, "127.0.0.1:7070", "HOST:PORT for gRPC (port 0 picks a free port)");
ABSL_FLAG(std::string, data_dir, "./data",
          "Directory for RocksDB data (ingest/ and query/ below it)");
ABSL_FLAG(std::string, normalization_addr, "",
          "Normalization service address for --target=ingest (e.g. dns:///normalization:7070)");
ABSL_FLAG(std::string, query_addr, "",
          "Query service address for --target=ingest (e.g. dns:///query:7070)");
ABSL_FLAG(std::string, metrics_listen, "",
          "HOST:PORT serving Prometheus /metrics in plaintext HTTP; empty disables metrics");
ABSL_FLAG(std::string, port_file, "",
          "When set, the bound gRPC address is written to this file once serving");
ABSL_FLAG(absl::Duration, drain_timeout, absl::Seconds(10),
          "On SIGTERM, how long in-flight calls may run before they are cancelled");
ABSL_FLAG(absl::Duration, rpc_timeout, absl::Seconds(10),
          "Deadline of each call ingest makes to normalization and query");
ABSL_FLAG(int, max_message_bytes, 64 << 20, "Largest gRPC message received or sent, in bytes");
ABSL_FLAG(int64_t, max_page_bytes, 16 << 20, "Largest page IngestPage accepts, in bytes");
ABSL_FLAG(int64_t, max_response_bytes, 3 << 20,
          "Bytes of items one list or search response holds at most (at least one item; never "
          "more than half of --max_message_bytes)");
ABSL_FLAG(std::string, page_token_key_file, "",
          "File holding the key that authenticates page tokens (at least 32 bytes; the same on "
          "every replica); empty: <data_dir>/page_token.key, created on first start");
ABSL_FLAG(int64_t, max_outbox, 100000,
          "Pages waiting in the outbox before IngestPage answers RESOURCE_EXHAUSTED");
ABSL_FLAG(int, dispatch_workers, 4, "Pages the ingest dispatcher processes at once");
ABSL_FLAG(int, keep_old_version_bytes, 2,
          "Older versions of a page whose bytes ingest keeps besides the current one's");
ABSL_FLAG(int, max_versions_kept, 100, "Version records ingest keeps per page (oldest go first)");
ABSL_FLAG(absl::Duration, tombstone_retention, absl::Hours(24 * 30),
          "How long a deleted page's tombstone (and its request ids) stops late retries");
ABSL_FLAG(int64_t, max_renormalize_queued, 32,
          "Outbox entries a re-normalization job keeps queued at once (its own budget)");
ABSL_FLAG(int, max_page_attempts, 5,
          "Attempts a page may use (failures that belong to the page, or the process dying while "
          "it was in flight) before it is FAILED; outages never count");
ABSL_FLAG(std::string, opencc_config, "t2s.json",
          "OpenCC configuration for Traditional to Simplified conversion (pages in normalization, "
          "search text in query)");
ABSL_FLAG(std::string, rules_file, "",
          "Normalization rules file extending the built-in rules (docs/normalization.md)");
ABSL_FLAG(bool, replace_default_rules, false,
          "With --rules_file: use only that file's rules, not the built-in ones");
ABSL_FLAG(std::string, html_model_file, "",
          "HTML main-content model file instead of the built-in one (docs/normalization.md)");
ABSL_FLAG(std::string, line_model_file, "",
          "Line classifier model file replacing the built-in one (docs/normalization.md)");
ABSL_FLAG(std::string, tls_cert_file, "",
          "PEM certificate chain: serve gRPC over TLS (/metrics stays plaintext: keep "
          "--metrics_listen on loopback behind a TLS proxy), and present it to downstream "
          "services (mTLS)");
ABSL_FLAG(std::string, tls_key_file, "", "PEM private key of --tls_cert_file");
ABSL_FLAG(std::string, tls_ca_file, "",
          "PEM CA bundle: clients must present a certificate it signed (mTLS), and "
          "downstream services' certificates are verified against it");
ABSL_FLAG(std::string, token_file, "",
          "File of bearer tokens, one \"<reader|writer|admin|service> <token>\" per line; "
          "when set, every call needs a token (or an mTLS-verified service certificate)");
ABSL_FLAG(std::string, service_token_file, "",
          "File holding the token ingest presents to normalization and query");
ABSL_FLAG(bool, insecure, false,
          "Allow plaintext on a non-loopback --listen address (refused otherwise)");
ABSL_FLAG(std::string, health_listen, "",
          "HOST:PORT of a plaintext port serving only grpc.health.v1, for probes that "
          "cannot speak TLS (Kubernetes gRPC probes); empty disables it");
ABSL_FLAG(int64_t, storage_min_free_bytes, 256ll << 20,
          "Free bytes the data dir's filesystem must keep: writes that would leave less "
          "are refused with RESOURCE_EXHAUSTED/DISK_FULL (docs/reliability.md)");
ABSL_FLAG(int64_t, storage_max_wal_bytes, 32ll << 20,
          "Write-ahead log bytes per database after which memtables are flushed");
ABSL_FLAG(int64_t, storage_max_memtable_bytes, 32ll << 20,
          "Memtable bytes per database, all column families together");
// RocksDB tuning (docs/storage.md); defaults are StorageTuning's.
ABSL_FLAG(int, storage_background_jobs, 2, "Background flush and compaction threads per database");
ABSL_FLAG(int, storage_subcompactions, 2, "Threads one compaction splits its key range over");
ABSL_FLAG(int, storage_info_log_files, 4, "RocksDB info log files kept per database");
ABSL_FLAG(int64_t, storage_info_log_file_bytes, 1ll << 20, "Size at which a RocksDB info log rolls over");
ABSL_FLAG(int64_t, storage_manifest_file_bytes, 8ll << 20, "Size at which a RocksDB manifest rolls over");
ABSL_FLAG(std::string, storage_compression, "lz4", "Table-file compression: lz4, snappy, zstd or none");
ABSL_FLAG(int64_t, storage_write_buffer_bytes, 0,
          "Memtable bytes of each column family (0: RocksDB's 64 MiB), capped by "
          "--storage_max_memtable_bytes");
ABSL_FLAG(int, storage_bloom_bits_per_key, 10, "Bloom filter bits per key of the families that have one");
ABSL_FLAG(double, storage_memtable_bloom_ratio, 0.05,
          "Share of a Bloom family's memtable spent on its whole-key filter");
ABSL_FLAG(int, storage_sorted_write_operations, 1000,
          "Write batches of more operations than this are applied in key order");
ABSL_FLAG(int, threads, 0,
          "Worker threads of the process's one executor, used by every parallel step "
          "(bulk indexing, bulk writes); 0: the hardware's thread count");
ABSL_FLAG(int64_t, query_block_cache_bytes, 256ll << 20, "RocksDB block cache bytes of the query database");
