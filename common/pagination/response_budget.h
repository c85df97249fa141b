// ResponseBudget: keeps a list or search response inside the message limit by
// counting the bytes of the items it holds, not only their number. The first
// item always fits (a response makes progress); the next page starts where
// the budget stopped.
#ifndef ZHENGWEN_COMMON_PAGINATION_RESPONSE_BUDGET_H_
#define ZHENGWEN_COMMON_PAGINATION_RESPONSE_BUDGET_H_

#include <cstddef>

namespace zhengwen {

// Default byte budget of one list/search response: below the 4 MiB that gRPC
// clients accept by default, with room for the response's other fields.
inline constexpr size_t kDefaultMaxResponseBytes = 3 << 20;

class ResponseBudget {
 public:
  explicit ResponseBudget(size_t max_bytes) : max_bytes_(max_bytes) {}

  // Counts an item of `item_bytes` (its serialized size) and says whether it
  // still fits; once it returns false the response is full.
  bool Take(size_t item_bytes) {
    // Field tag and length prefix of a repeated message item.
    const size_t bytes = item_bytes + 8;
    if (items_ > 0 && used_ + bytes > max_bytes_) return false;
    used_ += bytes;
    ++items_;
    return true;
  }

 private:
  size_t max_bytes_;
  size_t used_ = 0;
  size_t items_ = 0;
};

}  // namespace zhengwen

#endif  // ZHENGWEN_COMMON_PAGINATION_RESPONSE_BUDGET_H_
