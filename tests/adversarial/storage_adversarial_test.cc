// Adversarial: the disk fills up under a running server (issue 13, case 6).
// The test mounts a small tmpfs, runs a real all-in-one server with its data
// dir there, fills the filesystem by ingesting and with a filler file, and
// checks that writes are refused with RESOURCE_EXHAUSTED / DISK_FULL (no file
// path in the message) while the server keeps serving, that ingest resumes
// by itself once space is freed, and that every acknowledged page survives a
// restart.
#include <sys/mount.h>
#include <sys/statvfs.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>

#include <grpcpp/grpcpp.h>

#include "absl/strings/str_cat.h"
#include "common/error_reason.h"
#include "common/grpc/grpc_status.h"
#include "gtest/gtest.h"
#include "tests/support/ci.h"
#include "tests/support/server_cluster.h"
#include "zhengwen/ingest/v1/ingest_service.grpc.pb.h"

namespace zhengwen::testing {
namespace {

namespace ingest_v1 = zhengwen::ingest::v1;

constexpr uint64_t kMiB = 1 << 20;
constexpr uint64_t kFilesystemBytes = 64 * kMiB;
constexpr uint64_t kHeadroomBytes = 12 * kMiB;
constexpr size_t kPageBytes = 256 * 1024;

uint64_t FreeBytes(const std::string& path) {
  struct statvfs fs;
  if (statvfs(path.c_str(), &fs) != 0) return 0;
  return static_cast<uint64_t>(fs.f_bavail) * fs.f_frsize;
}

// Writes a file of `bytes` zero bytes (tmpfs has no holes to cheat with).
void WriteFiller(const std::string& path, uint64_t bytes) {
  std::ofstream out(path, std::ios::binary);
  const std::string block(kMiB, '\0');
  for (; bytes >= kMiB; bytes -= kMiB) out.write(block.data(), static_cast<std::streamsize>(kMiB));
  out.write(block.data(), static_cast<std::streamsize>(bytes));
}

// A page of distinct Chinese text (random characters compress little, so the
// disk fills at the rate the test expects).
std::string RandomPage(std::mt19937* random) {
  std::uniform_int_distribution<uint32_t> hanzi(0x4E00, 0x9FA5);
  std::string text;
  while (text.size() < kPageBytes) {
    const uint32_t c = hanzi(*random);
    text += static_cast<char>(0xE0 | (c >> 12));
    text += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    text += static_cast<char>(0x80 | (c & 0x3F));
    if (text.size() % 300 < 3) text += "。\n";
  }
  return text;
}

class SmallDiskTest : public ::testing::Test {
 protected:
  void SetUp() override {
    mount_point_ = mount_dir_.path() + "/disk";
    std::filesystem::create_directories(mount_point_);
    const std::string size = absl::StrCat("size=", kFilesystemBytes);
    if (mount("zw-small-disk", mount_point_.c_str(), "tmpfs", 0, size.c_str()) != 0) {
      const std::string why = absl::StrCat("cannot mount a tmpfs (", std::strerror(errno),
                                           "); the disk-full test needs root or CAP_SYS_ADMIN");
      ZW_SKIP_OR_FAIL_UNDER_CI(why);
    }
    mounted_ = true;
  }

  void TearDown() override {
    if (mounted_) umount2(mount_point_.c_str(), MNT_DETACH);
  }

  TempDir mount_dir_;
  std::string mount_point_;
  bool mounted_ = false;
};

struct IngestAnswer {
  grpc::Status status;
  std::string page_id;
};

IngestAnswer Ingest(ingest_v1::IngestService::Stub* stub, const std::string& uri,
                    const std::string& content) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  ingest_v1::IngestPageRequest request;
  request.set_source_uri(uri);
  request.set_request_id(uri);
  request.set_content(content);
  request.set_content_type("text/plain");
  ingest_v1::IngestPageResponse response;
  IngestAnswer answer;
  answer.status = stub->IngestPage(&context, request, &response);
  answer.page_id = response.page_id();
  return answer;
}

grpc::Status GetPage(ingest_v1::IngestService::Stub* stub, const std::string& page_id) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  ingest_v1::GetPageRequest request;
  request.set_page_id(page_id);
  ingest_v1::GetPageResponse response;
  return stub->GetPage(&context, request, &response);
}

