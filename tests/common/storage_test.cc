#include "common/storage/storage.h"

#include "common/error_reason.h"
#include "gtest/gtest.h"
#include "tests/support/subprocess.h"

namespace zhengwen {
namespace {

enum class F { kA, kB, kC };

FamilyTable<F> Table(int count, FamilyOptions b_options = {}) {
  FamilyTable<F> table = {{F::kA, "a", {}}, {F::kB, "b", b_options}, {F::kC, "c", {}}};
  table.resize(static_cast<size_t>(count));
  return table;
}

TEST(StorageTest, WritesAreAtomicPerBatchAndSurviveReopen) {
  testing::TempDir dir;
  {
    auto storage = Storage::Open(dir.path(), Table(2));
    ASSERT_TRUE(storage.ok()) << storage.status();
    WriteBatch batch;
    batch.Put(F::kA, "k1", "v1");
    batch.Put(F::kB, "k1", "other");
    batch.Put(F::kA, "k2", "v2");
    ASSERT_TRUE((*storage)->Write(batch, /*sync=*/true).ok());
    WriteBatch remove;
    remove.Delete(F::kA, "k2");
    ASSERT_TRUE((*storage)->Write(remove, /*sync=*/true).ok());
    ASSERT_TRUE((*storage)->Close().ok());
  }
  auto storage = Storage::Open(dir.path(), Table(2));
  ASSERT_TRUE(storage.ok()) << storage.status();
  auto v1 = (*storage)->Get(F::kA, "k1");
  ASSERT_TRUE(v1.ok());
  EXPECT_EQ(v1->value_or("missing"), "v1");
  auto b1 = (*storage)->Get(F::kB, "k1");
  EXPECT_EQ(b1->value_or("missing"), "other");
  auto v2 = (*storage)->Get(F::kA, "k2");
  EXPECT_FALSE(v2->has_value());
}

// A bulk write lands every family's operations at once (table files written
// in parallel), size-tiered families included, and survives reopening; a bulk
// batch touching one key twice is applied as an ordinary write, in order.
TEST(StorageTest, BulkWritesEveryFamilyAndFallsBackOnRepeatedKeys) {
  testing::TempDir dir;
  StorageOptions options;
  FamilyOptions universal;
  universal.universal_compaction = true;
  const FamilyTable<F> families = Table(3, universal);
  {
    auto storage = Storage::Open(dir.path(), families, options);
    ASSERT_TRUE(storage.ok()) << storage.status();
    WriteBatch batch;
    for (int i = 0; i < 3000; ++i) {
      batch.Put(static_cast<F>(i % 3), "key" + std::to_string(i * 7919 % 3000), "value" + std::to_string(i));
    }
    ASSERT_TRUE((*storage)->WriteBulk(batch).ok());
    WriteBatch repeated;
    repeated.Put(F::kC, "same", "first");
    repeated.Put(F::kC, "same", "second");
    ASSERT_TRUE((*storage)->WriteBulk(repeated).ok());
    ASSERT_TRUE((*storage)->CompactFamily(F::kB).ok());
    ASSERT_TRUE((*storage)->FlushAll().ok());
    ASSERT_TRUE((*storage)->Close().ok());
  }
  auto storage = Storage::Open(dir.path(), families, options);
  ASSERT_TRUE(storage.ok()) << storage.status();
  for (int i = 0; i < 3000; i += 97) {
    auto value = (*storage)->Get(static_cast<F>(i % 3), "key" + std::to_string(i * 7919 % 3000));
    ASSERT_TRUE(value.ok());
    EXPECT_EQ(value->value_or("missing"), "value" + std::to_string(i));
  }
  int count = 0;
  ASSERT_TRUE((*storage)->Scan(F::kB, "", "", [&](absl::string_view, absl::string_view) {
    ++count;
    return true;
  }).ok());
  EXPECT_EQ(count, 1000);
  EXPECT_EQ((*storage)->Get(F::kC, "same")->value_or("missing"), "second");
}

TEST(StorageTest, ScanHonoursStartPrefixAndStop) {
  testing::TempDir dir;
  auto storage = Storage::Open(dir.path(), Table(1));
  ASSERT_TRUE(storage.ok());
  WriteBatch batch;
  for (const char* key : {"p-1", "p-2", "p-3", "q-1"}) batch.Put(F::kA, key, key);
  ASSERT_TRUE((*storage)->Write(batch, false).ok());
  std::vector<std::string> seen;
  ASSERT_TRUE((*storage)
                  ->Scan(F::kA, "p-2", "p-",
                         [&](absl::string_view key, absl::string_view) {
                           seen.emplace_back(key);
                           return true;
                         })
                  .ok());
  EXPECT_EQ(seen, (std::vector<std::string>{"p-2", "p-3"}));
  seen.clear();
  ASSERT_TRUE((*storage)
                  ->Scan(F::kA, "", "", [&](absl::string_view key, absl::string_view) {
                    seen.emplace_back(key);
                    return seen.size() < 2;
                  })
                  .ok());
  EXPECT_EQ(seen.size(), 2u);
  auto last = (*storage)->LastKey(F::kA);
  ASSERT_TRUE(last.ok());
  EXPECT_EQ(last->value_or(""), "q-1");
}

TEST(StorageTest, OpenFailsClearlyOnUnusablePath) {
  auto storage = Storage::Open("/proc/definitely/not/here", Table(1));
  EXPECT_FALSE(storage.ok());
  EXPECT_NE(storage.status().message().find("open RocksDB"), absl::string_view::npos);
}

TEST(StorageTest, ClosedStorageRefusesCalls) {
  testing::TempDir dir;
  auto storage = Storage::Open(dir.path(), Table(1));
  ASSERT_TRUE(storage.ok());
  ASSERT_TRUE((*storage)->Close().ok());
  EXPECT_EQ((*storage)->Get(F::kA, "k").status().code(), absl::StatusCode::kFailedPrecondition);
}

// A write that would leave less than the headroom free is refused before
// RocksDB sees it, with a reason and no file path; reads keep working.
TEST(StorageTest, WriteBeyondHeadroomIsRefusedAsDiskFull) {
  testing::TempDir dir;
  StorageOptions options;
  options.disk.min_free_bytes = 1ull << 60;  // more than any disk has free
  auto storage = Storage::Open(dir.path(), Table(1), options);
  ASSERT_TRUE(storage.ok()) << storage.status();
  WriteBatch batch;
  batch.Put(F::kA, "k", "v");
  const absl::Status refused = (*storage)->Write(batch, /*sync=*/true);
  EXPECT_EQ(refused.code(), absl::StatusCode::kResourceExhausted) << refused;
  EXPECT_EQ(ErrorReason(refused), "DISK_FULL") << refused;
  EXPECT_EQ(refused.message().find('/'), absl::string_view::npos) << refused;
  EXPECT_EQ(RetryDelay(refused), absl::Seconds(5));
  EXPECT_EQ((*storage)->WriteBulk(batch).code(), absl::StatusCode::kResourceExhausted);
  auto read = (*storage)->Get(F::kA, "k");
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_FALSE(read->has_value());
  EXPECT_TRUE((*storage)->Close().ok());
}

// Fails every merge whose operand is "poison", so a flush meets it and
// RocksDB records a background error (the database stops taking writes).
class PoisonMerge : public MergeFunction {
 public:
  const char* Name() const override { return "PoisonMerge"; }
  bool Merge(absl::string_view, const absl::string_view* existing,
             const std::vector<absl::string_view>& operands, std::string* result) const override {
    *result = existing != nullptr ? std::string(*existing) : "";
    for (absl::string_view operand : operands) {
      if (operand == "poison") return false;
      result->append(operand.data(), operand.size());
    }
    return true;
  }
};

// After a background error the database is reopened by the next write
// instead of refusing writes until a restart; what was written survives.
TEST(StorageTest, BackgroundErrorReopensTheDatabase) {
  testing::TempDir dir;
  FamilyTable<F> table = Table(2);
  table[0].options.merge = std::make_shared<PoisonMerge>();
  auto storage = Storage::Open(dir.path(), table);
  ASSERT_TRUE(storage.ok()) << storage.status();
  WriteBatch before;
  before.Put(F::kB, "kept", "yes");
  before.Put(F::kA, "bad", "base");
  before.Merge(F::kA, "bad", "poison");
  ASSERT_TRUE((*storage)->Write(before, /*sync=*/true).ok());
  // The flush merges and fails; its caller gets a retryable error.
  const absl::Status flushed = (*storage)->FlushAll();
  EXPECT_EQ(flushed.code(), absl::StatusCode::kUnavailable) << flushed;
  EXPECT_EQ(ErrorReason(flushed), "STORAGE_UNAVAILABLE") << flushed;
  EXPECT_EQ((*storage)->reopen_count(), 0);
  WriteBatch after;
  after.Put(F::kB, "after", "yes");
  const absl::Status written = (*storage)->Write(after, /*sync=*/true);
  EXPECT_TRUE(written.ok()) << written;
  EXPECT_EQ((*storage)->reopen_count(), 1);
  for (const char* key : {"kept", "after"}) {
    auto value = (*storage)->Get(F::kB, key);
    ASSERT_TRUE(value.ok()) << value.status();
    EXPECT_EQ(value->value_or("missing"), "yes") << key;
  }
}

// A table whose ids are out of row order is refused at open, and so is a
// family id outside the table at every call (a Status, never a throw).
TEST(StorageTest, FamilyTableIsCheckedAndUnknownFamiliesAreRefused) {
  testing::TempDir dir;
  const FamilyTable<F> misnumbered = {{F::kB, "b", {}}, {F::kA, "a", {}}};
  auto refused = Storage::Open(dir.path(), misnumbered);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kInvalidArgument) << refused.status();
  const FamilyTable<F> twice = {{F::kA, "a", {}}, {F::kB, "a", {}}};
  EXPECT_EQ(Storage::Open(dir.path(), twice).status().code(), absl::StatusCode::kInvalidArgument);

