#include "common/storage/storage.h"

#include <sys/statvfs.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <mutex>

#include <rocksdb/cache.h>
#include <rocksdb/db.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/listener.h>
#include <rocksdb/merge_operator.h>
#include <rocksdb/options.h>
#include <rocksdb/sst_file_manager.h>
#include <rocksdb/sst_file_writer.h>
#include <rocksdb/table.h>
#include <rocksdb/write_batch.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/match.h"
#include "absl/time/time.h"
#include "common/error_reason.h"
#include "common/executor.h"
#include "common/log.h"
#include "common/status_macros.h"

namespace zhengwen {
namespace {

constexpr char kDiskFullReason[] = "DISK_FULL";
// How long a client refused with DISK_FULL is told to wait (RetryInfo): space
// comes back when someone frees it, not within milliseconds.
constexpr absl::Duration kDiskFullRetryDelay = absl::Seconds(5);
constexpr char kStorageUnavailableReason[] = "STORAGE_UNAVAILABLE";
// How long a reopen waits for the calls using the database to finish.
constexpr auto kReopenLockWait = std::chrono::seconds(2);

absl::Status DiskFullError() {
  return WithRetryDelay(
      ErrorWithReason(absl::StatusCode::kResourceExhausted,
                      "the server's disk is full; writes resume when space is freed",
                      kDiskFullReason),
      kDiskFullRetryDelay);
}

// RocksDB's messages name files under the data directory: they go to the log,
// and the status callers (and so clients) see says only what failed and how.
absl::Status FromRocks(const rocksdb::Status& s, absl::string_view what) {
  if (s.ok()) return absl::OkStatus();
  if (!s.IsNotFound()) LogWarning("storage_error", {{"op", std::string(what)}, {"error", s.ToString()}});
  if (s.IsNotFound()) return absl::NotFoundError(absl::StrCat("storage ", what, ": not found"));
  if (s.IsCorruption()) return absl::DataLossError(absl::StrCat("storage ", what, ": corrupt data"));
  if (s.IsInvalidArgument()) {
    return absl::InvalidArgumentError(absl::StrCat("storage ", what, ": invalid argument"));
  }
  if (s.IsNoSpace()) return DiskFullError();
  if (s.IsBusy() || s.IsTimedOut() || s.IsTryAgain() || s.IsIOError()) {
    return ErrorWithReason(absl::StatusCode::kUnavailable,
                           absl::StrCat("storage ", what, " failed; retry"),
                           kStorageUnavailableReason);
  }
  return absl::InternalError(absl::StrCat("storage ", what, " failed"));
}

absl::Status UnknownFamily(FamilyId family) {
  return absl::InvalidArgumentError(
      absl::StrCat("storage: column family ", family.index(), " is not in the database's table"));
}

// The compression ValidateStorageTuning accepted.
rocksdb::CompressionType CompressionType(const std::string& name) {
  if (name == "snappy") return rocksdb::kSnappyCompression;
  if (name == "zstd") return rocksdb::kZSTD;
  if (name == "none") return rocksdb::kNoCompression;
  return rocksdb::kLZ4Compression;
}

// Marks the database failed on any background error (flush, compaction,
// write callback, memtable), so the next write reopens it.
class BackgroundErrorListener : public rocksdb::EventListener {
 public:
  explicit BackgroundErrorListener(std::shared_ptr<std::atomic<bool>> failed)
      : failed_(std::move(failed)) {}
  void OnBackgroundError(rocksdb::BackgroundErrorReason reason, rocksdb::Status* error) override {
    if (error == nullptr || error->ok()) return;
    failed_->store(true);
    LogError("storage_background_error",
             {{"reason", absl::StrCat(static_cast<int>(reason))}, {"error", error->ToString()}});
  }

 private:
  std::shared_ptr<std::atomic<bool>> failed_;
};

// Adapts a MergeFunction to RocksDB. Partial merges (operands without a base
// value) are left to RocksDB, which keeps the operands until a full merge.
class MergeOperatorAdapter : public rocksdb::MergeOperator {
 public:
  explicit MergeOperatorAdapter(std::shared_ptr<const MergeFunction> function)
      : function_(std::move(function)) {}

