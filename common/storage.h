// Storage: the one wrapper around a RocksDB database. Nothing else in the
// project includes RocksDB headers. Column families are named in a table the
// owning service declares once; callers address them by index in that table.
#ifndef ZHENGWEN_COMMON_STORAGE_H_
#define ZHENGWEN_COMMON_STORAGE_H_

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace rocksdb {
class ColumnFamilyHandle;
class DB;
class WriteBatch;
}  // namespace rocksdb

namespace zhengwen {

// A set of writes applied atomically by Storage::Write.
class WriteBatch {
 public:
  WriteBatch();
  ~WriteBatch();
  WriteBatch(const WriteBatch&) = delete;
  WriteBatch& operator=(const WriteBatch&) = delete;

  void Put(int family, absl::string_view key, absl::string_view value);
  void Delete(int family, absl::string_view key);
  // Queues `operand` for the family's MergeFunction (see StorageOptions).
  void Merge(int family, absl::string_view key, absl::string_view operand);
  // The same, taking the strings over (no copy; large bulk batches).
  void PutMoved(int family, std::string&& key, std::string&& value);
  void MergeMoved(int family, std::string&& key, std::string&& operand);
  // Number of operations queued.
  int Count() const;

 private:
  friend class Storage;
  enum class OpType { kPut, kDelete, kMerge };
  struct Op {
    OpType type;
    int family;
    std::string key;
    std::string value;  // empty for kDelete
  };
  std::vector<Op> ops_;
};

// Combines the merge operands queued for one key with its current value (a
// read-modify-write that RocksDB runs lazily: at read time and in compaction).
// Implementations must be thread-safe and deterministic.
class MergeFunction {
 public:
  virtual ~MergeFunction() = default;
  // Stable name; RocksDB checks it when the database is reopened.
  virtual const char* Name() const = 0;
  // Writes into `result` the value of `existing` (nullptr when the key has
  // none) after applying `operands` in the order they were written. Returns
  // false when a value or operand is corrupt.
  virtual bool Merge(absl::string_view key, const absl::string_view* existing,
                     const std::vector<absl::string_view>& operands,
                     std::string* result) const = 0;
};

struct StorageOptions {
  // Create the database (and missing column families) when absent.
  bool create_if_missing = true;
  // Merge functions by family index; families without one reject Merge.
  std::map<int, std::shared_ptr<const MergeFunction>> merge_functions;
  // Families whose point lookups mostly miss (e.g. hash lookups); they get a
  // Bloom filter so a miss rarely reads a block.
  std::vector<int> bloom_filter_families;
  // Bytes of the LRU block cache shared by all families (0: RocksDB's 8 MiB default).
  size_t block_cache_bytes = 0;
  // Memtable size of each family (0: RocksDB's 64 MiB default).
  size_t write_buffer_bytes = 0;
  // Families whose every write touches keys all over the key range (posting
  // lists under hashed or dictionary keys): size-tiered ("universal")
  // compaction, so a growing family is rewritten O(log n) times instead of
  // once per flush, as leveled compaction does when every flush overlaps all
  // of level 1.
  std::vector<int> universal_compaction_families;
};

class Storage {
 public:
  // Opens (or creates) the database at `path` with the column families in
  // `families`; index i of `families` is family i in every call below.
  static absl::StatusOr<std::unique_ptr<Storage>> Open(
      const std::string& path, const std::vector<std::string>& families,
      const StorageOptions& options = {});

  ~Storage();
  Storage(const Storage&) = delete;
  Storage& operator=(const Storage&) = delete;

  // The value under `key`, or nullopt when absent.
  [[nodiscard]] absl::StatusOr<std::optional<std::string>> Get(int family,
                                                               absl::string_view key) const;

  // Applies `batch` atomically. With `sync`, returns only after the write-ahead
  // log is fsynced, so the write survives a machine crash.
  [[nodiscard]] absl::Status Write(const WriteBatch& batch, bool sync);

  // Applies `batch` as a bulk load: the operations of each family are written,
  // in key order, to a table file (RocksDB SstFileWriter) and all the files are
  // ingested in one step (IngestExternalFiles), skipping the write-ahead log and
  // the memtables. Durable on return; a crash leaves all of it or none. Readers
  // may briefly see some families updated before others, so callers publish
  // what they wrote only afterwards. A batch with two operations on one key of
  // a family (which one table file cannot hold) is applied with Write(sync).
  [[nodiscard]] absl::Status WriteBulk(const WriteBatch& batch);

  // Visits entries of `family` in key order, starting at the first key >= `start`
  // and only while keys begin with `prefix`. `visit` returns false to stop.
  [[nodiscard]] absl::Status Scan(
      int family, absl::string_view start, absl::string_view prefix,
      const std::function<bool(absl::string_view key, absl::string_view value)>& visit) const;

  // Values of `keys` in `family` (nullopt for absent keys), read in one call.
  [[nodiscard]] absl::StatusOr<std::vector<std::optional<std::string>>> MultiGet(
      int family, const std::vector<std::string>& keys) const;

  // Compacts the whole of `family`, so later reads find one value per key
  // (merge operands folded in). Used after bulk loads.
  [[nodiscard]] absl::Status CompactFamily(int family);

  // Flushes every family's memtable to table files, so the write-ahead log
  // they pinned can be deleted (a family written rarely keeps old logs alive).
  [[nodiscard]] absl::Status FlushAll();

  // The last key of `family` (in key order), or nullopt when it is empty.
  [[nodiscard]] absl::StatusOr<std::optional<std::string>> LastKey(int family) const;

  // Flushes memtables and closes the database. Called by the destructor too.
  [[nodiscard]] absl::Status Close();

  const std::string& path() const { return path_; }

 private:
  Storage() = default;
  rocksdb::ColumnFamilyHandle* Handle(int family) const;
  // The operations of `batch` in family, then key order.
  static std::vector<const WriteBatch::Op*> SortedOps(const WriteBatch& batch, bool stable);

  std::string path_;
  std::atomic<uint64_t> bulk_files_{0};  // table files written by WriteBulk (unique names)
  rocksdb::DB* db_ = nullptr;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;
};

}  // namespace zhengwen

#endif  // ZHENGWEN_COMMON_STORAGE_H_
