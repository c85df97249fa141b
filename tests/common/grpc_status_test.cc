#include "common/grpc/grpc_status.h"

#include "common/error_reason.h"
#include "gtest/gtest.h"

namespace zhengwen {
namespace {

TEST(GrpcStatusTest, ReasonSurvivesTheRoundTrip) {
  absl::Status original =
      WithRetryDelay(ErrorWithReason(absl::StatusCode::kResourceExhausted, "queue full",
                                     "OUTBOX_FULL", {{"retry_after_ms", "1000"}}),
                     absl::Milliseconds(1500));
  grpc::Status wire = ToGrpcStatus(original);
  EXPECT_EQ(wire.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_EQ(wire.error_message(), "queue full");
  EXPECT_FALSE(wire.error_details().empty());
  absl::Status back = FromGrpcStatus(wire);
  EXPECT_EQ(back.code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(ErrorReason(back), "OUTBOX_FULL");
  ASSERT_TRUE(RetryDelay(back).has_value());
  EXPECT_EQ(*RetryDelay(back), absl::Milliseconds(1500));
}

TEST(GrpcStatusTest, PlainErrorsHaveNoReason) {
  grpc::Status wire = ToGrpcStatus(absl::NotFoundError("gone"));
  EXPECT_EQ(wire.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_TRUE(wire.error_details().empty());
  EXPECT_EQ(ErrorReason(FromGrpcStatus(wire)), "");
  EXPECT_TRUE(ToGrpcStatus(absl::OkStatus()).ok());
}

}  // namespace
}  // namespace zhengwen
