#include "tests/reliability/ingest_history.h"

#include <random>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/grpc/grpc_options.h"

namespace zhengwen::testing {
namespace {

// A short speech of sentences drawn at random (seeded by `n`): pages differ
// from each other as real speeches do, so they are not near-duplicates of one
// another (which would make every page list every other in the export).
std::string PageText(int n) {
  static const char* const kSubjects[] = {"各级政府", "全市企业", "有关部门", "基层干部", "广大群众",
                                          "各乡镇", "教育系统", "卫生部门", "交通部门", "科研院所"};
  static const char* const kVerbs[] = {"要加强", "必须推进", "应当落实", "着力提升", "持续完善",
                                       "认真研究", "全面部署", "扎实推动", "积极探索", "坚决抓好"};
  static const char* const kObjects[] = {"安全生产责任制", "营商环境建设", "乡村振兴战略", "生态环境保护",
                                         "基础设施投资", "公共服务体系", "人才队伍建设", "数字经济发展",
                                         "防汛抗旱准备", "文化旅游融合", "食品药品监管", "社会治理创新"};
  static const char* const kEnds[] = {"确保取得实效", "不断开创新局面", "推动高质量发展",
                                      "切实维护群众利益", "形成长效机制", "做到有序推进"};
  std::mt19937 rng(static_cast<uint32_t>(n) * 2654435761u + 17u);
  auto pick = [&](const auto& pool) { return pool[rng() % (sizeof(pool) / sizeof(pool[0]))]; };
  std::string text = absl::StrCat("第", n, "号测试讲话\n同志们:\n");
  for (int i = 0; i < 12; ++i) {
    absl::StrAppend(&text, pick(kSubjects), pick(kVerbs), pick(kObjects), ",", pick(kEnds),
                    i % 3 == 2 ? "。\n" : "。");
  }
  absl::StrAppend(&text, "第", n, "次会议到此结束,谢谢大家!\n");
  return text;
}

bool Retryable(grpc::StatusCode code) {
  return code == grpc::StatusCode::UNAVAILABLE || code == grpc::StatusCode::DEADLINE_EXCEEDED ||
         code == grpc::StatusCode::RESOURCE_EXHAUSTED || code == grpc::StatusCode::CANCELLED ||
         code == grpc::StatusCode::ABORTED || code == grpc::StatusCode::UNKNOWN;
}

}  // namespace

std::string HistoryVerdict::Summary() const {
  return absl::StrCat(export_failed ? "CHECK INCOMPLETE (export failed): " : "",
                      "acknowledged ", acknowledged, ", lost ", lost, ", duplicated ", duplicated,
                      " (unacknowledged ", unacknowledged, ", half-done ", half_done, ")");
}

PageAttempt IngestHistory::NewPage(const std::string& prefix) {
  std::lock_guard<std::mutex> lock(mu_);
  const int n = next_++;
  PageAttempt attempt;
  attempt.source_uri = absl::StrCat(prefix, "/page-", n, ".txt");
  attempt.content = PageText(n);
  attempt.request_id = absl::StrCat(prefix, "-", n);
  attempts_[attempt.request_id] = attempt;
  return attempt;
}

void IngestHistory::Acknowledge(const PageAttempt& attempt, const std::string& page_id) {
  std::lock_guard<std::mutex> lock(mu_);
  auto& recorded = attempts_[attempt.request_id];
  recorded.acknowledged = true;
  recorded.page_id = page_id;
}

bool IngestHistory::SendUntilAcknowledged(zhengwen::ingest::v1::IngestService::Stub* stub,
                                          const PageAttempt& attempt, absl::Time give_up) {
  zhengwen::ingest::v1::IngestPageRequest request;
  request.set_request_id(attempt.request_id);
  request.set_source_uri(attempt.source_uri);
  request.set_content(attempt.content);
  request.set_content_type("text/plain");
  while (absl::Now() < give_up) {
    zhengwen::ingest::v1::IngestPageResponse response;
    auto context = ContextWithTimeout(absl::Seconds(2));
    grpc::Status status = stub->IngestPage(context.get(), request, &response);
    if (status.ok()) {
      Acknowledge(attempt, response.page_id());
      return true;
    }
    if (!Retryable(status.error_code())) return false;
    absl::SleepFor(absl::Milliseconds(30));
  }
  return false;
}

HistoryVerdict IngestHistory::Check(zhengwen::ingest::v1::IngestService::Stub* ingest,
                                    zhengwen::query::v1::QueryService::Stub* query,
                                    absl::Duration timeout) {
  std::lock_guard<std::mutex> lock(mu_);
  HistoryVerdict verdict;
  const absl::Time deadline = absl::Now() + timeout;
  // Final status of every page ingest knows of: acknowledged ones, and any
  // unacknowledged one it stored anyway (the answer was lost in a crash).
  std::map<std::string, zhengwen::ingest::v1::PageInfo> final_info;  // by page id
  std::map<std::string, const PageAttempt*> by_uri;
  for (const auto& [id, attempt] : attempts_) {
    by_uri[attempt.source_uri] = &attempt;
    attempt.acknowledged ? ++verdict.acknowledged : ++verdict.unacknowledged;
  }
  for (const auto& [id, attempt] : attempts_) {
    // Unacknowledged pages are found through ListPages below.
    if (!attempt.acknowledged) continue;
    zhengwen::ingest::v1::GetPageRequest request;
    request.set_page_id(attempt.page_id);
    while (true) {
      zhengwen::ingest::v1::GetPageResponse response;
      auto context = ContextWithTimeout(absl::Seconds(2));
      grpc::Status status = ingest->GetPage(context.get(), request, &response);
      const auto page_status = response.page().status();
      if (status.ok() && (page_status == zhengwen::ingest::v1::PAGE_STATUS_INDEXED ||
                          page_status == zhengwen::ingest::v1::PAGE_STATUS_FAILED)) {
        final_info[attempt.page_id] = response.page();
        break;
      }
      if (absl::Now() > deadline) {
        ++verdict.lost;
        absl::StrAppend(&verdict.problems, "not final: ", attempt.source_uri, " ",
                        status.ok() ? zhengwen::ingest::v1::PageStatus_Name(page_status)
                                    : status.error_message(),
                        "\n");
        break;
      }
      absl::SleepFor(absl::Milliseconds(50));
    }
  }
  // Every page ingest stored: unacknowledged ones must be final too.
  std::string token;
  do {
    zhengwen::ingest::v1::ListPagesRequest request;
    request.set_page_size(1000);
    request.set_page_token(token);
    zhengwen::ingest::v1::ListPagesResponse response;
    auto context = ContextWithTimeout(absl::Seconds(10));
    if (!ingest->ListPages(context.get(), request, &response).ok()) break;
    for (const auto& page : response.pages()) {
      auto it = by_uri.find(page.source_uri());
      if (it == by_uri.end() || it->second->acknowledged) continue;
      if (page.status() != zhengwen::ingest::v1::PAGE_STATUS_INDEXED) {
        ++verdict.half_done;
        absl::StrAppend(&verdict.problems, "unacknowledged and not indexed: ", page.source_uri(),
                        "\n");
      } else {
        final_info[page.page_id()] = page;
      }
    }
    token = response.next_page_token();
  } while (!token.empty());

  // The export: each final page's documents exactly once; nothing else.
  std::map<std::string, int> exported;  // page id -> documents
  token.clear();
  do {
    zhengwen::query::v1::ListDocumentsRequest request;
    request.set_page_size(200);
    request.set_page_token(token);
    zhengwen::query::v1::ListDocumentsResponse response;
    grpc::Status status;
    for (int attempt = 0; attempt < 3; ++attempt) {
      auto context = ContextWithTimeout(absl::Seconds(60));
      status = query->ListDocuments(context.get(), request, &response);
      if (status.ok()) break;
    }
    if (!status.ok()) {
      // The export could not be read: the check cannot conclude.
      verdict.export_failed = true;
      absl::StrAppend(&verdict.problems, "export failed: ", status.error_message(), "\n");
      return verdict;
    }
    for (const auto& doc : response.documents()) ++exported[doc.page_id()];
    token = response.next_page_token();
  } while (!token.empty());
  for (const auto& [page_id, info] : final_info) {
    const int want = info.status() == zhengwen::ingest::v1::PAGE_STATUS_INDEXED
                         ? info.document_count()
                         : 0;
    const int got = exported.count(page_id) ? exported[page_id] : 0;
    if (got < want || (want == 0 && info.status() == zhengwen::ingest::v1::PAGE_STATUS_FAILED)) {
      ++verdict.lost;
      absl::StrAppend(&verdict.problems, "missing documents: ", info.source_uri(), " want ",
                      want, " got ", got, " ", info.failure_reason(), "\n");
    } else if (got > want) {
      ++verdict.duplicated;
      absl::StrAppend(&verdict.problems, "duplicated: ", info.source_uri(), "\n");
    }
    exported.erase(page_id);
  }
  for (const auto& [page_id, count] : exported) {
    ++verdict.half_done;
    absl::StrAppend(&verdict.problems, "exported but unknown to ingest: ", page_id, "\n");
  }
  return verdict;
}

}  // namespace zhengwen::testing
