// The process's one thread pool. Every parallel step (bulk indexing, bulk
// table-file writes, ...) runs on it instead of starting threads per call, so
// `--threads` bounds the process's parallel work.
#ifndef ZHENGWEN_COMMON_EXECUTOR_H_
#define ZHENGWEN_COMMON_EXECUTOR_H_

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace zhengwen {

class Executor {
 public:
  // Starts `threads` workers (at least 1, at most kMaxThreads).
  explicit Executor(int threads);
  ~Executor();  // finishes queued work, then joins the workers
  Executor(const Executor&) = delete;
  Executor& operator=(const Executor&) = delete;

  static constexpr int kMaxThreads = 256;

  int threads() const { return static_cast<int>(workers_.size()); }

  // Runs fn(0) .. fn(n - 1) and returns when all have run. The caller works
  // too (it would otherwise sit idle), so up to threads() + 1 run at once, and
  // only as many as there are runs of `grain` indexes: small loops stay on the
  // caller. fn must be safe to run concurrently for different indexes. Safe
  // to nest: a caller never waits for work no thread has started.
  void ParallelFor(size_t n, const std::function<void(size_t)>& fn, size_t grain = 1);

 private:
  void Work();

  std::mutex mu_;
  std::condition_variable ready_;
  std::deque<std::function<void()>> queue_;
  bool stopping_ = false;
  std::vector<std::thread> workers_;
};

// Sets the size of ProcessExecutor() (0: the hardware's thread count). Takes
// effect only before the first ProcessExecutor() call; returns false after.
bool SetProcessExecutorThreads(int threads);
// The process's executor, created at the first call.
Executor& ProcessExecutor();

}  // namespace zhengwen

#endif  // ZHENGWEN_COMMON_EXECUTOR_H_
