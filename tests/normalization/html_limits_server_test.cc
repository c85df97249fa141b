// Pathological HTML against a real server on loopback and through `zw
// normalize`: each page answers fast (documents with the limit logged, or
// INVALID_ARGUMENT + PAGE_TOO_COMPLEX when nothing is left), memory stays
// bounded, and the server keeps serving afterwards.
#include <sys/resource.h>

#include <fstream>
#include <string>

#include "absl/strings/match.h"
#include "absl/time/clock.h"
#include "common/error_reason.h"
#include "common/grpc/grpc_options.h"
#include "common/grpc/grpc_status.h"
#include "gtest/gtest.h"
#include "tests/normalization/html_pathological_pages.h"
#include "tests/support/server_cluster.h"
#include "zhengwen/normalization/v1/normalization_service.grpc.pb.h"

namespace zhengwen::testing {
namespace {

using zhengwen::normalization::v1::NormalizationService;
using zhengwen::normalization::v1::NormalizeRequest;
using zhengwen::normalization::v1::NormalizeResponse;

constexpr absl::Duration kFast = absl::Seconds(15);  // sanitizer builds included
constexpr long kMaxChildRssKb = 1024 * 1024;           // 1 GiB (the unbounded parse passed 15 GB)

struct Case {
  std::string name;
  std::string html;
  bool has_text;
};

std::vector<Case> Cases() {
  return {{"closed_divs", ClosedNestedDivs(), true},
          {"unclosed_divs", UnclosedNestedDivs(), true},
          {"empty_divs", EmptyNestedDivs(), false},
          {"million_b", MillionUnclosedTags("<b>"), true},
          {"million_li", MillionUnclosedTags("<li>"), true},
          {"attribute_flood", AttributeFlood(), true}};
}

bool HasLimitEdit(const NormalizeResponse& response) {
  for (const auto& doc : response.documents()) {
    for (const auto& edit : doc.edits()) {
      if (edit.stage() == "html_limits") return true;
    }
  }
  return false;
}

TEST(HtmlLimitsServerTest, NormalizeRpcAnswersEveryPathologicalPageAndStaysUp) {
  ServerCluster cluster(true);
  ASSERT_TRUE(cluster.Start().ok()) << cluster.Logs();
  auto stub = NormalizationService::NewStub(NewClientChannel(cluster.processes()[0].address));
  auto normalize = [&](const std::string& content, NormalizeResponse* response) {
    NormalizeRequest request;
    request.mutable_page()->set_source_uri("limits.html");
    request.mutable_page()->set_content_type("text/html");
    request.mutable_page()->set_content(content);
    auto context = ContextWithTimeout(kFast);
    return stub->Normalize(context.get(), request, response);
  };
  for (const Case& c : Cases()) {
    NormalizeResponse response;
    const absl::Time start = absl::Now();
    const grpc::Status status = normalize(c.html, &response);
    EXPECT_LT(absl::Now() - start, kFast) << c.name;
    if (c.has_text) {
      ASSERT_TRUE(status.ok()) << c.name << ": " << status.error_message();
      ASSERT_EQ(response.documents_size(), 1) << c.name;
      EXPECT_TRUE(absl::StrContains(response.documents(0).text(), "极深的嵌套")) << c.name;
      EXPECT_TRUE(HasLimitEdit(response)) << c.name;
    } else {
      EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << c.name;
      EXPECT_EQ(ErrorReason(FromGrpcStatus(status)), "PAGE_TOO_COMPLEX") << c.name;
    }
    // Still serving: an ordinary page right after.
    NormalizeResponse ordinary;
    ASSERT_TRUE(normalize("<html><body><p>" + std::string(kDeepBody) + "</p></body></html>",
                          &ordinary)
                    .ok())
        << c.name << "\n" << cluster.Logs();
    EXPECT_EQ(ordinary.documents_size(), 1);
  }
  EXPECT_EQ(cluster.Terminate(absl::Seconds(20)), 0) << cluster.Logs();
}

TEST(HtmlLimitsServerTest, ZwNormalizeAnswersFastWithBoundedMemory) {
  TempDir dir;
  for (const Case& c : Cases()) {
    const std::string path = dir.path() + "/" + c.name + ".html";
    std::ofstream(path, std::ios::binary) << c.html;
    const absl::Time start = absl::Now();
    const CommandResult result = RunCommand({CliBinary(), "normalize", path}, kFast * 2);
    EXPECT_LT(absl::Now() - start, kFast) << c.name;
    if (c.has_text) {
      EXPECT_EQ(result.exit_code, 0) << c.name << ": " << result.err;
      EXPECT_TRUE(absl::StrContains(result.out, "极深的嵌套")) << c.name;
    } else {
      EXPECT_NE(result.exit_code, 0) << c.name;
      EXPECT_TRUE(absl::StrContains(result.err, "PAGE_TOO_COMPLEX")) << c.name << result.err;
    }
  }
  // The largest resident set of any child this test waited for.
  struct rusage usage {};
  ASSERT_EQ(getrusage(RUSAGE_CHILDREN, &usage), 0);
  EXPECT_LT(usage.ru_maxrss, kMaxChildRssKb);
}

}  // namespace
}  // namespace zhengwen::testing
