// Security: TLS, mTLS between services, role-checked bearer tokens and safe
// defaults, against real servers with certificates made at test time.
#include <google/protobuf/descriptor.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <set>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/error_reason.h"
#include "common/grpc/access_table.h"
#include "common/grpc/grpc_options.h"
#include "common/grpc/grpc_status.h"
#include "common/grpc/tls_credentials.h"
#include "gtest/gtest.h"
#include "re2/re2.h"
#include "tests/support/raw_call.h"
#include "tests/support/server_cluster.h"
#include "zhengwen/ingest/v1/ingest_service.pb.h"
#include "zhengwen/normalization/v1/normalization_service.grpc.pb.h"
#include "zhengwen/query/v1/query_service.pb.h"

namespace zhengwen::testing {
namespace {

constexpr absl::Duration kDrainDeadline = absl::Seconds(7);
constexpr char kReaderToken[] = "reader-token-0123456789abcdef";
constexpr char kWriterToken[] = "writer-token-0123456789abcdef";
constexpr char kAdminToken[] = "admin-token-0123456789abcdefg";
constexpr char kServiceToken[] = "service-token-0123456789abcdef";

class SecurityTest : public ::testing::Test {
 protected:
  // RSA keys are slow to make: one PKI and one token file for the whole suite.
  static void SetUpTestSuite() {
    certs_ = new TempDir();
    // Under ctest the SecurityPki.Make fixture has made the PKI once for every
    // test process: copy it. Run directly, make one.
    const char* shared = std::getenv("ZW_SECURITY_PKI");
    if (shared != nullptr && std::filesystem::exists(std::string(shared) + "/ca.pem")) {
      std::error_code error;
      std::filesystem::copy(shared, certs_->path(),
                            std::filesystem::copy_options::recursive |
                                std::filesystem::copy_options::overwrite_existing,
                            error);
      certs_made_ = !error && std::filesystem::exists(Path("service.key"));
      certs_error_ = error.message();
    } else {
      CommandResult made =
          RunCommand({"/bin/bash", ZW_SOURCE_DIR "/tests/security/make_certs.sh", certs_->path()});
      certs_made_ = made.exit_code == 0;
      certs_error_ = made.err;
    }
    std::ofstream(Path("tokens")) << "# role token\n"
                                  << "reader " << kReaderToken << "\n"
                                  << "writer " << kWriterToken << "\n"
                                  << "admin " << kAdminToken << "\n"
                                  << "service " << kServiceToken << "\n";
    for (const auto& [name, token] : {std::pair<std::string, std::string>{"reader", kReaderToken},
                                      {"writer", kWriterToken},
                                      {"admin", kAdminToken}}) {
      std::ofstream(Path(name + ".token")) << token << "\n";
    }
  }
  static void TearDownTestSuite() {
    delete certs_;
    certs_ = nullptr;
  }
  void SetUp() override { ASSERT_TRUE(certs_made_) << certs_error_; }

  static std::string Path(const std::string& name) { return certs_->path() + "/" + name; }

  // A page of the project's samples.
  static std::string Sample() { return SampleDir() + "/02_xiangcun_zhenxing_doc_site.txt"; }

  static TempDir* certs_;
  static bool certs_made_;
  static std::string certs_error_;
};

TempDir* SecurityTest::certs_ = nullptr;
bool SecurityTest::certs_made_ = false;
std::string SecurityTest::certs_error_;

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

// Every RPC of every service, from the descriptors the generated code
// registers (one message of each service file pulls the file in).
std::vector<std::string> EveryMethod() {
  std::vector<std::string> methods;
  for (const google::protobuf::FileDescriptor* file :
       {zhengwen::ingest::v1::IngestPageRequest::descriptor()->file(),
        zhengwen::normalization::v1::NormalizeRequest::descriptor()->file(),
        zhengwen::query::v1::SearchRequest::descriptor()->file()}) {
    for (int s = 0; s < file->service_count(); ++s) {
      const google::protobuf::ServiceDescriptor* service = file->service(s);
      for (int m = 0; m < service->method_count(); ++m) {
        methods.push_back(absl::StrCat("/", service->full_name(), "/", service->method(m)->name()));
      }
    }
  }
  return methods;
}

// One call of `method` with an empty request; the token, when given, as a
// bearer token, else only the client certificate (the service role).
grpc::Status CallEmpty(grpc::GenericStub& stub, const std::string& method,
                       const std::optional<std::string>& token) {
  auto context = ContextWithTimeout(absl::Seconds(30));
  // A TLS handshake on a loaded machine can time out once: retry it within
  // the deadline rather than read UNAVAILABLE as an access decision.
  context->set_wait_for_ready(true);
  if (token.has_value()) context->AddMetadata("authorization", "Bearer " + *token);
  return RawUnaryCall(stub, context.get(), method, "");
}

TEST_F(SecurityTest, AccessTableCoversEveryMethodAndEachRoleGetsExactlyIt) {
  const std::vector<std::string> methods = EveryMethod();
  ASSERT_GE(methods.size(), 12u);
  const std::set<std::string> served(methods.begin(), methods.end());
  for (const std::string& method : methods) {
    EXPECT_EQ(MethodAccessTable().count(method), 1u) << method << " has no row in access_table.cc";
  }
  for (const auto& [method, roles] : MethodAccessTable()) {
    EXPECT_EQ(served.count(method), 1u)
        << "access_table.cc names " << method << ", which no service has";
  }

  // All-in-one over TLS with mTLS required: a token gives its role, a
  // verified certificate alone the service role.
  ServerCluster cluster(
      false, {"--tls_cert_file=" + Path("service.pem"), "--tls_key_file=" + Path("service.key"),
              "--tls_ca_file=" + Path("ca.pem"), "--token_file=" + Path("tokens")});
  ASSERT_TRUE(cluster.Start().ok()) << cluster.Logs();
  auto credentials =
      MakeChannelCredentials({Path("client.pem"), Path("client.key"), Path("ca.pem")});
  ASSERT_TRUE(credentials.ok()) << credentials.status();
  grpc::GenericStub stub(NewClientChannel(cluster.ingest_address(), *credentials));
  const std::vector<std::pair<Role, std::optional<std::string>>> callers = {
      {Role::kReader, kReaderToken},
      {Role::kWriter, kWriterToken},
      {Role::kAdmin, kAdminToken},
      {Role::kService, kServiceToken},
      {Role::kService, std::nullopt}};
  for (const std::string& method : methods) {
    for (const auto& [role, token] : callers) {
      const std::string who =
          absl::StrCat(RoleName(role), token.has_value() ? " (token)" : " (certificate)");
      const absl::Status status = FromGrpcStatus(CallEmpty(stub, method, token));
      if (RoleMayCall(role, method)) {
        EXPECT_NE(status.code(), absl::StatusCode::kPermissionDenied)
            << who << " " << method << ": " << status;
        EXPECT_NE(status.code(), absl::StatusCode::kUnauthenticated)
            << who << " " << method << ": " << status;
      } else {
        EXPECT_EQ(status.code(), absl::StatusCode::kPermissionDenied)
            << who << " " << method << ": " << status;
        EXPECT_EQ(ErrorReason(status), "ROLE_NOT_ALLOWED") << who << " " << method;
      }
    }
  }
  // The regression this table fixed: a reader may list shared sentences.
  EXPECT_TRUE(RoleMayCall(Role::kReader, "/zhengwen.query.v1.QueryService/ListSharedSentences"));
  EXPECT_EQ(cluster.Terminate(kDrainDeadline), 0) << cluster.Logs();
}

}  // namespace
}  // namespace zhengwen::testing