  bool FullMergeV2(const MergeOperationInput& in, MergeOperationOutput* out) const override {
    absl::string_view existing;
    if (in.existing_value != nullptr) {
      existing = absl::string_view(in.existing_value->data(), in.existing_value->size());
    }
    std::vector<absl::string_view> operands;
    operands.reserve(in.operand_list.size());
    for (const rocksdb::Slice& op : in.operand_list) operands.emplace_back(op.data(), op.size());
    return function_->Merge(absl::string_view(in.key.data(), in.key.size()),
                            in.existing_value != nullptr ? &existing : nullptr, operands,
                            &out->new_value);
  }

  const char* Name() const override { return function_->Name(); }

 private:
  std::shared_ptr<const MergeFunction> function_;
};

}  // namespace

// The operations of a batch ordered by family, then key. Each carries its
// key's first 8 bytes as a big-endian integer, so most comparisons of a
// million-key sort are one integer compare rather than a memcmp.
std::vector<const WriteBatch::Op*> Storage::SortedOps(const WriteBatch& batch, bool stable) {
  const std::vector<WriteBatch::Op>& ops = batch.ops_;
  struct Sortable {
    FamilyId family;
    uint64_t prefix;
    const WriteBatch::Op* op;
  };
  std::vector<Sortable> items;
  items.reserve(ops.size());
  for (const WriteBatch::Op& op : ops) {
    unsigned char bytes[8] = {0};
    std::memcpy(bytes, op.key.data(), std::min<size_t>(8, op.key.size()));
    uint64_t prefix = 0;
    for (unsigned char byte : bytes) prefix = (prefix << 8) | byte;
    items.push_back(Sortable{op.family, prefix, &op});
  }
  auto less = [](const Sortable& a, const Sortable& b) {
    if (a.family != b.family) return a.family < b.family;
    if (a.prefix != b.prefix) return a.prefix < b.prefix;
    return a.op->key < b.op->key;
  };
  if (stable) {
    std::stable_sort(items.begin(), items.end(), less);
  } else {
    std::sort(items.begin(), items.end(), less);
  }
  std::vector<const WriteBatch::Op*> sorted;
  sorted.reserve(items.size());
  for (const Sortable& item : items) sorted.push_back(item.op);
  return sorted;
}

WriteBatch::WriteBatch() = default;
WriteBatch::~WriteBatch() = default;

void WriteBatch::Put(FamilyId family, absl::string_view key, absl::string_view value) {
  ops_.push_back(Op{OpType::kPut, family, std::string(key), std::string(value)});
}

void WriteBatch::Delete(FamilyId family, absl::string_view key) {
  ops_.push_back(Op{OpType::kDelete, family, std::string(key), std::string()});
}

void WriteBatch::Merge(FamilyId family, absl::string_view key, absl::string_view operand) {
  ops_.push_back(Op{OpType::kMerge, family, std::string(key), std::string(operand)});
}

void WriteBatch::PutMoved(FamilyId family, std::string&& key, std::string&& value) {
  ops_.push_back(Op{OpType::kPut, family, std::move(key), std::move(value)});
}

void WriteBatch::MergeMoved(FamilyId family, std::string&& key, std::string&& operand) {
  ops_.push_back(Op{OpType::kMerge, family, std::move(key), std::move(operand)});
}

int WriteBatch::Count() const { return static_cast<int>(ops_.size()); }

uint64_t WriteBatch::ByteSize() const {
  uint64_t bytes = 0;
  for (const Op& op : ops_) bytes += op.key.size() + op.value.size() + 16;  // + record header
  return bytes;
}

absl::Status Storage::MisnumberedFamily(size_t row) {
  return absl::InvalidArgumentError(absl::StrCat(
      "storage: row ", row, " of the column family table has another id; ids are 0, 1, ... in row order"));
}

absl::StatusOr<std::unique_ptr<Storage>> Storage::OpenFamilies(const std::string& path,
                                                               std::vector<FamilySpec> families,
                                                               const StorageOptions& options) {
  for (size_t i = 0; i < families.size(); ++i) {
    const std::string& name = families[i].name;
    if (name.empty() || name == rocksdb::kDefaultColumnFamilyName) {
      return absl::InvalidArgumentError(absl::StrCat("storage: column family ", i, " needs a name"));
    }
    for (size_t j = 0; j < i; ++j) {
      if (families[j].name == name) {
        return absl::InvalidArgumentError(absl::StrCat("storage: column family '", name, "' is declared twice"));
      }
    }
  }
  ZW_RETURN_IF_ERROR(ValidateStorageTuning(options.tuning));
  std::unique_ptr<Storage> storage(new Storage());
  storage->path_ = path;
  storage->families_ = std::move(families);
  storage->options_ = options;
  {
    std::unique_lock<std::shared_timed_mutex> lock(storage->db_mu_);
    absl::Status opened = storage->OpenDatabase();
    if (!opened.ok()) {
      // Only the server's own start-up log sees this, so it may name the path.
      return absl::Status(opened.code(),
                          absl::StrCat("open RocksDB at ", path, ": ", opened.message()));
    }
  }
  // Sets the file manager's space limit before compactions of a reopened
  // database start; a full disk is logged now, and refused at the first write.
  (void)storage->CheckFreeSpace(0);
  return storage;
}

absl::Status Storage::OpenDatabase() {
  const StorageOptions& options = options_;
  const StorageTuning& tuning = options.tuning;
  rocksdb::DBOptions db_options;
  db_options.create_if_missing = options.create_if_missing;
  db_options.create_missing_column_families = options.create_if_missing;
  db_options.max_background_jobs = tuning.background_jobs;
  db_options.max_subcompactions = static_cast<uint32_t>(tuning.subcompactions);
  // Everything RocksDB writes besides table files is capped, so the free-space
  // headroom covers it (docs/reliability.md, "Disk full").
  db_options.keep_log_file_num = static_cast<size_t>(tuning.info_log_files);
  db_options.max_log_file_size = tuning.info_log_file_bytes;
  db_options.max_manifest_file_size = tuning.manifest_file_bytes;
  db_options.max_total_wal_size = options.disk.max_wal_bytes;
  db_options.db_write_buffer_size = options.disk.max_memtable_bytes;
  // A reopen after an error replays the log into memtables instead of
  // writing table files first, so it needs no more space than it had.
  db_options.avoid_flush_during_recovery = true;
  // Compactions run only when their output leaves min_free_bytes free: the
  // file manager refuses one that would pass max allowed space, which
  // CheckFreeSpace keeps at (database size + free space).
  if (file_manager_ == nullptr) {
    // One per Storage, kept across reopens (CheckFreeSpace uses it unlocked).
    file_manager_.reset(rocksdb::NewSstFileManager(rocksdb::Env::Default()));
    file_manager_->SetCompactionBufferSize(options.disk.min_free_bytes);
  }
  db_options.sst_file_manager = file_manager_;
  db_options.listeners.push_back(std::make_shared<BackgroundErrorListener>(failed_));

  std::shared_ptr<rocksdb::Cache> block_cache;
  if (options.block_cache_bytes > 0) block_cache = rocksdb::NewLRUCache(options.block_cache_bytes);
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  descriptors.emplace_back(rocksdb::kDefaultColumnFamilyName, rocksdb::ColumnFamilyOptions());
  const rocksdb::CompressionType compression = CompressionType(tuning.compression);
  for (const FamilySpec& family : families_) {
    rocksdb::ColumnFamilyOptions family_options;
    family_options.compression = compression;
    if (tuning.write_buffer_bytes > 0) family_options.write_buffer_size = tuning.write_buffer_bytes;
    family_options.write_buffer_size =
        std::min<uint64_t>(family_options.write_buffer_size, options.disk.max_memtable_bytes);
    if (family.options.universal_compaction) {
      family_options.compaction_style = rocksdb::kCompactionStyleUniversal;
    }
    if (family.options.merge != nullptr) {
      family_options.merge_operator = std::make_shared<MergeOperatorAdapter>(family.options.merge);
    }
    const bool bloom = family.options.bloom_filter;
    if (bloom) {
      family_options.memtable_whole_key_filtering = true;
      family_options.memtable_prefix_bloom_size_ratio = tuning.memtable_bloom_ratio;
    }
    if (bloom || block_cache != nullptr) {
      rocksdb::BlockBasedTableOptions table;
      if (block_cache != nullptr) table.block_cache = block_cache;
      if (bloom) table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(tuning.bloom_bits_per_key));
      family_options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
    }
    descriptors.emplace_back(family.name, family_options);
  }
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* db = nullptr;
  rocksdb::Status s = rocksdb::DB::Open(db_options, path_, descriptors, &handles, &db);
  if (!s.ok()) {
    LogError("storage_open_failed", {{"path", path_}, {"error", s.ToString()}});
    return absl::UnavailableError(s.ToString());
  }
  db_ = db;
  handles_ = std::move(handles);
  failed_->store(false);
  return absl::OkStatus();
}

