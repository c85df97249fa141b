// Adversarial: the metrics port (issue 13, cases 1 and 8). No connection of
// any kind to it may crash the server, and callers inventing method names
// cannot add metric series.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fstream>
#include <random>
#include <set>

#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gtest/gtest.h"
#include "re2/re2.h"
#include "tests/support/server_cluster.h"

namespace zhengwen::testing {
namespace {

// One TCP connection to 127.0.0.1:port, closed at destruction.
class Connection {
 public:
  explicit Connection(int port) {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
    connected_ = connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0;
    timeval timeout{10, 0};  // a read never hangs the test
    setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
  }
  ~Connection() { close(fd_); }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  bool connected() const { return connected_; }
  void Send(const std::string& bytes) { (void)!write(fd_, bytes.data(), bytes.size()); }
  // Everything the peer sends until it closes (or 10 s of silence).
  std::string ReadToEnd() {
    std::string received;
    char buffer[4096];
    ssize_t n;
    while ((n = read(fd_, buffer, sizeof(buffer))) > 0) received.append(buffer, static_cast<size_t>(n));
    return received;
  }

 private:
  int fd_ = -1;
  bool connected_ = false;
};

std::string Scrape(int port) {
  Connection connection(port);
  if (!connection.connected()) return "";
  connection.Send("GET /metrics HTTP/1.0\r\nHost: localhost\r\n\r\n");
  return connection.ReadToEnd();
}

int MetricsPort(const ServerCluster& cluster) {
  static const RE2 kPort("\"event\":\"metrics_listening\",\"port\":\"(\\d+)\"");
  int port = 0;
  RE2::PartialMatch(cluster.Logs(), kPort, &port);
  return port;
}

// The start of a TLS 1.2 ClientHello record, as any HTTPS scraper sends first.
std::string TlsClientHello() {
  std::string hello = {0x16, 0x03, 0x01, 0x00, 0x2f, 0x01, 0x00, 0x00, 0x2b, 0x03, 0x03};
  hello.append(32, '\x5a');                              // client random
  hello += std::string{0x00, 0x00, 0x02, 0x00, 0x2f};    // no session, one suite
  hello += std::string{0x01, 0x00, 0x00, 0x00};          // null compression, no extensions
  return hello;
}

class MetricsPortTest : public ::testing::Test {
 protected:
  void SetUp() override {
    CommandResult made = RunCommand({"/bin/bash", ZW_SOURCE_DIR "/tests/security/make_certs.sh",
                                     certs_.path()});
    ASSERT_EQ(made.exit_code, 0) << made.err;
    std::ofstream(certs_.path() + "/tokens") << "reader reader-token-0123456789abcdef\n";
  }
  std::string Cert(const std::string& name) const { return certs_.path() + "/" + name; }

