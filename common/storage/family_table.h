// A database's column families, declared once by the service that owns it:
// one row {id, name, options} per family, the ids an enum class numbered
// 0, 1, ... in the order of the rows. Storage::Open checks the order, and every
// call addresses a family by its enum value, never by a bare int.
#ifndef ZHENGWEN_COMMON_STORAGE_FAMILY_TABLE_H_
#define ZHENGWEN_COMMON_STORAGE_FAMILY_TABLE_H_

#include <memory>
#include <string>
#include <type_traits>
#include <vector>

#include "absl/strings/string_view.h"

namespace zhengwen {

class MergeFunction;

// What a family needs beyond the database-wide tuning (StorageTuning).
struct FamilyOptions {
  // Combines Merge operands (posting lists); a family without one refuses Merge.
  std::shared_ptr<const MergeFunction> merge;
  // Point lookups mostly miss (hash lookups, unknown terms): a Bloom filter
  // lets a miss skip reading a block.
  bool bloom_filter = false;
  // Every write touches keys all over the key range (hashed keys): size-tiered
  // ("universal") compaction rewrites a growing family O(log n) times instead
  // of once per flush, as leveled compaction does when every flush overlaps
  // all of level 1.
  bool universal_compaction = false;
};

// One row of a family table.
template <typename Id>
struct Family {
  static_assert(std::is_enum_v<Id>, "a family id is an enum value");
  Id id;
  const char* name;
  FamilyOptions options;
};

template <typename Id>
using FamilyTable = std::vector<Family<Id>>;

// A family's address in Storage calls: built from the owning service's enum
// (implicitly, so call sites read `Get(QueryFamily::kDocuments, key)`), never
// from an int. Storage refuses an id outside its table with a Status.
class FamilyId {
 public:
  template <typename E, typename = std::enable_if_t<std::is_enum_v<E>>>
  constexpr FamilyId(E id) : index_(static_cast<int>(id)) {}  // NOLINT: implicit on purpose
  constexpr int index() const { return index_; }
  constexpr bool operator==(FamilyId other) const { return index_ == other.index_; }
  constexpr bool operator!=(FamilyId other) const { return index_ != other.index_; }
  constexpr bool operator<(FamilyId other) const { return index_ < other.index_; }

 private:
  int index_;
};

// A family as Storage keeps it: its table row without the service's enum.
struct FamilySpec {
  std::string name;
  FamilyOptions options;
};

}  // namespace zhengwen

#endif  // ZHENGWEN_COMMON_STORAGE_FAMILY_TABLE_H_
