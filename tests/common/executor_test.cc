#include "common/executor.h"

#include <atomic>
#include <thread>
#include <vector>

#include "gtest/gtest.h"

namespace zhengwen {
namespace {

TEST(ExecutorTest, RunsEveryIndexOnceWithBoundedConcurrency) {
  Executor executor(3);
  EXPECT_EQ(executor.threads(), 3);
  std::vector<std::atomic<int>> runs(5000);
  std::atomic<int> active{0}, most{0};
  executor.ParallelFor(runs.size(), [&](size_t i) {
    const int now = ++active;
    int seen = most.load();
    while (now > seen && !most.compare_exchange_weak(seen, now)) {
    }
    runs[i]++;
    --active;
  });
  for (size_t i = 0; i < runs.size(); ++i) ASSERT_EQ(runs[i].load(), 1) << i;
  EXPECT_LE(most.load(), 4);  // three workers and the caller
}

TEST(ExecutorTest, SmallLoopsStayOnTheCaller) {
  Executor executor(2);
  const std::thread::id caller = std::this_thread::get_id();
  std::atomic<int> elsewhere{0};
  executor.ParallelFor(100, [&](size_t) {
    if (std::this_thread::get_id() != caller) ++elsewhere;
  }, /*grain=*/256);
  EXPECT_EQ(elsewhere.load(), 0);
  int count = 0;
  executor.ParallelFor(0, [&](size_t) { ++count; });
  EXPECT_EQ(count, 0);
}

// A loop inside a loop finishes even when every worker is inside the outer
// loop: no caller waits for work nobody has started.
TEST(ExecutorTest, NestedLoopsFinish) {
  Executor executor(1);
  std::atomic<int> inner{0};
  executor.ParallelFor(8, [&](size_t) {
    executor.ParallelFor(100, [&](size_t) { ++inner; });
  });
  EXPECT_EQ(inner.load(), 800);
}

TEST(ExecutorTest, ProcessExecutorIsSizedOnceBeforeFirstUse) {
  Executor& process = ProcessExecutor();
  EXPECT_GE(process.threads(), 1);
  EXPECT_FALSE(SetProcessExecutorThreads(7));  // too late: it exists
  EXPECT_EQ(&ProcessExecutor(), &process);
}

}  // namespace
}  // namespace zhengwen