void ExpectDiskFull(const grpc::Status& status) {
  EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED) << status.error_message();
  EXPECT_EQ(ErrorReason(FromGrpcStatus(status)), "DISK_FULL") << status.error_message();
  EXPECT_EQ(status.error_message().find('/'), std::string::npos) << status.error_message();
}

TEST_F(SmallDiskTest, DiskFullRefusesWritesThenResumesAndKeepsAcknowledgedPages) {
  const std::string data_dir = mount_point_ + "/data";
  ServerCluster cluster(false, {"--data_dir=" + data_dir,
                                absl::StrCat("--storage_min_free_bytes=", kHeadroomBytes),
                                absl::StrCat("--storage_max_wal_bytes=", 2 * kMiB),
                                absl::StrCat("--storage_max_memtable_bytes=", 2 * kMiB)});
  ASSERT_TRUE(cluster.Start().ok()) << cluster.Logs();
  auto stub = ingest_v1::IngestService::NewStub(
      grpc::CreateChannel(cluster.ingest_address(), grpc::InsecureChannelCredentials()));
  std::mt19937 random(13);
  std::vector<std::string> acknowledged;
  int next_page = 0;
  auto ingest_next = [&]() {
    IngestAnswer answer =
        Ingest(stub.get(), absl::StrCat("test://disk/", next_page++), RandomPage(&random));
    if (answer.status.ok()) acknowledged.push_back(answer.page_id);
    return answer.status;
  };
  auto alive = [&]() {
    return !cluster.processes()[0].process->Wait(absl::ZeroDuration()).has_value();
  };

  // 1. A ballast leaves room for a few dozen pages; ingest until refused.
  const std::string ballast = mount_point_ + "/ballast";
  const uint64_t free_at_start = FreeBytes(mount_point_);
  ASSERT_GT(free_at_start, kHeadroomBytes + 12 * kMiB);
  WriteFiller(ballast, free_at_start - kHeadroomBytes - 8 * kMiB);
  grpc::Status refused;
  for (int attempt = 0; attempt < 200; ++attempt) {
    refused = ingest_next();
    if (!refused.ok()) break;
  }
  {
    SCOPED_TRACE("disk filled by ingest");
    ExpectDiskFull(refused);
  }
  ASSERT_FALSE(acknowledged.empty());
  ASSERT_TRUE(alive()) << cluster.Logs();
  // Still serving: reads answer.
  EXPECT_TRUE(GetPage(stub.get(), acknowledged.front()).ok());

  // 2. Space freed: accepting resumes by itself, no restart.
  std::filesystem::remove(ballast);
  const grpc::Status resumed = ingest_next();
  EXPECT_TRUE(resumed.ok()) << resumed.error_message() << cluster.Logs();

  // 3. Someone else fills the disk: refused again, then accepted once freed.
  // Flushes and log deletions may free space meanwhile, so the filler is
  // topped up until a write is refused (bounded).
  const std::string filler = mount_point_ + "/filler";
  grpc::Status refused_by_filler;
  for (int top_up = 0; top_up < 10 && refused_by_filler.ok(); ++top_up) {
    const uint64_t free_now = FreeBytes(mount_point_);
    if (free_now > kHeadroomBytes / 2) {
      WriteFiller(absl::StrCat(filler, top_up), free_now - kHeadroomBytes / 2);
    }
    refused_by_filler = ingest_next();
  }
  {
    SCOPED_TRACE("disk filled by a filler file");
    ExpectDiskFull(refused_by_filler);
  }
  ASSERT_TRUE(alive()) << cluster.Logs();
  for (int top_up = 0; top_up < 10; ++top_up) std::filesystem::remove(absl::StrCat(filler, top_up));
  const grpc::Status after_filler = ingest_next();
  EXPECT_TRUE(after_filler.ok()) << after_filler.error_message();

  // 4. Every acknowledged page is still there after a hard restart.
  ASSERT_TRUE(alive()) << cluster.Logs();
  ASSERT_TRUE(cluster.Restart(0).ok()) << cluster.Logs();
  stub = ingest_v1::IngestService::NewStub(
      grpc::CreateChannel(cluster.ingest_address(), grpc::InsecureChannelCredentials()));
  for (const std::string& page_id : acknowledged) {
    const grpc::Status found = GetPage(stub.get(), page_id);
    EXPECT_TRUE(found.ok()) << page_id << ": " << found.error_message();
  }
  EXPECT_EQ(cluster.Terminate(absl::Seconds(10)), 0) << cluster.Logs();
}

}  // namespace
}  // namespace zhengwen::testing
