// Query-side subcommands of `zw`: search, similar, copies, reuse. Their flags live
// here, beside the only code that reads them.
#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/grpc/grpc_options.h"
#include "common/grpc/grpc_status.h"
#include "common/text/utf8.h"
#include "services/cli/cli_common.h"
#include "services/cli/commands.h"
#include "zhengwen/query/v1/query_service.grpc.pb.h"

ABSL_FLAG(bool, json, false, "search/similar/reuse: one JSON object per result line");
ABSL_FLAG(int, limit, 10,
          "search/similar/copies/reuse: results to print (pages through as needed)");
ABSL_FLAG(std::string, page_token, "", "search: continue from this token (printed on stderr)");
ABSL_FLAG(std::string, after, "", "search: only documents published on or after YYYY-MM-DD");
ABSL_FLAG(std::string, before, "", "search: only documents published on or before YYYY-MM-DD");
ABSL_FLAG(std::vector<std::string>, host, {},
          "search: only documents from these hosts (comma list); list, renormalize: only pages "
          "of this one host");
ABSL_FLAG(std::string, script, "", "search: only documents whose input was hans or hant");
ABSL_FLAG(std::string, placeholders, "", "search: yes = only with placeholders, no = only without");
ABSL_FLAG(double, min_similarity, 0, "similar: least similarity (0 = the server's threshold)");
ABSL_FLAG(std::string, text, "", "similar/reuse: use this text instead of a document id");
ABSL_FLAG(bool, templates, false, "reuse: list sentences shared by many documents");
ABSL_FLAG(int, min_documents, 2, "reuse --templates: least number of documents sharing a sentence");

