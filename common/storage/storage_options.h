// Everything a Storage is opened with: the disk-space guard, the RocksDB
// tuning (each knob named here with its default; docs/storage.md explains
// them and the server sets them from its --storage_* flags) and the open mode.
#ifndef ZHENGWEN_COMMON_STORAGE_STORAGE_OPTIONS_H_
#define ZHENGWEN_COMMON_STORAGE_STORAGE_OPTIONS_H_

#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/status/status.h"

namespace zhengwen {

// What a database may write to its disk, so a write is refused in our code
// (RESOURCE_EXHAUSTED, reason DISK_FULL) before RocksDB meets a full disk
// (Debian's RocksDB 7.8 asserts and aborts there). docs/reliability.md
// derives the default headroom from the caps.
struct DiskLimits {
  // Free bytes the filesystem must keep after a write: room for the
  // write-ahead log, a flush of every memtable, info logs and the manifest.
  // Compactions run only when they leave this much free.
  uint64_t min_free_bytes = 256ull << 20;
  // Write-ahead log bytes after which the memtables are flushed and old logs
  // deleted (RocksDB max_total_wal_size).
  uint64_t max_wal_bytes = 32ull << 20;
  // Memtable bytes of all families together (RocksDB db_write_buffer_size);
  // also the cap of each family's write buffer.
  uint64_t max_memtable_bytes = 32ull << 20;
};

// RocksDB knobs of every database in the process (docs/storage.md).
struct StorageTuning {
  // Background flush and compaction threads per database (max_background_jobs):
  // several services share a laptop in all-in-one mode, so each stays modest.
  int background_jobs = 2;
  // Threads one compaction splits its key range over (max_subcompactions): a
  // full compaction after a bulk load uses both cores of a small machine.
  int subcompactions = 2;
  // RocksDB info log files kept and the size at which one rolls over; with
  // the manifest cap they bound what is written besides table files, so the
  // free-space headroom covers it (docs/reliability.md, "Disk full").
  int info_log_files = 4;
  uint64_t info_log_file_bytes = 1ull << 20;
  uint64_t manifest_file_bytes = 8ull << 20;
  // Table-file compression: "lz4" (faster than Snappy at a similar ratio;
  // compaction and cold reads both pay for it), "snappy", "zstd" or "none".
  std::string compression = "lz4";
  // Memtable size of each family (0: RocksDB's 64 MiB), capped by
  // DiskLimits::max_memtable_bytes.
  uint64_t write_buffer_bytes = 0;
  // Bloom filter bits per key of the families that ask for one (about 1%
  // false positives at 10).
  int bloom_bits_per_key = 10;
  // Share of a Bloom family's memtable spent on its whole-key filter, so a
  // lookup of a new key misses fast there too.
  double memtable_bloom_ratio = 0.05;
  // Write batches of more operations than this are applied in key order (a
  // skip-list insert next to the previous key is almost free; a random order
  // costs a full search per key).
  int sorted_write_operations = 1000;
};

// INVALID_ARGUMENT naming the first knob out of range (the server refuses to start).
absl::Status ValidateStorageTuning(const StorageTuning& tuning);

// The disk limits and tuning every Storage opened afterwards in this process
// starts with (the server sets them from its flags before opening anything).
void SetProcessDiskLimits(const DiskLimits& limits);
DiskLimits ProcessDiskLimits();
void SetProcessStorageTuning(const StorageTuning& tuning);
StorageTuning ProcessStorageTuning();

struct StorageOptions {
  // Create the database (and missing column families) when absent.
  bool create_if_missing = true;
  // Bytes of the LRU block cache shared by all families (0: RocksDB's 8 MiB
  // default). Per database: the query index wants far more than ingest.
  size_t block_cache_bytes = 0;
  // Disk-space guard (see DiskLimits).
  DiskLimits disk = ProcessDiskLimits();
  StorageTuning tuning = ProcessStorageTuning();
};

}  // namespace zhengwen

#endif  // ZHENGWEN_COMMON_STORAGE_STORAGE_OPTIONS_H_