void Storage::CloseDatabase() {
  if (db_ == nullptr) return;
  for (auto* handle : handles_) (void)db_->DestroyColumnFamilyHandle(handle);
  handles_.clear();
  rocksdb::Status s = db_->Close();
  if (!s.ok()) LogWarning("storage_close_error", {{"error", s.ToString()}});
  delete db_;
  db_ = nullptr;
}

absl::Status Storage::NotOpen() const {
  if (closed_) return absl::FailedPreconditionError("storage is closed");
  return ErrorWithReason(absl::StatusCode::kUnavailable, "storage is being reopened; retry",
                         kStorageUnavailableReason);
}

absl::Status Storage::CheckFreeSpace(uint64_t bytes) {
  struct statvfs fs;
  if (statvfs(path_.c_str(), &fs) != 0) {
    LogWarning("storage_statvfs_failed", {{"path", path_}, {"errno", absl::StrCat(errno)}});
    return ErrorWithReason(absl::StatusCode::kUnavailable,
                           "storage cannot measure its free space; retry",
                           kStorageUnavailableReason);
  }
  const uint64_t free_bytes = static_cast<uint64_t>(fs.f_bavail) * fs.f_frsize;
  // What this database may grow to: compactions that would leave less than
  // min_free_bytes are postponed by RocksDB's file manager.
  file_manager_->SetMaxAllowedSpaceUsage(file_manager_->GetTotalSize() + free_bytes);
  const uint64_t needed = options_.disk.min_free_bytes + bytes;
  const bool full = free_bytes < needed;
  if (full != disk_full_.exchange(full)) {
    if (full) {
      LogError("disk_full", {{"path", path_},
                             {"free_bytes", absl::StrCat(free_bytes)},
                             {"needed_bytes", absl::StrCat(needed)}});
    } else {
      LogInfo("disk_space_recovered", {{"path", path_}, {"free_bytes", absl::StrCat(free_bytes)}});
    }
  }
  return full ? DiskFullError() : absl::OkStatus();
}