namespace zhengwen::cli {
namespace {

using zhengwen::query::v1::QueryService;

// `snippet` with its highlights (spans of Document.text) in 【】 and line
// breaks shown as spaces, for a terminal.
std::string MarkSnippet(const zhengwen::query::v1::SearchHit& hit) {
  std::string out;
  const std::string& text = hit.snippet();
  int index = hit.snippet_offset();
  int next = 0;  // next highlight
  int open_until = -1;
  for (size_t pos = 0; pos < text.size(); ++index) {
    if (next < hit.highlights_size() && hit.highlights(next).offset() == index) {
      out += "【";
      open_until = index + hit.highlights(next).length();
      ++next;
    }
    const size_t start = pos;
    const char32_t cp = DecodeUtf8(text, &pos);
    if (cp == U'\n' || cp == U'\r') {
      out += ' ';
    } else {
      out.append(text, start, pos - start);
    }
    if (index + 1 == open_until) out += "】";
  }
  return out;
}

int RunSearch(const ClientConfig& config, const std::string& query) {
  auto channel = ConnectOrReport(config.query_server, config.credentials, config.connect_timeout);
  if (channel == nullptr) return 1;
  auto stub = QueryService::NewStub(channel);
  zhengwen::query::v1::SearchRequest request;
  request.set_query(query);
  auto* filter = request.mutable_filter();
  filter->set_published_after(absl::GetFlag(FLAGS_after));
  filter->set_published_before(absl::GetFlag(FLAGS_before));
  for (const std::string& host : absl::GetFlag(FLAGS_host)) filter->add_source_hosts(host);
  const std::string script = absl::AsciiStrToLower(absl::GetFlag(FLAGS_script));
  if (script == "hans") {
    filter->set_input_script(zhengwen::document::v1::SCRIPT_HANS);
  } else if (script == "hant") {
    filter->set_input_script(zhengwen::document::v1::SCRIPT_HANT);
  } else if (!script.empty()) {
    std::fprintf(stderr, "zw search: --script must be hans or hant\n");
    return 2;
  }
  const std::string placeholders = absl::GetFlag(FLAGS_placeholders);
  if (placeholders == "yes" || placeholders == "no") {
    filter->set_has_placeholders(placeholders == "yes");
  } else if (!placeholders.empty()) {
    std::fprintf(stderr, "zw search: --placeholders must be yes or no\n");
    return 2;
  }
  const int limit = absl::GetFlag(FLAGS_limit);
  const bool json = absl::GetFlag(FLAGS_json);
  std::string token = absl::GetFlag(FLAGS_page_token);
  int printed = 0;
  int64_t total = 0;
  do {
    request.set_page_size(std::min(limit - printed, 1000));
    request.set_page_token(token);
    zhengwen::query::v1::SearchResponse response;
    auto context = ContextWithTimeout(config.timeout, config.token);
    grpc::Status status = stub->Search(context.get(), request, &response);
    if (!status.ok()) return FailCall("search", status);
    total = response.total_hits();
    for (const auto& hit : response.hits()) {
      ++printed;
      if (json) {
        std::printf("%s\n", ToJsonLine(hit).c_str());
      } else {
        std::printf("%d. %s  %.3f  %s\n   %s  %s\n   %s\n", printed, hit.id().c_str(), hit.score(),
                    hit.title().c_str(), hit.published_at().c_str(), hit.source_uri().c_str(),
                    MarkSnippet(hit).c_str());
      }
    }
    token = response.next_page_token();
  } while (!token.empty() && printed < limit);
  std::fflush(stdout);
  std::fprintf(stderr, "%d of %lld hits%s%s\n", printed, static_cast<long long>(total),
               token.empty() ? "" : "; more with --page_token=", token.c_str());
  return 0;
}

// "DUPLICATE" for COPY_RELATION_DUPLICATE; "-" when unspecified.
std::string RelationName(zhengwen::document::v1::CopyRelation relation) {
  if (relation == zhengwen::document::v1::COPY_RELATION_UNSPECIFIED) return "-";
  return std::string(absl::StripPrefix(zhengwen::document::v1::CopyRelation_Name(relation),
                                       "COPY_RELATION_"));
}

// One line per neighbour: measures, relation (of the asked document to it),
// date, and "earlier" when it is the likely original.
void PrintSimilar(const zhengwen::query::v1::SimilarDocument& doc) {
  std::printf("%.3f  in %.2f  of %.2f  %-12s  %-10s  %-7s  %s  %s  %s\n", doc.similarity(),
              doc.containment_in_other(), doc.containment_of_other(),
              RelationName(doc.relation()).c_str(),
              doc.published_at().empty() ? "-" : doc.published_at().c_str(),
              doc.other_is_earlier() ? "earlier" : "later", doc.id().c_str(), doc.title().c_str(),
              doc.source_uri().c_str());
}

// Pages through FindSimilar until `limit` documents (at most 1000 pages).
int FetchSimilar(const ClientConfig& config, const std::string& id, int limit,
                 const char* command, zhengwen::query::v1::FindSimilarResponse* all) {
  auto channel = ConnectOrReport(config.query_server, config.credentials, config.connect_timeout);
  if (channel == nullptr) return 1;
  auto stub = QueryService::NewStub(channel);
  zhengwen::query::v1::FindSimilarRequest request;
  request.set_id(id);
  request.set_text(absl::GetFlag(FLAGS_text));
  request.set_min_similarity(absl::GetFlag(FLAGS_min_similarity));
  for (int page = 0; page < 1000 && all->documents_size() < limit; ++page) {
    request.set_page_size(std::min(limit - all->documents_size(), 1000));
    zhengwen::query::v1::FindSimilarResponse response;
    auto context = ContextWithTimeout(config.timeout, config.token);
    grpc::Status status = stub->FindSimilar(context.get(), request, &response);
    if (!status.ok()) return FailCall(command, status);
    all->set_cluster_id(response.cluster_id());
    for (auto& doc : *response.mutable_documents()) *all->add_documents() = std::move(doc);
    if (response.next_page_token().empty()) break;
    request.set_page_token(response.next_page_token());
  }
  return 0;
}

int RunSimilar(const ClientConfig& config, const std::string& id) {
  zhengwen::query::v1::FindSimilarResponse response;
  if (int rc = FetchSimilar(config, id, absl::GetFlag(FLAGS_limit), "similar", &response)) return rc;
  if (!absl::GetFlag(FLAGS_json) && !response.cluster_id().empty()) {
    std::printf("cluster %s\n", response.cluster_id().c_str());
  }
  if (!absl::GetFlag(FLAGS_json) && response.documents_size() > 0) {
    std::printf("jaccard  containment of the asked text in / of the other  relation  date  "
                "order  id  title  source\n");
  }
  for (const auto& doc : response.documents()) {
    if (absl::GetFlag(FLAGS_json)) {
      std::printf("%s\n", ToJsonLine(doc).c_str());
    } else {
      PrintSimilar(doc);
    }
  }
  return 0;
}

// Where a text appears: every related document, earliest first (undated
// last, then by id), so the likely original heads the list.
int RunCopies(const ClientConfig& config, const std::string& id) {
  zhengwen::query::v1::FindSimilarResponse response;
  if (int rc = FetchSimilar(config, id, std::max(absl::GetFlag(FLAGS_limit), 100), "copies",
                            &response)) {
    return rc;
  }
  std::vector<zhengwen::query::v1::SimilarDocument> copies;
  for (const auto& doc : response.documents()) {
    if (doc.relation() != zhengwen::document::v1::COPY_RELATION_UNSPECIFIED) copies.push_back(doc);
  }
  std::sort(copies.begin(), copies.end(), [](const auto& a, const auto& b) {
    const bool a_dated = !a.published_at().empty(), b_dated = !b.published_at().empty();
    if (a_dated != b_dated) return a_dated;
    if (a.published_at() != b.published_at()) return a.published_at() < b.published_at();
    return a.id() < b.id();
  });
  for (const auto& doc : copies) {
    if (absl::GetFlag(FLAGS_json)) {
      std::printf("%s\n", ToJsonLine(doc).c_str());
    } else {
      PrintSimilar(doc);
    }
  }
  if (!absl::GetFlag(FLAGS_json)) {
    std::printf("%zu documents carry (part of) this text\n", copies.size());
  }
  return 0;
}

int RunReuse(const ClientConfig& config, const std::string& id) {
  auto channel = ConnectOrReport(config.query_server, config.credentials, config.connect_timeout);
  if (channel == nullptr) return 1;
  auto stub = QueryService::NewStub(channel);
  const bool json = absl::GetFlag(FLAGS_json);
  if (absl::GetFlag(FLAGS_templates)) {
    zhengwen::query::v1::ListSharedSentencesRequest request;
    request.set_min_documents(absl::GetFlag(FLAGS_min_documents));
    request.set_page_size(std::min(absl::GetFlag(FLAGS_limit), 1000));
    zhengwen::query::v1::ListSharedSentencesResponse response;
    auto context = ContextWithTimeout(config.timeout, config.token);
    grpc::Status status = stub->ListSharedSentences(context.get(), request, &response);
    if (!status.ok()) return FailCall("reuse", status);
    for (const auto& sentence : response.sentences()) {
      if (json) {
        std::printf("%s\n", ToJsonLine(sentence).c_str());
      } else {
        std::printf("%5d  %s\n", sentence.document_count(), sentence.text().c_str());
      }
    }
    return 0;
  }
  zhengwen::query::v1::FindReuseRequest request;
  request.set_id(id);
  request.set_text(absl::GetFlag(FLAGS_text));
  request.set_page_size(std::min(absl::GetFlag(FLAGS_limit), 1000));
  zhengwen::query::v1::FindReuseResponse response;
  auto context = ContextWithTimeout(config.timeout, config.token);
  grpc::Status status = stub->FindReuse(context.get(), request, &response);
  if (!status.ok()) return FailCall("reuse", status);
  for (const auto& doc : response.documents()) {
    if (json) {
      std::printf("%s\n", ToJsonLine(doc).c_str());
      continue;
    }
    std::vector<std::string> spans;
    for (const auto& span : doc.spans()) {
      spans.push_back(absl::StrCat(span.source().offset(), "+", span.source().length(), "->",
                                   span.other().offset(), "+", span.other().length()));
    }
    std::printf("%6d  %s  %s\n        %s\n", doc.shared_length(), doc.id().c_str(),
                doc.title().c_str(), absl::StrJoin(spans, " ").c_str());
  }
  return 0;
}

}  // namespace

bool IsQueryCommand(const std::string& command) {
  return command == "search" || command == "similar" || command == "copies" ||
         command == "reuse";
}

int RunQueryCommand(const ClientConfig& config, const std::string& command,
                    const std::vector<std::string>& args) {
  if (command == "search" && !args.empty()) return RunSearch(config, absl::StrJoin(args, " "));
  const bool by_text = !absl::GetFlag(FLAGS_text).empty();
  if (command == "similar" && args.size() == (by_text ? 0u : 1u)) {
    return RunSimilar(config, by_text ? "" : args[0]);
  }
  if (command == "copies" && args.size() == (by_text ? 0u : 1u)) {
    return RunCopies(config, by_text ? "" : args[0]);
  }
  if (command == "reuse" && absl::GetFlag(FLAGS_templates) && args.empty()) {
    return RunReuse(config, "");
  }
  if (command == "reuse" && args.size() == (by_text ? 0u : 1u)) {
    return RunReuse(config, by_text ? "" : args[0]);
  }
  std::fprintf(stderr,
               "usage: zw search [--json] [--limit=N] [--after=D] [--before=D] [--host=H] "
               "[--script=hans|hant] [--placeholders=yes|no] QUERY...\n"
               "       zw similar [--json] [--min_similarity=S] ID | --text=TEXT\n"
               "       zw copies [--json] [--limit=N] ID | --text=TEXT\n"
               "       zw reuse [--json] ID | --text=TEXT | --templates [--min_documents=N]\n");
  return 2;
}

}  // namespace zhengwen::cli
