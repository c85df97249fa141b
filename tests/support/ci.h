// Test support: under CI (CI=true) a test that cannot run is a failure, not a
// skip, so a missing tool or data set cannot turn a red suite green.
#ifndef ZHENGWEN_TESTS_SUPPORT_CI_H_
#define ZHENGWEN_TESTS_SUPPORT_CI_H_

#include <cstdlib>
#include <string>

#include "gtest/gtest.h"

namespace zhengwen::testing {

inline bool UnderCi() {
  const char* ci = std::getenv("CI");
  return ci != nullptr && std::string(ci) == "true";
}

}  // namespace zhengwen::testing

// Skips the current test saying why; under CI=true fails it instead. A macro
// because GTEST_SKIP and FAIL return from the test body.
#define ZW_SKIP_OR_FAIL_UNDER_CI(why)                     \
  do {                                                    \
    if (::zhengwen::testing::UnderCi()) {                 \
      FAIL() << why << " (CI=true: a skip is a failure)"; \
    }                                                     \
    GTEST_SKIP() << why;                                  \
  } while (0)

#endif  // ZHENGWEN_TESTS_SUPPORT_CI_H_
