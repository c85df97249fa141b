// Security: TLS, mTLS between services, role-checked bearer tokens and safe
// defaults, against real servers with certificates made at test time.
#include <fstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/error_reason.h"
#include "common/grpc_options.h"
#include "common/grpc_status.h"
#include "common/tls_credentials.h"
#include "gtest/gtest.h"
#include "re2/re2.h"
#include "tests/support/server_cluster.h"
#include "zhengwen/normalization/v1/normalization_service.grpc.pb.h"

namespace zhengwen::testing {
namespace {

constexpr absl::Duration kDrainDeadline = absl::Seconds(7);
constexpr char kReaderToken[] = "reader-token-0123456789abcdef";
constexpr char kWriterToken[] = "writer-token-0123456789abcdef";
constexpr char kAdminToken[] = "admin-token-0123456789abcdefg";

class SecurityTest : public ::testing::Test {
 protected:
  void SetUp() override {
    CommandResult made = RunCommand({"/bin/bash", ZW_SOURCE_DIR "/tests/security/make_certs.sh",
                                     certs_.path()});
    ASSERT_EQ(made.exit_code, 0) << made.err;
    std::ofstream(Path("tokens")) << "# role token\n"
                                  << "reader " << kReaderToken << "\n"
                                  << "writer " << kWriterToken << "\n"
                                  << "admin " << kAdminToken << "\n";
    for (const auto& [name, token] : {std::pair<std::string, std::string>{"reader", kReaderToken},
                                      {"writer", kWriterToken},
                                      {"admin", kAdminToken}}) {
      std::ofstream(Path(name + ".token")) << token << "\n";
    }
  }

  std::string Path(const std::string& name) const { return certs_.path() + "/" + name; }

  // A page of the project's samples.
  static std::string Sample() { return SampleDir() + "/02_xiangcun_zhenxing_doc_site.txt"; }

