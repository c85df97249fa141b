// Status propagation macros. Abseil 20220623 ships none, so these are ours.
#ifndef ZHENGWEN_COMMON_STATUS_MACROS_H_
#define ZHENGWEN_COMMON_STATUS_MACROS_H_

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#define ZW_CONCAT_INNER(a, b) a##b
#define ZW_CONCAT(a, b) ZW_CONCAT_INNER(a, b)

// Returns the status from the enclosing function when it is not OK.
#define ZW_RETURN_IF_ERROR(expr)                  \
  do {                                            \
    ::absl::Status zw_status_ = (expr);           \
    if (!zw_status_.ok()) return zw_status_;      \
  } while (0)

// Assigns the value of a StatusOr to `lhs`, or returns its error.
#define ZW_ASSIGN_OR_RETURN(lhs, expr) \
  ZW_ASSIGN_OR_RETURN_IMPL(ZW_CONCAT(zw_statusor_, __LINE__), lhs, expr)
#define ZW_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                             \
  if (!tmp.ok()) return std::move(tmp).status(); \
  lhs = std::move(tmp).value()

#endif  // ZHENGWEN_COMMON_STATUS_MACROS_H_
