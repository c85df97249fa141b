// Test support: real `zhengwen serve` processes on loopback (port 0), either
// all-in-one or split into three processes, each with its own temp data dir.
#ifndef ZHENGWEN_TESTS_SUPPORT_SERVER_CLUSTER_H_
#define ZHENGWEN_TESTS_SUPPORT_SERVER_CLUSTER_H_

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "tests/support/subprocess.h"

namespace zhengwen::testing {

// Paths baked in by CMake.
std::string ServerBinary();
std::string CliBinary();
// The seed pages directory, or "" when ../shared is absent.
std::string SeedDir();
// The project's sample pages directory.
std::string SampleDir();

struct ServerProcess {
  std::string target;
  std::vector<std::string> flags;  // target-specific flags it was started with
  std::string address;
  std::string log_path;
  std::unique_ptr<Subprocess> process;
};

class ServerCluster {
 public:
  // `split`: three processes (normalization, query, ingest); otherwise one.
  ServerCluster(bool split, std::vector<std::string> extra_flags = {});
  ~ServerCluster();

  // Split mode: ingest calls the normalization service at `address` (a test's
  // stand-in) and no normalization process is started; processes()[0] then
  // holds only that address. Call before Start().
  void UseExternalNormalization(std::string address) {
    external_normalization_ = std::move(address);
  }

  absl::Status Start();
  // SIGKILLs process `index` and waits for it to die.
  void Kill(size_t index);

  // SIGKILLs process `index` (if it runs) and starts it again on the same
  // address and data directory.
  absl::Status Restart(size_t index);

  // Sends SIGTERM to every process and waits; returns the worst exit code.
  int Terminate(absl::Duration timeout);

  // Address clients use for ingest (and, all-in-one, everything).
  const std::string& ingest_address() const;
  // Address of the query service.
  const std::string& query_address() const;
  std::vector<ServerProcess>& processes() { return processes_; }
  const std::string& data_root() const { return dir_.path(); }

  // Flags and environment every `zw` run gets (TLS files, token file, ...).
  void SetClientFlags(std::vector<std::string> flags,
                      std::map<std::string, std::string> env = {}) {
    client_flags_ = std::move(flags);
    client_env_ = std::move(env);
  }

  // Runs `zw` against this cluster with `args` after the server flags.
  CommandResult Zw(const std::vector<std::string>& args,
                   absl::Duration timeout = absl::Seconds(120)) const;

  // Everything the servers logged, for failure messages.
  std::string Logs() const;

 private:
  absl::StatusOr<ServerProcess> StartOne(const std::string& target,
                                         const std::vector<std::string>& flags,
                                         const std::string& listen = "127.0.0.1:0");

  bool split_;
  std::vector<std::string> extra_flags_;
  std::string external_normalization_;
  TempDir dir_;
  int starts_ = 0;
  std::vector<std::string> client_flags_;
  std::map<std::string, std::string> client_env_;
  std::vector<ServerProcess> processes_;
};

}  // namespace zhengwen::testing

#endif  // ZHENGWEN_TESTS_SUPPORT_SERVER_CLUSTER_H_
