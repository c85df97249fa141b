// Test support: run the real `zhengwen` and `zw` binaries as child processes.
#ifndef ZHENGWEN_TESTS_SUPPORT_SUBPROCESS_H_
#define ZHENGWEN_TESTS_SUPPORT_SUBPROCESS_H_

#include <sys/types.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/time.h"

namespace zhengwen::testing {

struct CommandResult {
  int exit_code = -1;  // -1 when killed by a signal or timed out
  std::string out;
  std::string err;
};

// Runs `argv` to completion (killed after `timeout`), capturing its output.
CommandResult RunCommand(const std::vector<std::string>& argv,
                         absl::Duration timeout = absl::Seconds(120),
                         const std::map<std::string, std::string>& env = {});

// A long-running child (a server) whose stderr goes to a file.
class Subprocess {
 public:
  Subprocess(const std::vector<std::string>& argv, const std::string& stderr_path,
             const std::map<std::string, std::string>& env = {});
  ~Subprocess();  // SIGKILLs the child if it still runs

  pid_t pid() const { return pid_; }
  void Signal(int signal_number);
  // Waits for exit; returns the exit code, -signal when killed by a signal,
  // or nullopt when `timeout` passed first.
  std::optional<int> Wait(absl::Duration timeout);

 private:
  pid_t pid_ = -1;
  bool reaped_ = false;
};

// A temporary directory removed at destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// Reads a whole file ("" when missing).
std::string ReadFileOrEmpty(const std::string& path);

// Waits until `path` exists and is non-empty; returns its first line.
std::optional<std::string> WaitForFileLine(const std::string& path, absl::Duration timeout);

}  // namespace zhengwen::testing

#endif  // ZHENGWEN_TESTS_SUPPORT_SUBPROCESS_H_
