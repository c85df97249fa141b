#include "services/query/posting_cache.h"

#include "common/status_macros.h"

namespace zhengwen::query {

absl::StatusOr<std::shared_ptr<const PostingList>> PostingCache::Get(const std::string& key) {
  uint64_t epoch = 0;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = items_.find(key);
    if (it != items_.end()) {
      lru_.splice(lru_.begin(), lru_, it->second);
      return it->second->list;
    }
    epoch = epoch_;
  }
  ZW_ASSIGN_OR_RETURN(std::optional<std::string> value, storage_->Get(family_, key));
  ZW_ASSIGN_OR_RETURN(std::shared_ptr<const PostingList> list,
                      PostingList::Parse(value.has_value() ? std::move(*value) : std::string()));
  std::lock_guard<std::mutex> lock(mu_);
  // A write since the read may have changed the list: serve it, don't keep it.
  if (epoch != epoch_ || items_.contains(key) || list->bytes() > capacity_ / 4) return list;
  lru_.push_front(Item{key, list});
  items_.emplace(key, lru_.begin());
  bytes_ += list->bytes() + key.size() + 64;
  EvictLocked();
  return list;
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
