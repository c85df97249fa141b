#include "common/storage.h"

#include <rocksdb/db.h>
#include <rocksdb/options.h>
#include <rocksdb/write_batch.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/match.h"

namespace zhengwen {
namespace {

absl::Status FromRocks(const rocksdb::Status& s, absl::string_view what) {
  if (s.ok()) return absl::OkStatus();
  const std::string message = absl::StrCat(what, ": ", s.ToString());
  if (s.IsNotFound()) return absl::NotFoundError(message);
  if (s.IsCorruption()) return absl::DataLossError(message);
  if (s.IsInvalidArgument()) return absl::InvalidArgumentError(message);
  if (s.IsBusy() || s.IsTimedOut() || s.IsTryAgain()) return absl::UnavailableError(message);
  if (s.IsIOError()) return absl::UnavailableError(message);
  return absl::InternalError(message);
}

}  // namespace

WriteBatch::WriteBatch() = default;
WriteBatch::~WriteBatch() = default;

void WriteBatch::Put(int family, absl::string_view key, absl::string_view value) {
  ops_.push_back(Op{family, std::string(key), std::string(value)});
}

void WriteBatch::Delete(int family, absl::string_view key) {
  ops_.push_back(Op{family, std::string(key), std::nullopt});
}

int WriteBatch::Count() const { return static_cast<int>(ops_.size()); }

absl::StatusOr<std::unique_ptr<Storage>> Storage::Open(const std::string& path,
                                                       const std::vector<std::string>& families,
                                                       const StorageOptions& options) {
  rocksdb::DBOptions db_options;
  db_options.create_if_missing = options.create_if_missing;
  db_options.create_missing_column_families = options.create_if_missing;
  // Several services share a laptop in all-in-one mode; keep each DB modest.
  db_options.max_background_jobs = 2;
  db_options.keep_log_file_num = 4;

  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  descriptors.emplace_back(rocksdb::kDefaultColumnFamilyName, rocksdb::ColumnFamilyOptions());
  for (const auto& name : families) {
    descriptors.emplace_back(name, rocksdb::ColumnFamilyOptions());
  }
  std::unique_ptr<Storage> storage(new Storage());
  storage->path_ = path;
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::Status s = rocksdb::DB::Open(db_options, path, descriptors, &handles, &storage->db_);
  if (!s.ok()) return FromRocks(s, absl::StrCat("open RocksDB at ", path));
  storage->handles_ = std::move(handles);
  return storage;
}

Storage::~Storage() { (void)Close(); }

rocksdb::ColumnFamilyHandle* Storage::Handle(int family) const {
  // Index 0 of handles_ is the default family, which the project does not use.
  return handles_.at(static_cast<size_t>(family) + 1);
}

absl::StatusOr<std::optional<std::string>> Storage::Get(int family, absl::string_view key) const {
  if (db_ == nullptr) return absl::FailedPreconditionError("storage is closed");
  std::string value;
  rocksdb::Status s =
      db_->Get(rocksdb::ReadOptions(), Handle(family), rocksdb::Slice(key.data(), key.size()), &value);
  if (s.IsNotFound()) return std::optional<std::string>();
  if (!s.ok()) return FromRocks(s, "get");
  return std::optional<std::string>(std::move(value));
}

absl::Status Storage::Write(const WriteBatch& batch, bool sync) {
  if (db_ == nullptr) return absl::FailedPreconditionError("storage is closed");
  rocksdb::WriteBatch rocks_batch;
  for (const auto& op : batch.ops_) {
    rocksdb::Status s = op.value.has_value()
                            ? rocks_batch.Put(Handle(op.family), op.key, *op.value)
                            : rocks_batch.Delete(Handle(op.family), op.key);
    if (!s.ok()) return FromRocks(s, "batch");
  }
  rocksdb::WriteOptions write_options;
  write_options.sync = sync;
  return FromRocks(db_->Write(write_options, &rocks_batch), "write");
}

absl::Status Storage::Scan(
    int family, absl::string_view start, absl::string_view prefix,
    const std::function<bool(absl::string_view, absl::string_view)>& visit) const {
  if (db_ == nullptr) return absl::FailedPreconditionError("storage is closed");
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), Handle(family)));
  const absl::string_view seek = start < prefix ? prefix : start;
  for (it->Seek(rocksdb::Slice(seek.data(), seek.size())); it->Valid(); it->Next()) {
    absl::string_view key(it->key().data(), it->key().size());
    if (!absl::StartsWith(key, prefix)) break;
    if (!visit(key, absl::string_view(it->value().data(), it->value().size()))) break;
  }
  return FromRocks(it->status(), "scan");
}

absl::StatusOr<std::optional<std::string>> Storage::LastKey(int family) const {
  if (db_ == nullptr) return absl::FailedPreconditionError("storage is closed");
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), Handle(family)));
  it->SeekToLast();
  if (!it->Valid()) {
    if (!it->status().ok()) return FromRocks(it->status(), "seek last");
    return std::optional<std::string>();
  }
  return std::optional<std::string>(it->key().ToString());
}

absl::Status Storage::Close() {
  if (db_ == nullptr) return absl::OkStatus();
  absl::Status result = absl::OkStatus();
  rocksdb::FlushOptions flush;
  flush.wait = true;
  for (size_t i = 1; i < handles_.size(); ++i) {
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
