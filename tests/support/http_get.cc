#include "tests/support/http_get.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "absl/strings/numbers.h"
#include "absl/strings/string_view.h"

namespace zhengwen::testing {

std::string HttpGet(int port, const std::string& path) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    close(fd);
    return "";
  }
  const std::string request = "GET " + path + " HTTP/1.0\r\nHost: localhost\r\n\r\n";
  (void)!write(fd, request.data(), request.size());
  std::string response;
  char buf[4096];
  ssize_t n;
  while ((n = read(fd, buf, sizeof(buf))) > 0) response.append(buf, static_cast<size_t>(n));
  close(fd);
  return response;
}

int MetricsPort(const std::string& server_logs) {
  const std::string kPrefix = "\"event\":\"metrics_listening\",\"port\":\"";
  const size_t at = server_logs.find(kPrefix);
  if (at == std::string::npos) return 0;
  const size_t begin = at + kPrefix.size();
  const size_t end = server_logs.find('"', begin);
  int port = 0;
  if (end == std::string::npos ||
      !absl::SimpleAtoi(absl::string_view(server_logs).substr(begin, end - begin), &port)) {
    return 0;
  }
  return port;
}

}  // namespace zhengwen::testing
