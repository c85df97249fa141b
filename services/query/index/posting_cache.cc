#include "services/query/index/posting_cache.h"

#include "common/status_macros.h"

namespace zhengwen::query {

absl::StatusOr<std::shared_ptr<const PostingList>> PostingCache::Get(const std::string& key) {
  ZW_ASSIGN_OR_RETURN(auto lists, GetMany({key}));
  return std::move(lists[0]);
}

absl::StatusOr<std::vector<std::shared_ptr<const PostingList>>> PostingCache::GetMany(
    const std::vector<std::string>& keys) {
  std::vector<std::shared_ptr<const PostingList>> lists(keys.size());
  std::vector<std::string> missing;
  std::vector<size_t> missing_index;
  uint64_t epoch = 0;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (size_t i = 0; i < keys.size(); ++i) {
      auto it = items_.find(keys[i]);
      if (it != items_.end()) {
        lru_.splice(lru_.begin(), lru_, it->second);
        lists[i] = it->second->list;
      } else {
        missing.push_back(keys[i]);
        missing_index.push_back(i);
      }
    }
    epoch = epoch_;
  }
  if (missing.empty()) return lists;
  ZW_ASSIGN_OR_RETURN(auto values, storage_->MultiGet(family_, missing));
  for (size_t m = 0; m < missing.size(); ++m) {
    ZW_ASSIGN_OR_RETURN(lists[missing_index[m]],
                        PostingList::Parse(values[m].has_value() ? std::move(*values[m])
                                                                 : std::string()));
  }
  std::lock_guard<std::mutex> lock(mu_);
  for (size_t m = 0; m < missing.size(); ++m) {
    InsertLocked(missing[m], epoch, lists[missing_index[m]]);
  }
  return lists;
}

absl::Status PostingCache::Preload(const std::string& key, std::string value) {
  uint64_t epoch = 0;
  {
    std::lock_guard<std::mutex> lock(mu_);
    epoch = epoch_;
  }
  ZW_ASSIGN_OR_RETURN(std::shared_ptr<const PostingList> list, PostingList::Parse(std::move(value)));
  std::lock_guard<std::mutex> lock(mu_);
  InsertLocked(key, epoch, list);
  return absl::OkStatus();
}

void PostingCache::InsertLocked(const std::string& key, uint64_t epoch,
                                const std::shared_ptr<const PostingList>& list) {
  // A write since the read may have changed the list: serve it, don't keep it.
  if (epoch != epoch_ || items_.contains(key) || list->bytes() > capacity_ / 4) return;
  lru_.push_front(Item{key, list});
  items_.emplace(key, lru_.begin());
  bytes_ += list->bytes() + key.size() + 64;
  EvictLocked();
}

void PostingCache::EvictLocked() {
  while (bytes_ > capacity_ && !lru_.empty()) {
    const Item& last = lru_.back();
    bytes_ -= last.list->bytes() + last.key.size() + 64;
    items_.erase(last.key);
    lru_.pop_back();
  }
}

void PostingCache::Invalidate(const std::vector<std::string>& keys) {
  std::lock_guard<std::mutex> lock(mu_);
  ++epoch_;
  for (const std::string& key : keys) {
    auto it = items_.find(key);
    if (it == items_.end()) continue;
    bytes_ -= it->second->list->bytes() + key.size() + 64;
    lru_.erase(it->second);
    items_.erase(it);
  }
}

void PostingCache::Clear() {
  std::lock_guard<std::mutex> lock(mu_);
  ++epoch_;
  items_.clear();
  lru_.clear();
  bytes_ = 0;
}

}  // namespace zhengwen::query
