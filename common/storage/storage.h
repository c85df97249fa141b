// Storage: the one wrapper around a RocksDB database. Nothing else in the
// project includes RocksDB headers. Column families are declared once by the
// owning service in a family table (family_table.h); callers address them by
// the table's enum class ids.
#ifndef ZHENGWEN_COMMON_STORAGE_STORAGE_H_
#define ZHENGWEN_COMMON_STORAGE_STORAGE_H_

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/storage/family_table.h"
#include "common/storage/storage_options.h"

namespace rocksdb {
class ColumnFamilyHandle;
class DB;
class SstFileManager;
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

  void Put(FamilyId family, absl::string_view key, absl::string_view value);
  void Delete(FamilyId family, absl::string_view key);
  // Queues `operand` for the family's MergeFunction (FamilyOptions::merge).
  void Merge(FamilyId family, absl::string_view key, absl::string_view operand);
  // The same, taking the strings over (no copy; large bulk batches).
  void PutMoved(FamilyId family, std::string&& key, std::string&& value);
  void MergeMoved(FamilyId family, std::string&& key, std::string&& operand);
  // Number of operations queued.
  int Count() const;
  // Bytes the batch adds to the write-ahead log or a table file, roughly.
  uint64_t ByteSize() const;

 private:
  friend class Storage;
  enum class OpType { kPut, kDelete, kMerge };
  struct Op {
    OpType type;
    FamilyId family;
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

class Storage {
 public:
  // Opens (or creates) the database at `path` with the column families of
  // `table`. INVALID_ARGUMENT when the table's ids are not 0, 1, ... in row
  // order or a name is empty or repeated.
  template <typename Id>
  static absl::StatusOr<std::unique_ptr<Storage>> Open(const std::string& path,
                                                       const FamilyTable<Id>& table,
                                                       const StorageOptions& options = {}) {
    std::vector<FamilySpec> specs;
    for (size_t i = 0; i < table.size(); ++i) {
      if (FamilyId(table[i].id).index() != static_cast<int>(i)) return MisnumberedFamily(i);
      specs.push_back(FamilySpec{table[i].name, table[i].options});
    }
    return OpenFamilies(path, std::move(specs), options);
  }

  ~Storage();
  Storage(const Storage&) = delete;
  Storage& operator=(const Storage&) = delete;

  // The value under `key`, or nullopt when absent.
  [[nodiscard]] absl::StatusOr<std::optional<std::string>> Get(FamilyId family,
                                                               absl::string_view key) const;

  // Applies `batch` atomically. With `sync`, returns only after the write-ahead
  // log is fsynced, so the write survives a machine crash. Refused with
  // RESOURCE_EXHAUSTED / DISK_FULL, before anything is written, when the disk
  // would keep less than DiskLimits::min_free_bytes; accepted again as soon as
  // space returns. After a RocksDB background error the next write reopens the
  // database (writes get UNAVAILABLE / STORAGE_UNAVAILABLE until it is open).
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
      FamilyId family, absl::string_view start, absl::string_view prefix,
      const std::function<bool(absl::string_view key, absl::string_view value)>& visit) const;

  // Values of `keys` in `family` (nullopt for absent keys), read in one call.
  [[nodiscard]] absl::StatusOr<std::vector<std::optional<std::string>>> MultiGet(
      FamilyId family, const std::vector<std::string>& keys) const;

  // Compacts the whole of `family`, so later reads find one value per key
  // (merge operands folded in). Used after bulk loads.
  [[nodiscard]] absl::Status CompactFamily(FamilyId family);

  // Flushes every family's memtable to table files, so the write-ahead log
  // they pinned can be deleted (a family written rarely keeps old logs alive).
  [[nodiscard]] absl::Status FlushAll();

  // The last key of `family` (in key order), or nullopt when it is empty.
  [[nodiscard]] absl::StatusOr<std::optional<std::string>> LastKey(FamilyId family) const;

  // Flushes memtables and closes the database. Called by the destructor too.
  [[nodiscard]] absl::Status Close();

  // Times the database was reopened after a background error.
  int reopen_count() const { return reopen_count_.load(); }

  const std::string& path() const { return path_; }

 private:
  Storage() = default;
  static absl::StatusOr<std::unique_ptr<Storage>> OpenFamilies(const std::string& path,
                                                               std::vector<FamilySpec> families,
                                                               const StorageOptions& options);
  static absl::Status MisnumberedFamily(size_t row);
  // Opens db_ and handles_ from path_, families_ and options_ (lock held).
  absl::Status OpenDatabase();
  // Closes db_ without flushing (lock held); the write-ahead log has it all.
  void CloseDatabase();
  // DISK_FULL unless `bytes` more can be written leaving min_free_bytes free.
  absl::Status CheckFreeSpace(uint64_t bytes);
  // After a background error: reopens the database when the disk has room.
  absl::Status ReopenIfFailed();
  // The status of a write RocksDB refused: the caller's own mistakes pass
  // through; anything else marks the database for reopening and becomes a
  // retryable error (DISK_FULL or STORAGE_UNAVAILABLE).
  absl::Status WriteFailed(const absl::Status& status);
  // The status of a call made while the database is not open.
  absl::Status NotOpen() const;
  // The handle of `family`, or nullptr when the id is outside the table.
  rocksdb::ColumnFamilyHandle* Handle(FamilyId family) const;
  // INVALID_ARGUMENT unless every operation of `batch` names a family of the table.
  absl::Status CheckFamilies(const WriteBatch& batch) const;
  // The operations of `batch` in family, then key order.
  static std::vector<const WriteBatch::Op*> SortedOps(const WriteBatch& batch, bool stable);

  std::string path_;
  std::vector<FamilySpec> families_;
  StorageOptions options_;
  std::atomic<uint64_t> bulk_files_{0};  // table files written by WriteBulk (unique names)
  // Shared by every call using db_; exclusive to close and reopen it.
  mutable std::shared_timed_mutex db_mu_;
  rocksdb::DB* db_ = nullptr;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;
  std::shared_ptr<rocksdb::SstFileManager> file_manager_;
  std::atomic<bool> closed_{false};  // Close() was called: no reopening
  // Set by a background error or a failed write; cleared by a reopen.
  std::shared_ptr<std::atomic<bool>> failed_ = std::make_shared<std::atomic<bool>>(false);
  std::atomic<bool> disk_full_{false};  // last check found too little space (logs transitions)
  std::atomic<int> reopen_count_{0};
};

}  // namespace zhengwen

#endif  // ZHENGWEN_COMMON_STORAGE_STORAGE_H_
