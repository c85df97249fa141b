#include "common/executor.h"

#include <algorithm>
#include <atomic>
#include <memory>

namespace zhengwen {
namespace {

// One ParallelFor: shared with its helper tasks, which may start after the
// caller has returned (and then find nothing left to claim).
struct Loop {
  Loop(size_t n, const std::function<void(size_t)>* fn) : n(n), fn(fn) {}
  const size_t n;
  const std::function<void(size_t)>* fn;  // valid while claims succeed
  std::atomic<size_t> next{0};
  std::mutex mu;
  std::condition_variable done;
  size_t running = 0;  // helpers between their first claim and their last run

  // Runs indexes until none is left.
  void Drain() {
    for (size_t i = next++; i < n; i = next++) (*fn)(i);
  }
};

std::mutex& ProcessExecutorMutex() {
  static auto* mu = new std::mutex;
  return *mu;
}
int& ProcessExecutorThreads() {
  static int threads = 0;
  return threads;
}
Executor*& ProcessExecutorInstance() {
  static Executor* executor = nullptr;
  return executor;
}

}  // namespace

Executor::Executor(int threads) {
  threads = std::clamp(threads, 1, kMaxThreads);
  for (int t = 0; t < threads; ++t) workers_.emplace_back([this] { Work(); });
}

Executor::~Executor() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  ready_.notify_all();
  for (std::thread& worker : workers_) worker.join();
}

void Executor::Work() {
  for (;;) {
    std::function<void()> task;
    {
      std::unique_lock<std::mutex> lock(mu_);
      ready_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and nothing left
      task = std::move(queue_.front());
      queue_.pop_front();
    }
    task();
  }
}

void Executor::ParallelFor(size_t n, const std::function<void(size_t)>& fn, size_t grain) {
  grain = std::max<size_t>(grain, 1);
  const size_t runs = n / grain + (n % grain != 0 ? 1 : 0);
  const size_t helpers = std::min<size_t>(workers_.size(), runs > 0 ? runs - 1 : 0);
  if (helpers == 0) {
    for (size_t i = 0; i < n; ++i) fn(i);
    return;
  }
  auto loop = std::make_shared<Loop>(n, &fn);
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (size_t h = 0; h < helpers; ++h) {
      queue_.emplace_back([loop] {
        {
          std::lock_guard<std::mutex> loop_lock(loop->mu);
          // The caller has seen every index claimed and finished: nothing to do,
          // and fn may be gone.
          if (loop->next.load() >= loop->n) return;
          ++loop->running;
        }
        loop->Drain();
        std::lock_guard<std::mutex> loop_lock(loop->mu);
        if (--loop->running == 0) loop->done.notify_all();
      });
    }
  }
  ready_.notify_all();
  loop->Drain();
  // Every index is claimed; wait for the helpers still running theirs.
  std::unique_lock<std::mutex> lock(loop->mu);
  loop->done.wait(lock, [&] { return loop->running == 0; });
}

bool SetProcessExecutorThreads(int threads) {
  std::lock_guard<std::mutex> lock(ProcessExecutorMutex());
  if (ProcessExecutorInstance() != nullptr) return false;
  ProcessExecutorThreads() = threads;
  return true;
}

Executor& ProcessExecutor() {
  std::lock_guard<std::mutex> lock(ProcessExecutorMutex());
  Executor*& executor = ProcessExecutorInstance();
  if (executor == nullptr) {
    int threads = ProcessExecutorThreads();
    if (threads <= 0) threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    executor = new Executor(threads);  // lives as long as the process
  }
  return *executor;
}

}  // namespace zhengwen
