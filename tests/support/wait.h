// Test support: waiting on a condition instead of sleeping a fixed time.
#ifndef ZHENGWEN_TESTS_SUPPORT_WAIT_H_
#define ZHENGWEN_TESTS_SUPPORT_WAIT_H_

#include <functional>

#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace zhengwen::testing {

// Checks `condition` every `poll` until it holds (true) or `timeout` has
// passed (false, after one last check). The wait ends as soon as the state
// the test needs is there, and a slow machine only makes it longer.
inline bool WaitUntil(const std::function<bool()>& condition, absl::Duration timeout,
                      absl::Duration poll = absl::Milliseconds(10)) {
  const absl::Time deadline = absl::Now() + timeout;
  while (absl::Now() < deadline) {
    if (condition()) return true;
    absl::SleepFor(poll);
  }
  return condition();
}

}  // namespace zhengwen::testing

#endif  // ZHENGWEN_TESTS_SUPPORT_WAIT_H_