absl::Status Storage::ReopenIfFailed() {
  if (!failed_->load()) return absl::OkStatus();
  // Reopening writes a new manifest and log: only with room for them.
  absl::Status space = CheckFreeSpace(0);
  if (!space.ok()) return space;
  std::unique_lock<std::shared_timed_mutex> lock(db_mu_, std::defer_lock);
  if (!lock.try_lock_for(kReopenLockWait)) return NotOpen();
  if (closed_) return NotOpen();
  if (!failed_->load() && db_ != nullptr) return absl::OkStatus();  // another caller reopened it
  LogWarning("storage_reopening", {{"path", path_}});
  CloseDatabase();
  absl::Status opened = OpenDatabase();
  if (!opened.ok()) {
    failed_->store(true);  // the next write tries again
    return NotOpen();
  }
  reopen_count_.fetch_add(1);
  LogInfo("storage_reopened", {{"path", path_}});
  return absl::OkStatus();
}

absl::Status Storage::WriteFailed(const absl::Status& status) {
  if (absl::IsInvalidArgument(status)) return status;
  failed_->store(true);
  if (ErrorReason(status) == kDiskFullReason) return status;
  return ErrorWithReason(absl::StatusCode::kUnavailable,
                         "storage write failed and the database is being reopened; retry",
                         kStorageUnavailableReason);
}

