// PostingCache: parsed posting lists of recently searched terms, so a hot
// term costs no RocksDB read and no parse. Bounded by bytes (LRU). Writers
// invalidate the terms they change; an epoch keeps a reader that fetched
// before a write from caching what it read.
#ifndef ZHENGWEN_SERVICES_QUERY_INDEX_POSTING_CACHE_H_
#define ZHENGWEN_SERVICES_QUERY_INDEX_POSTING_CACHE_H_

#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "common/storage/storage.h"
#include "services/query/index/posting_list.h"

namespace zhengwen::query {

class PostingCache {
 public:
  PostingCache(const Storage* storage, FamilyId family, size_t capacity_bytes)
      : storage_(storage), family_(family), capacity_(capacity_bytes) {}

  // The posting list of `key` (empty when absent).
  absl::StatusOr<std::shared_ptr<const PostingList>> Get(const std::string& key);

  // The posting lists of `keys`, in order; the uncached ones are read in one
  // RocksDB MultiGet (a query's terms share index and filter block reads).
  absl::StatusOr<std::vector<std::shared_ptr<const PostingList>>> GetMany(
      const std::vector<std::string>& keys);

  // Parses and keeps `value` as the list of `key` (cache warming).
  absl::Status Preload(const std::string& key, std::string value);

  // Drops `keys`; call after the write that changed them.
  void Invalidate(const std::vector<std::string>& keys);
  // Drops everything (after bulk loads).
  void Clear();

 private:
  struct Item {
    std::string key;
    std::shared_ptr<const PostingList> list;
  };
  void EvictLocked();
  // Keeps `list` (read when the epoch was `epoch`) unless a write came since.
  void InsertLocked(const std::string& key, uint64_t epoch,
                    const std::shared_ptr<const PostingList>& list);

  const Storage* storage_;
  const FamilyId family_;
  const size_t capacity_;
  std::mutex mu_;
  uint64_t epoch_ = 0;
  size_t bytes_ = 0;
  std::list<Item> lru_;  // front: most recent
  absl::flat_hash_map<std::string, std::list<Item>::iterator> items_;
};

}  // namespace zhengwen::query

#endif  // ZHENGWEN_SERVICES_QUERY_INDEX_POSTING_CACHE_H_
