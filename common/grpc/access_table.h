// The roles a caller can hold and the one table saying which roles may call
// each RPC, keyed by full method name ("/zhengwen.query.v1.QueryService/Search").
// Adding an RPC means adding its row in access_table.cc; the adapter base
// (grpc_adapter.h) applies the table and tests/security checks that every
// method of every service has a row and that each role gets exactly it.
#ifndef ZHENGWEN_COMMON_GRPC_ACCESS_TABLE_H_
#define ZHENGWEN_COMMON_GRPC_ACCESS_TABLE_H_

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>

#include "absl/strings/string_view.h"

namespace zhengwen {

enum class Role { kReader, kWriter, kAdmin, kService };

// Parses "reader", "writer", "admin" or "service".
std::optional<Role> ParseRole(absl::string_view name);
absl::string_view RoleName(Role role);

// Full method name -> the roles that may call it. Admin may call every method
// in the table; a method missing from the table is refused to every role,
// admin included (fail closed).
using AccessTable = std::map<std::string, std::set<Role>, std::less<>>;
const AccessTable& MethodAccessTable();

// True when `role` may call `method` according to the table.
bool RoleMayCall(Role role, absl::string_view method);

}  // namespace zhengwen

#endif  // ZHENGWEN_COMMON_GRPC_ACCESS_TABLE_H_