Storage::~Storage() { (void)Close(); }

rocksdb::ColumnFamilyHandle* Storage::Handle(FamilyId family) const {
  // Index 0 of handles_ is the default family, which the project does not use.
  const size_t index = static_cast<size_t>(family.index()) + 1;
  if (family.index() < 0 || index >= handles_.size()) return nullptr;
  return handles_[index];
}

absl::Status Storage::CheckFamilies(const WriteBatch& batch) const {
  for (const WriteBatch::Op& op : batch.ops_) {
    if (op.family.index() < 0 || static_cast<size_t>(op.family.index()) >= families_.size()) {
      return UnknownFamily(op.family);
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<std::optional<std::string>> Storage::Get(FamilyId family, absl::string_view key) const {
  std::shared_lock<std::shared_timed_mutex> lock(db_mu_);
  if (db_ == nullptr) return NotOpen();
  rocksdb::ColumnFamilyHandle* handle = Handle(family);
  if (handle == nullptr) return UnknownFamily(family);
  std::string value;
  rocksdb::Status s =
      db_->Get(rocksdb::ReadOptions(), handle, rocksdb::Slice(key.data(), key.size()), &value);
  if (s.IsNotFound()) return std::optional<std::string>();
  if (!s.ok()) return FromRocks(s, "get");
  return std::optional<std::string>(std::move(value));
}

absl::Status Storage::Write(const WriteBatch& batch, bool sync) {
  ZW_RETURN_IF_ERROR(CheckFamilies(batch));
  absl::Status ready = ReopenIfFailed();
  if (ready.ok()) ready = CheckFreeSpace(batch.ByteSize());
  if (!ready.ok()) return ready;
  std::shared_lock<std::shared_timed_mutex> lock(db_mu_);
  if (db_ == nullptr) return NotOpen();
  // Large batches go in key order: the memtable's skip list inserts a key next
  // to the previous one almost for free, and a random order costs a full
  // search per key. The sort is stable, so operations on one key keep their order.
  std::vector<const WriteBatch::Op*> ops;
  if (batch.ops_.size() > static_cast<size_t>(options_.tuning.sorted_write_operations)) {
    ops = SortedOps(batch, /*stable=*/true);
  } else {
    for (const auto& op : batch.ops_) ops.push_back(&op);
  }
  rocksdb::WriteBatch rocks_batch;
  for (const WriteBatch::Op* op_pointer : ops) {
    const WriteBatch::Op& op = *op_pointer;
    rocksdb::Status s;
    switch (op.type) {
      case WriteBatch::OpType::kPut:
        s = rocks_batch.Put(Handle(op.family), op.key, op.value);
        break;
      case WriteBatch::OpType::kDelete:
        s = rocks_batch.Delete(Handle(op.family), op.key);
        break;
      case WriteBatch::OpType::kMerge:
        s = rocks_batch.Merge(Handle(op.family), op.key, op.value);
        break;
    }
    if (!s.ok()) return FromRocks(s, "batch");
  }
  rocksdb::WriteOptions write_options;
  write_options.sync = sync;
  absl::Status written = FromRocks(db_->Write(write_options, &rocks_batch), "write");
  return written.ok() ? written : WriteFailed(written);
}

absl::Status Storage::WriteBulk(const WriteBatch& batch) {
  ZW_RETURN_IF_ERROR(CheckFamilies(batch));
  // Any order among equal keys will do: a batch with one falls back to Write.
  const std::vector<const WriteBatch::Op*> ops = SortedOps(batch, /*stable=*/false);
  for (size_t i = 1; i < ops.size(); ++i) {
    if (ops[i]->family == ops[i - 1]->family && ops[i]->key == ops[i - 1]->key) {
      return Write(batch, /*sync=*/true);
    }
  }
  absl::Status ready = ReopenIfFailed();
  if (ready.ok()) ready = CheckFreeSpace(batch.ByteSize());
  if (!ready.ok()) return ready;
  std::shared_lock<std::shared_timed_mutex> lock(db_mu_);
  if (db_ == nullptr) return NotOpen();
  // One table file per family, the files written in parallel.
  struct FamilyFile {
    size_t begin, end;
    rocksdb::ColumnFamilyHandle* handle;
    std::string path;
    rocksdb::Status status;
  };
  std::vector<FamilyFile> files;
  for (size_t begin = 0; begin < ops.size();) {
    size_t end = begin;
    while (end < ops.size() && ops[end]->family == ops[begin]->family) ++end;
    files.push_back(FamilyFile{begin, end, Handle(ops[begin]->family),
                               absl::StrCat(path_, "/bulk-", bulk_files_++, ".sst"), {}});
    begin = end;
  }
  auto write_file = [&](FamilyFile& file) {
    const rocksdb::Options family_options = db_->GetOptions(file.handle);
    rocksdb::SstFileWriter writer(rocksdb::EnvOptions(), family_options, file.handle);
    rocksdb::Status s = writer.Open(file.path);
    for (size_t i = file.begin; s.ok() && i < file.end; ++i) {
      const WriteBatch::Op& op = *ops[i];
      switch (op.type) {
        case WriteBatch::OpType::kPut:
          s = writer.Put(op.key, op.value);
          break;
        case WriteBatch::OpType::kDelete:
          s = writer.Delete(op.key);
          break;
        case WriteBatch::OpType::kMerge:
          s = writer.Merge(op.key, op.value);
          break;
      }
    }
    if (s.ok()) s = writer.Finish();
    file.status = s;
  };
  ProcessExecutor().ParallelFor(files.size(), [&](size_t i) { write_file(files[i]); });

  auto cleanup = [&] {
    std::error_code ec;
    for (const FamilyFile& file : files) std::filesystem::remove(file.path, ec);
  };
  std::vector<rocksdb::IngestExternalFileArg> args;
  for (const FamilyFile& file : files) {
    if (!file.status.ok()) {
      cleanup();
      return WriteFailed(FromRocks(file.status, "bulk write table file"));
    }
    rocksdb::IngestExternalFileArg arg;
    arg.column_family = file.handle;
    arg.external_files = {file.path};
    arg.options.move_files = true;
    args.push_back(std::move(arg));
  }
  if (args.empty()) return absl::OkStatus();
  rocksdb::Status s = db_->IngestExternalFiles(args);
  cleanup();  // moved (hard-linked) files are now the database's; drop our names
  absl::Status ingested = FromRocks(s, "bulk ingest");
  return ingested.ok() ? ingested : WriteFailed(ingested);
}

absl::Status Storage::Scan(
    FamilyId family, absl::string_view start, absl::string_view prefix,
    const std::function<bool(absl::string_view, absl::string_view)>& visit) const {
  std::shared_lock<std::shared_timed_mutex> lock(db_mu_);
  if (db_ == nullptr) return NotOpen();
  rocksdb::ColumnFamilyHandle* handle = Handle(family);
  if (handle == nullptr) return UnknownFamily(family);
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), handle));
  const absl::string_view seek = start < prefix ? prefix : start;
  for (it->Seek(rocksdb::Slice(seek.data(), seek.size())); it->Valid(); it->Next()) {
    absl::string_view key(it->key().data(), it->key().size());
    if (!absl::StartsWith(key, prefix)) break;
    if (!visit(key, absl::string_view(it->value().data(), it->value().size()))) break;
  }
  return FromRocks(it->status(), "scan");
}

