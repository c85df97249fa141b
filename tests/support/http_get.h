// Test support: plain HTTP/1.0 GET against a local port (the Prometheus exposer).
#ifndef ZHENGWEN_TESTS_SUPPORT_HTTP_GET_H_
#define ZHENGWEN_TESTS_SUPPORT_HTTP_GET_H_

#include <string>

namespace zhengwen::testing {

// The whole response (headers and body) of GET `path` on 127.0.0.1:`port`, or "".
std::string HttpGet(int port, const std::string& path);

// The metrics port a server logged at start ("metrics_listening"), or 0.
int MetricsPort(const std::string& server_logs);

}  // namespace zhengwen::testing

#endif  // ZHENGWEN_TESTS_SUPPORT_HTTP_GET_H_