  TempDir certs_;
};

TEST_F(SecurityTest, PlaintextClientCannotTalkToTlsPort) {
  ServerCluster cluster(false, {"--tls_cert_file=" + Path("service.pem"),
                                "--tls_key_file=" + Path("service.key")});
  ASSERT_TRUE(cluster.Start().ok()) << cluster.Logs();
  CommandResult plain = cluster.Zw({"--timeout=3s", "health"});
  EXPECT_NE(plain.exit_code, 0) << plain.out;
  cluster.SetClientFlags({"--tls_ca_file=" + Path("ca.pem")});
  CommandResult tls = cluster.Zw({"health"});
  EXPECT_EQ(tls.exit_code, 0) << tls.out << tls.err;
  // A client trusting another CA refuses the server.
  cluster.SetClientFlags({"--tls_ca_file=" + Path("ca2.pem"), "--timeout=3s"});
  EXPECT_NE(cluster.Zw({"health"}).exit_code, 0);
  EXPECT_EQ(cluster.Terminate(kDrainDeadline), 0) << cluster.Logs();
}

TEST_F(SecurityTest, PlaintextHealthPortServesProbesOfATlsServer) {
  ServerCluster cluster(false, {"--tls_cert_file=" + Path("service.pem"),
                                "--tls_key_file=" + Path("service.key"),
                                "--health_listen=127.0.0.1:0", "--token_file=" + Path("tokens")});
  ASSERT_TRUE(cluster.Start().ok()) << cluster.Logs();
  static const RE2 kPort("\"event\":\"health_listening\",\"port\":\"(\\d+)\"");
  int port = 0;
  ASSERT_TRUE(RE2::PartialMatch(cluster.Logs(), kPort, &port)) << cluster.Logs();
  const std::string health = "127.0.0.1:" + std::to_string(port);
  // No TLS, no token: the probe port answers health and nothing else.
  CommandResult probe = RunCommand({CliBinary(), "--server=" + health, "health"});
  EXPECT_EQ(probe.exit_code, 0) << probe.out << probe.err;
  EXPECT_TRUE(absl::StrContains(probe.out, "readiness: SERVING")) << probe.out;
  CommandResult data = RunCommand({CliBinary(), "--server=" + health, "list"});
  EXPECT_NE(data.exit_code, 0);
  EXPECT_TRUE(absl::StrContains(data.err, "UNIMPLEMENTED")) << data.err;
  EXPECT_EQ(cluster.Terminate(kDrainDeadline), 0) << cluster.Logs();
}

TEST_F(SecurityTest, TokensAreCheckedPerMethodAndNeverLogged) {
  ServerCluster cluster(false, {"--token_file=" + Path("tokens")});
  ASSERT_TRUE(cluster.Start().ok()) << cluster.Logs();

  CommandResult anonymous = cluster.Zw({"ingest", Sample()});
  EXPECT_NE(anonymous.exit_code, 0);
  EXPECT_TRUE(absl::StrContains(anonymous.err, "UNAUTHENTICATED")) << anonymous.err;
  EXPECT_TRUE(absl::StrContains(anonymous.err, "MISSING_TOKEN")) << anonymous.err;

  cluster.SetClientFlags({"--token_file=" + Path("reader.token")});
  CommandResult reader_ingest = cluster.Zw({"ingest", Sample()});
  EXPECT_NE(reader_ingest.exit_code, 0);
  EXPECT_TRUE(absl::StrContains(reader_ingest.err, "PERMISSION_DENIED")) << reader_ingest.err;
  EXPECT_TRUE(absl::StrContains(reader_ingest.err, "ROLE_NOT_ALLOWED")) << reader_ingest.err;

  cluster.SetClientFlags({}, {{"ZW_TOKEN", kWriterToken}});  // from the environment
  CommandResult writer_ingest = cluster.Zw({"ingest", "--wait", Sample()});
  EXPECT_EQ(writer_ingest.exit_code, 0) << writer_ingest.err << cluster.Logs();
  // Taking pages down and re-normalizing are for admins only.
  for (const std::vector<std::string>& admin_only :
       std::vector<std::vector<std::string>>{{"delete", "--source_uri=" + Sample()},
                                             {"renormalize"}}) {
    CommandResult refused = cluster.Zw(admin_only);
    EXPECT_NE(refused.exit_code, 0) << admin_only[0];
    EXPECT_TRUE(absl::StrContains(refused.err, "ROLE_NOT_ALLOWED")) << refused.err;
  }
  CommandResult writer_export = cluster.Zw({"export"});
  EXPECT_NE(writer_export.exit_code, 0);
  EXPECT_TRUE(absl::StrContains(writer_export.err, "PERMISSION_DENIED")) << writer_export.err;

  cluster.SetClientFlags({"--token_file=" + Path("reader.token")});
  CommandResult reader_export = cluster.Zw({"export"});
  EXPECT_EQ(reader_export.exit_code, 0) << reader_export.err;
  EXPECT_FALSE(reader_export.out.empty());
  EXPECT_NE(cluster.Zw({"status"}).exit_code, 0);  // status is admin-only

  cluster.SetClientFlags({"--token_file=" + Path("admin.token")});
  EXPECT_EQ(cluster.Zw({"status"}).exit_code, 0);
  CommandResult renormalize = cluster.Zw({"renormalize", "--wait"});
  EXPECT_EQ(renormalize.exit_code, 0) << renormalize.out << renormalize.err;
  CommandResult taken_down = cluster.Zw({"delete", "--source_uri=" + Sample()});
  EXPECT_EQ(taken_down.exit_code, 0) << taken_down.err;
  cluster.SetClientFlags({}, {{"ZW_TOKEN", "not-a-real-token-at-all"}});
  CommandResult forged = cluster.Zw({"export"});
  EXPECT_TRUE(absl::StrContains(forged.err, "INVALID_TOKEN")) << forged.err;

  // Probes need no token.
  cluster.SetClientFlags({});
  EXPECT_EQ(cluster.Zw({"health"}).exit_code, 0);

  EXPECT_EQ(cluster.Terminate(kDrainDeadline), 0) << cluster.Logs();
  const std::string logs = cluster.Logs();
  for (const char* token : {kReaderToken, kWriterToken, kAdminToken, "not-a-real-token-at-all"}) {
    EXPECT_FALSE(absl::StrContains(logs, token)) << "token in logs";
  }
}

TEST_F(SecurityTest, ServiceWithCertificateFromAnotherCaIsRefused) {
  ServerCluster cluster(true, {"--tls_cert_file=" + Path("service.pem"),
                               "--tls_key_file=" + Path("service.key"),
                               "--tls_ca_file=" + Path("ca.pem")});
  ASSERT_TRUE(cluster.Start().ok()) << cluster.Logs();
  const std::string normalization = cluster.processes()[0].address;
  auto call = [&](const std::string& cert) {
    TlsFiles tls{Path(cert + ".pem"), Path(cert + ".key"), Path("ca.pem")};
    auto credentials = MakeChannelCredentials(tls);
    EXPECT_TRUE(credentials.ok());
    auto stub = zhengwen::normalization::v1::NormalizationService::NewStub(
        NewClientChannel(normalization, *credentials));
    zhengwen::normalization::v1::NormalizeRequest request;
    request.mutable_page()->set_source_uri("t.txt");
    request.mutable_page()->set_content("标题\n正文");
    zhengwen::normalization::v1::NormalizeResponse response;
    auto context = ContextWithTimeout(absl::Seconds(3));
    return stub->Normalize(context.get(), request, &response);
  };
  // A peer whose certificate our CA signed is a service and may normalize.
  EXPECT_TRUE(call("service").ok()) << call("service").error_message();
  // The same name, but signed by another CA: the handshake fails.
  grpc::Status rogue = call("rogue");
  EXPECT_EQ(rogue.error_code(), grpc::StatusCode::UNAVAILABLE) << rogue.error_message();
  EXPECT_EQ(cluster.Terminate(kDrainDeadline), 0) << cluster.Logs();
}

TEST_F(SecurityTest, RefusesPlaintextOnNetworkAddresses) {
  TempDir dir;
  CommandResult refused = RunCommand(
      {ServerBinary(), "serve", "--listen=0.0.0.0:0", "--data_dir=" + dir.path()});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_TRUE(absl::StrContains(refused.err, "refusing to serve plaintext")) << refused.err;
  EXPECT_TRUE(absl::StrContains(refused.err, "--insecure")) << refused.err;

  // On loopback the server starts and says why it is plaintext.
  ServerCluster cluster(false);
  ASSERT_TRUE(cluster.Start().ok());
  EXPECT_TRUE(absl::StrContains(cluster.Logs(), "no TLS configured: listening on loopback only"))
      << cluster.Logs();
  EXPECT_EQ(cluster.Terminate(kDrainDeadline), 0);
}

// The end-to-end path once more with everything on: TLS, mTLS between the
// three services, and tokens.
TEST_F(SecurityTest, SplitModeEndToEndWithTlsMtlsAndTokens) {
  ServerCluster cluster(true, {"--tls_cert_file=" + Path("service.pem"),
                               "--tls_key_file=" + Path("service.key"),
                               "--tls_ca_file=" + Path("ca.pem"),
                               "--token_file=" + Path("tokens")});
  ASSERT_TRUE(cluster.Start().ok()) << cluster.Logs();
  // zw needs TLS, a client certificate (mTLS everywhere) and a token.
  cluster.SetClientFlags({"--tls_ca_file=" + Path("ca.pem"), "--tls_cert_file=" + Path("client.pem"),
                          "--tls_key_file=" + Path("client.key"),
                          "--token_file=" + Path("admin.token")});
  std::vector<std::string> args = {"ingest", "--wait", SampleDir()};
  const std::string seeds = SeedDir();
  if (!seeds.empty()) args.push_back(seeds);
  CommandResult ingest = cluster.Zw(args);
  ASSERT_EQ(ingest.exit_code, 0) << ingest.err << cluster.Logs();
  EXPECT_TRUE(absl::StrContains(ingest.err, "indexed")) << ingest.err;
  CommandResult exported = cluster.Zw({"export"});
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  EXPECT_GE(std::count(exported.out.begin(), exported.out.end(), '\n'), 4);
  EXPECT_EQ(cluster.Terminate(kDrainDeadline), 0) << cluster.Logs();
}

}  // namespace
}  // namespace zhengwen::testing