absl::StatusOr<std::vector<std::optional<std::string>>> Storage::MultiGet(
    FamilyId family, const std::vector<std::string>& keys) const {
  std::shared_lock<std::shared_timed_mutex> lock(db_mu_);
  if (db_ == nullptr) return NotOpen();
  rocksdb::ColumnFamilyHandle* handle = Handle(family);
  if (handle == nullptr) return UnknownFamily(family);
  std::vector<rocksdb::Slice> slices(keys.begin(), keys.end());
  std::vector<rocksdb::ColumnFamilyHandle*> handles(keys.size(), handle);
  std::vector<std::string> values;
  std::vector<rocksdb::Status> statuses =
      db_->MultiGet(rocksdb::ReadOptions(), handles, slices, &values);
  std::vector<std::optional<std::string>> result(keys.size());
  for (size_t i = 0; i < keys.size(); ++i) {
    if (statuses[i].IsNotFound()) continue;
    if (!statuses[i].ok()) return FromRocks(statuses[i], "multi get");
    result[i] = std::move(values[i]);
  }
  return result;
}

absl::Status Storage::CompactFamily(FamilyId family) {
  std::shared_lock<std::shared_timed_mutex> lock(db_mu_);
  if (db_ == nullptr) return NotOpen();
  rocksdb::ColumnFamilyHandle* handle = Handle(family);
  if (handle == nullptr) return UnknownFamily(family);
  rocksdb::CompactRangeOptions compact;
  compact.bottommost_level_compaction = rocksdb::BottommostLevelCompaction::kForceOptimized;
  absl::Status compacted =
      FromRocks(db_->CompactRange(compact, handle, nullptr, nullptr), "compact");
  return compacted.ok() ? compacted : WriteFailed(compacted);
}