  auto storage = Storage::Open(dir.path(), Table(2));
  ASSERT_TRUE(storage.ok()) << storage.status();
  EXPECT_EQ((*storage)->Get(F::kC, "k").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ((*storage)->MultiGet(F::kC, {"k"}).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ((*storage)->LastKey(F::kC).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ((*storage)->CompactFamily(F::kC).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ((*storage)->Scan(F::kC, "", "", [](absl::string_view, absl::string_view) { return true; })
                .code(),
            absl::StatusCode::kInvalidArgument);
  WriteBatch batch;
  batch.Put(F::kA, "kept-out", "v");
  batch.Put(F::kC, "k", "v");
  EXPECT_EQ((*storage)->Write(batch, /*sync=*/true).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ((*storage)->WriteBulk(batch).code(), absl::StatusCode::kInvalidArgument);
  // Nothing of a refused batch is written.
  EXPECT_FALSE((*storage)->Get(F::kA, "kept-out")->has_value());
}

// Every tuning knob is checked before RocksDB sees it.
TEST(StorageTest, TuningOutOfRangeIsRefusedAtOpen) {
  testing::TempDir dir;
  StorageOptions options;
  options.tuning.compression = "brotli";
  auto refused = Storage::Open(dir.path(), Table(1), options);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(refused.status().message().find("compression"), absl::string_view::npos);
  options.tuning = StorageTuning();
  options.tuning.background_jobs = 0;
  EXPECT_EQ(Storage::Open(dir.path(), Table(1), options).status().code(),
            absl::StatusCode::kInvalidArgument);
  options.tuning = StorageTuning();
  options.tuning.compression = "zstd";
  options.tuning.bloom_bits_per_key = 12;
  options.block_cache_bytes = 1 << 20;
  FamilyTable<F> table = Table(1);
  table[0].options.bloom_filter = true;
  auto storage = Storage::Open(dir.path(), table, options);
  ASSERT_TRUE(storage.ok()) << storage.status();
  WriteBatch batch;
  batch.Put(F::kA, "k", "v");
  ASSERT_TRUE((*storage)->Write(batch, /*sync=*/true).ok());
  ASSERT_TRUE((*storage)->FlushAll().ok());
  EXPECT_EQ((*storage)->Get(F::kA, "k")->value_or("missing"), "v");
}

}  // namespace
}  // namespace zhengwen
