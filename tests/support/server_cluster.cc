#include "tests/support/server_cluster.h"

#include <signal.h>

#include <cstdlib>
#include <filesystem>

#include "absl/strings/str_cat.h"

namespace zhengwen::testing {

std::string ServerBinary() { return ZW_SERVER_BIN; }
std::string CliBinary() { return ZW_CLI_BIN; }
std::string SeedDir() {
  const std::string dir = ZW_SHARED_DIR "/corpus/seeds";
  return std::filesystem::is_directory(dir) ? dir : "";
}
std::string SampleDir() { return ZW_SOURCE_DIR "/deploy/samples/pages"; }

ServerCluster::ServerCluster(bool split, std::vector<std::string> extra_flags)
    : split_(split), extra_flags_(std::move(extra_flags)) {}

ServerCluster::~ServerCluster() = default;

absl::StatusOr<ServerProcess> ServerCluster::StartOne(const std::string& target,
                                                      const std::vector<std::string>& flags,
                                                      const std::string& listen) {
  ServerProcess server;
  server.target = target;
  server.flags = flags;
  // A restarted server gets a fresh log file; the old one stays for debugging.
  server.log_path = absl::StrCat(dir_.path(), "/", target, ".", ++starts_, ".log");
  const std::string port_file = absl::StrCat(dir_.path(), "/", target, ".port");
  std::filesystem::remove(port_file);
  std::vector<std::string> argv = {ServerBinary(),
                                   "serve",
                                   "--target=" + target,
                                   "--listen=" + listen,
                                   "--data_dir=" + dir_.path() + "/data-" + target,
                                   "--port_file=" + port_file,
                                   "--drain_timeout=5s"};
  argv.insert(argv.end(), flags.begin(), flags.end());
  argv.insert(argv.end(), extra_flags_.begin(), extra_flags_.end());
  server.process = std::make_unique<Subprocess>(argv, server.log_path);
  auto address = WaitForFileLine(port_file, absl::Seconds(30));
  if (!address.has_value()) {
    return absl::UnavailableError(
        absl::StrCat(target, " did not start: ", ReadFileOrEmpty(server.log_path)));
  }
  server.address = *address;
  return server;
}

absl::Status ServerCluster::Start() {
  processes_.clear();
  if (!split_) {
    auto all = StartOne("all", {});
    if (!all.ok()) return all.status();
    processes_.push_back(*std::move(all));
    return absl::OkStatus();
  }
  if (external_normalization_.empty()) {
    auto normalization = StartOne("normalization", {});
    if (!normalization.ok()) return normalization.status();
    processes_.push_back(*std::move(normalization));
  } else {
    ServerProcess external;
    external.target = "normalization";
    external.address = external_normalization_;
    processes_.push_back(std::move(external));
  }
  auto query = StartOne("query", {});
  if (!query.ok()) return query.status();
  processes_.push_back(*std::move(query));
  auto ingest = StartOne("ingest", {"--normalization_addr=" + processes_[0].address,
                                    "--query_addr=" + processes_[1].address});
  if (!ingest.ok()) return ingest.status();
  processes_.push_back(*std::move(ingest));
  return absl::OkStatus();
}

void ServerCluster::Kill(size_t index) {
  if (processes_.at(index).process == nullptr) return;  // not ours to kill
  processes_.at(index).process->Signal(SIGKILL);
  processes_.at(index).process->Wait(absl::Seconds(10));
}

absl::Status ServerCluster::Restart(size_t index) {
  if (processes_.at(index).process == nullptr) {
    return absl::FailedPreconditionError("an external process cannot be restarted");
  }
  Kill(index);
  ServerProcess& old = processes_.at(index);
  auto fresh = StartOne(old.target, old.flags, old.address);
  if (!fresh.ok()) return fresh.status();
  old = *std::move(fresh);
  return absl::OkStatus();
}

int ServerCluster::Terminate(absl::Duration timeout) {
  int worst = 0;
  // Ingest first, so it stops calling the others while they drain.
  for (auto it = processes_.rbegin(); it != processes_.rend(); ++it) {
    if (it->process == nullptr) continue;
    it->process->Signal(SIGTERM);
    auto code = it->process->Wait(timeout);
    const int c = code.has_value() ? *code : 999;
    if (c != 0) worst = c;
  }
  return worst;
}

const std::string& ServerCluster::ingest_address() const { return processes_.back().address; }

const std::string& ServerCluster::query_address() const {
  return split_ ? processes_[1].address : processes_[0].address;
}

CommandResult ServerCluster::Zw(const std::vector<std::string>& args,
                                absl::Duration timeout) const {
  std::vector<std::string> argv = {CliBinary(), "--server=" + ingest_address(),
                                   "--query_server=" + query_address()};
  argv.insert(argv.end(), client_flags_.begin(), client_flags_.end());
  argv.insert(argv.end(), args.begin(), args.end());
  return RunCommand(argv, timeout, client_env_);
}

std::string ServerCluster::Logs() const {
  std::string out;
  for (const auto& p : processes_) {
    if (p.process == nullptr) continue;
    absl::StrAppend(&out, "--- ", p.target, " (", p.log_path, ")\n", ReadFileOrEmpty(p.log_path));
  }
  return out;
}

}  // namespace zhengwen::testing