absl::Status Storage::FlushAll() {
  std::shared_lock<std::shared_timed_mutex> lock(db_mu_);
  if (db_ == nullptr) return NotOpen();
  rocksdb::FlushOptions flush;
  flush.wait = true;
  std::vector<rocksdb::ColumnFamilyHandle*> handles(handles_.begin() + 1, handles_.end());
  absl::Status flushed = FromRocks(db_->Flush(flush, handles), "flush");
  return flushed.ok() ? flushed : WriteFailed(flushed);
}

absl::StatusOr<std::optional<std::string>> Storage::LastKey(FamilyId family) const {
  std::shared_lock<std::shared_timed_mutex> lock(db_mu_);
  if (db_ == nullptr) return NotOpen();
  rocksdb::ColumnFamilyHandle* handle = Handle(family);
  if (handle == nullptr) return UnknownFamily(family);
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), handle));
  it->SeekToLast();
  if (!it->Valid()) {
    if (!it->status().ok()) return FromRocks(it->status(), "seek last");
    return std::optional<std::string>();
  }
  return std::optional<std::string>(it->key().ToString());
}

absl::Status Storage::Close() {
  std::unique_lock<std::shared_timed_mutex> lock(db_mu_);
  closed_ = true;
  if (db_ == nullptr) return absl::OkStatus();
  absl::Status result = absl::OkStatus();
  rocksdb::FlushOptions flush;
  flush.wait = true;
  // A failed database cannot flush, and a full disk should not be asked to:
  // the write-ahead log already holds every acknowledged write.
  const bool flush_memtables = !failed_->load() && !disk_full_.load();
  for (size_t i = 1; flush_memtables && i < handles_.size(); ++i) {
    rocksdb::Status s = db_->Flush(flush, handles_[i]);
    if (!s.ok() && result.ok()) result = FromRocks(s, "flush");
  }
  for (auto* handle : handles_) {
    rocksdb::Status s = db_->DestroyColumnFamilyHandle(handle);
    if (!s.ok() && result.ok()) result = FromRocks(s, "close family");
  }
  handles_.clear();
  rocksdb::Status s = db_->Close();
  if (!s.ok() && result.ok()) result = FromRocks(s, "close");
  delete db_;
  db_ = nullptr;
  return result;
}

}  // namespace zhengwen