  TempDir certs_;
};

// Case 1: a TLS handshake (hand-made and from openssl), random bytes and
// half-open connections to the metrics port of a TLS server: it stays up and
// /metrics still answers, in plaintext.
TEST_F(MetricsPortTest, HostileConnectionsDoNotCrashTheServer) {
  ServerCluster cluster(false, {"--tls_cert_file=" + Cert("service.pem"),
                                "--tls_key_file=" + Cert("service.key"),
                                "--metrics_listen=127.0.0.1:0"});
  ASSERT_TRUE(cluster.Start().ok()) << cluster.Logs();
  const int port = MetricsPort(cluster);
  ASSERT_GT(port, 0) << cluster.Logs();
  auto alive = [&] { return !cluster.processes()[0].process->Wait(absl::ZeroDuration()).has_value(); };

  {
    Connection hello(port);
    ASSERT_TRUE(hello.connected());
    hello.Send(TlsClientHello());
    hello.ReadToEnd();
  }
  CommandResult openssl = RunCommand(
      {"/bin/sh", "-c",
       absl::StrCat("openssl s_client -connect 127.0.0.1:", port, " </dev/null")},
      absl::Seconds(20));
  EXPECT_NE(openssl.exit_code, 0) << "the metrics port must not speak TLS: " << openssl.out
                                  << openssl.err;
  {
    std::mt19937 random(1);
    std::string noise(64 * 1024, '\0');
    for (char& c : noise) c = static_cast<char>(random());
    Connection garbage(port);
    ASSERT_TRUE(garbage.connected());
    garbage.Send(noise);
    garbage.ReadToEnd();
  }
  // Half-open: one connection that never sends, one stopped mid-request,
  // both held open while the scraper asks.
  Connection silent(port);
  Connection partial(port);
  ASSERT_TRUE(silent.connected());
  ASSERT_TRUE(partial.connected());
  partial.Send("GET /metr");
  std::string body = Scrape(port);
  EXPECT_TRUE(absl::StrContains(body, "200 OK")) << body;
  // The server's own gauges are in the first scrape: they are computed when scraped.
  EXPECT_TRUE(absl::StrContains(body, "zhengwen_outbox_depth")) << body;
  ASSERT_TRUE(alive()) << cluster.Logs();
  cluster.SetClientFlags({"--tls_ca_file=" + Cert("ca.pem")});
  CommandResult health = cluster.Zw({"health"});
  EXPECT_EQ(health.exit_code, 0) << health.out << health.err;
  EXPECT_EQ(cluster.Terminate(absl::Seconds(10)), 0) << cluster.Logs();
}

// The distinct values of the `method` label in a /metrics body.
std::set<std::string> MethodLabels(const std::string& body) {
  static const RE2 kMethod("method=\"([^\"]*)\"");
  std::set<std::string> methods;
  re2::StringPiece input(body);
  std::string method;
  while (RE2::FindAndConsume(&input, kMethod, &method)) methods.insert(method);
  return methods;
}

size_t LineCount(const std::string& body) {
  return static_cast<size_t>(std::count(body.begin(), body.end(), '\n'));
}

// Calls `method` with an empty message; returns the status code.
grpc::StatusCode CallMadeUpMethod(grpc::GenericStub* stub, const std::string& method) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  grpc::CompletionQueue queue;
  grpc::ByteBuffer request, response;
  grpc::Status status;
  auto call = stub->PrepareUnaryCall(&context, method, request, &queue);
  call->StartCall();
  call->Finish(&response, &status, reinterpret_cast<void*>(1));
  void* tag = nullptr;
  bool ok = false;
  queue.Next(&tag, &ok);
  queue.Shutdown();
  while (queue.Next(&tag, &ok)) {
  }
  return status.error_code();
}

// Case 8: 200 unauthenticated calls to invented methods (new services and
// new methods of a real one) add one `unknown` method label, nothing else.
TEST_F(MetricsPortTest, MadeUpMethodsShareOneUnknownLabel) {
  ServerCluster cluster(false, {"--token_file=" + Cert("tokens"), "--metrics_listen=127.0.0.1:0"});
  ASSERT_TRUE(cluster.Start().ok()) << cluster.Logs();
  const int port = MetricsPort(cluster);
  ASSERT_GT(port, 0) << cluster.Logs();
  auto channel = grpc::CreateChannel(cluster.ingest_address(), grpc::InsecureChannelCredentials());
  grpc::GenericStub stub(channel);
  // One known method first, so its series exist before the baseline.
  EXPECT_NE(CallMadeUpMethod(&stub, "/zhengwen.ingest.v1.IngestService/GetIngestStats"),
            grpc::StatusCode::UNIMPLEMENTED);
  const std::string before = Scrape(port);
  ASSERT_TRUE(absl::StrContains(before, "GetIngestStats")) << before;
  for (int i = 0; i < 200; ++i) {
    const std::string method = i % 2 == 0
                                   ? absl::StrCat("/attacker.v", i, ".Service", i, "/Method", i)
                                   : absl::StrCat("/zhengwen.ingest.v1.IngestService/Bogus", i);
    EXPECT_EQ(CallMadeUpMethod(&stub, method), grpc::StatusCode::UNIMPLEMENTED) << method;
  }
  const std::string after = Scrape(port);
  std::set<std::string> added;
  for (const std::string& method : MethodLabels(after)) {
    if (MethodLabels(before).count(method) == 0) added.insert(method);
  }
  EXPECT_EQ(added, std::set<std::string>{"unknown"}) << after;
  // One method's series: a counter per status code and one histogram.
  EXPECT_LE(LineCount(after), LineCount(before) + 40) << after;
  EXPECT_TRUE(absl::StrContains(
      after, "zhengwen_rpc_requests_total{code=\"UNIMPLEMENTED\",method=\"unknown\"} 200"))
      << after;
  EXPECT_EQ(cluster.Terminate(absl::Seconds(10)), 0) << cluster.Logs();
}

}  // namespace
}  // namespace zhengwen::testing
