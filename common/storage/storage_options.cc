#include "common/storage/storage_options.h"

#include <mutex>

#include "absl/strings/str_cat.h"

namespace zhengwen {
namespace {

std::mutex& ProcessOptionsMutex() {
  static auto* mu = new std::mutex;
  return *mu;
}
DiskLimits& ProcessLimits() {
  static auto* limits = new DiskLimits;
  return *limits;
}
StorageTuning& ProcessTuning() {
  static auto* tuning = new StorageTuning;
  return *tuning;
}

absl::Status OutOfRange(absl::string_view knob, absl::string_view range) {
  return absl::InvalidArgumentError(absl::StrCat("storage tuning: ", knob, " must be ", range));
}

}  // namespace

absl::Status ValidateStorageTuning(const StorageTuning& tuning) {
  if (tuning.background_jobs < 1 || tuning.background_jobs > 64) {
    return OutOfRange("background_jobs", "1..64");
  }
  if (tuning.subcompactions < 1 || tuning.subcompactions > 64) {
    return OutOfRange("subcompactions", "1..64");
  }
  if (tuning.info_log_files < 1 || tuning.info_log_files > 1000) {
    return OutOfRange("info_log_files", "1..1000");
  }
  if (tuning.info_log_file_bytes < (64u << 10)) return OutOfRange("info_log_file_bytes", ">= 64 KiB");
  if (tuning.manifest_file_bytes < (64u << 10)) return OutOfRange("manifest_file_bytes", ">= 64 KiB");
  if (tuning.bloom_bits_per_key < 1 || tuning.bloom_bits_per_key > 64) {
    return OutOfRange("bloom_bits_per_key", "1..64");
  }
  if (!(tuning.memtable_bloom_ratio >= 0 && tuning.memtable_bloom_ratio <= 0.25)) {
    return OutOfRange("memtable_bloom_ratio", "0..0.25");
  }
  const std::string& c = tuning.compression;
  if (c != "lz4" && c != "snappy" && c != "zstd" && c != "none") {
    return OutOfRange("compression", "lz4, snappy, zstd or none");
  }
  if (tuning.sorted_write_operations < 0) return OutOfRange("sorted_write_operations", ">= 0");
  return absl::OkStatus();
}

void SetProcessDiskLimits(const DiskLimits& limits) {
  std::lock_guard<std::mutex> lock(ProcessOptionsMutex());
  ProcessLimits() = limits;
}

DiskLimits ProcessDiskLimits() {
  std::lock_guard<std::mutex> lock(ProcessOptionsMutex());
  return ProcessLimits();
}

void SetProcessStorageTuning(const StorageTuning& tuning) {
  std::lock_guard<std::mutex> lock(ProcessOptionsMutex());
  ProcessTuning() = tuning;
}

StorageTuning ProcessStorageTuning() {
  std::lock_guard<std::mutex> lock(ProcessOptionsMutex());
  return ProcessTuning();
}

}  // namespace zhengwen
