#include "tests/reliability/ingest_history.h"

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/grpc_options.h"

namespace zhengwen::testing {
namespace {

// A short speech, unique per page through its number.
std::string PageText(int n) {
  return absl::StrCat("第", n, "号测试讲话\n同志们:\n今天我们召开第", n,
                      "次工作会议,总结经验,部署任务。\n一、提高认识\n各部门要把第", n,
                      "项工作抓紧抓好,确保取得实效。\n谢谢大家!\n");
}

bool Retryable(grpc::StatusCode code) {
  return code == grpc::StatusCode::UNAVAILABLE || code == grpc::StatusCode::DEADLINE_EXCEEDED ||
         code == grpc::StatusCode::RESOURCE_EXHAUSTED || code == grpc::StatusCode::CANCELLED ||
         code == grpc::StatusCode::ABORTED || code == grpc::StatusCode::UNKNOWN;
}

}  // namespace

std::string HistoryVerdict::Summary() const {
  return absl::StrCat("acknowledged ", acknowledged, ", lost ", lost, ", duplicated ", duplicated,
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
    request.set_page_size(1000);
    request.set_page_token(token);
    zhengwen::query::v1::ListDocumentsResponse response;
    auto context = ContextWithTimeout(absl::Seconds(10));
    grpc::Status status = query->ListDocuments(context.get(), request, &response);
    if (!status.ok()) {
      absl::StrAppend(&verdict.problems, "export failed: ", status.error_message(), "\n");
      ++verdict.lost;
      break;
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
