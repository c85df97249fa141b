// `zw normalize [--explain|--dump_line_features] PATH...`: runs the
// normalization library offline and prints the same JSONL as `zw export`, a
// readable account of edits, or the line classifier's features.
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "services/cli/cli_common.h"
#include "services/cli/commands.h"
#include "services/normalization/normalizer.h"
#include "common/text/utf8.h"

namespace zhengwen::cli {
namespace {

// At most `max` code points of `text` on one line, for display.
std::string Shown(const std::string& text, int max) {
  std::string out;
  int n = 0;
  for (size_t pos = 0; pos < text.size();) {
    const size_t start = pos;
    const char32_t cp = DecodeUtf8(text, &pos);
    if (++n > max) return out + "…";
    if (cp == '\n') {
      out += "⏎";
      continue;
    }
    out.append(text, start, pos - start);
  }
  return out;
}

// `edits`: a document's RepeatedPtrField or a page's std::vector of Edit.
template <typename Edits>
void PrintEdits(const Edits& edits, std::string* out) {
  if (edits.empty()) return;
  absl::StrAppend(out, "   edits (line, stage, rule, removed -> replacement):\n");
  for (const auto& edit : edits) {
    const std::string rule = edit.flagged() ? edit.rule() + " (flagged, kept)" : edit.rule();
    absl::StrAppendFormat(out, "   %5d  %-11s %-38s %s%s\n", edit.line(), edit.stage().c_str(), rule.c_str(),
                Shown(edit.removed(), 50).c_str(),
                edit.replacement().empty()
                    ? ""
                    : absl::StrCat("  ->  ", Shown(edit.replacement(), 30)).c_str());
  }
}

// A page that gave no document: say so, and show every edit that emptied it.
void PrintEmptyPage(const std::string& path,
                    const std::vector<zhengwen::document::v1::Edit>& edits, std::string* out) {
  absl::StrAppendFormat(out, "== %s: no document\n", path);
  PrintEdits(edits, out);
}

void PrintExplanation(const zhengwen::document::v1::Document& doc, std::string* out) {
  const auto& q = doc.quality();
  absl::StrAppendFormat(out, "== %s part %d: %s\n", doc.source_uri().c_str(), doc.part(), doc.title().c_str());
  absl::StrAppendFormat(out, "   published_at=%s encoding=%s script=%s length=%d rules=%s model=%s%s\n",
              doc.published_at().empty() ? "-" : doc.published_at().c_str(),
              q.input_encoding().c_str(),
              zhengwen::document::v1::Script_Name(q.input_script()).c_str(), q.length(),
              doc.rules_version().c_str(), doc.model_version().c_str(),
              q.body_fallback() ? " (body fallback: densest region kept)" : "");
  absl::StrAppendFormat(out, "   salutation=%s closing=%s\n",
              doc.salutation().empty() ? "-" : doc.salutation().c_str(),
              doc.closing().empty() ? "-" : doc.closing().c_str());
  absl::StrAppendFormat(
      out, "   boilerplate=%.0f%% placeholders=%d mojibake=%d converted_chars=%d "
      "width_folded=%d sentences=%d\n",
      q.boilerplate_ratio() * 100, q.placeholder_count(), q.mojibake_count(), q.converted_chars(),
      q.width_folded_chars(), doc.signatures().sentence_hashes_size());
  if (doc.sections_size() > 0) absl::StrAppendFormat(out, "   outline:\n");
  for (const auto& section : doc.sections()) {
    absl::StrAppendFormat(out, "   %*s%d %s\n", section.level() * 2, "", section.level(),
                Shown(section.heading(), 60).c_str());
  }
  PrintEdits(doc.edits(), out);
}

void AppendJsonString(absl::string_view text, std::string* out) {
  out->push_back('"');
  for (const char c : text) {
    if (c == '"' || c == '\\') {
      out->push_back('\\');
      out->push_back(c);
    } else if (static_cast<unsigned char>(c) < 0x20) {
      absl::StrAppend(out, absl::StrFormat("\\u%04x", c));
    } else {
      out->push_back(c);
    }
  }
  out->push_back('"');
}

// One JSON object per non-empty line: file, line, forced, p, text, features.
void PrintLineFeatures(const std::string& path,
                       const std::vector<normalization::LineFeatureRow>& rows, std::string* text) {
  for (const auto& row : rows) {
    std::string out = "{\"file\":";
    AppendJsonString(path, &out);
    absl::StrAppend(&out, ",\"line\":", row.line, ",\"forced\":", row.forced ? "true" : "false",
                    ",\"p\":", absl::StrFormat("%.4f", row.probability), ",\"text\":");
    AppendJsonString(row.text, &out);
    out += ",\"features\":{";
    for (int f = 0; f < text::kLineFeatureCount; ++f) {
      absl::StrAppend(&out, f == 0 ? "" : ",", "\"", text::LineFeatureName(f), "\":",
                      absl::StrFormat("%.6g", row.features[f]));
    }
    out += "}}\n";
    text->append(out);
  }
}

// What one file gives: its output text and its error lines, printed in input order.
struct FileResult {
  std::string out;
  std::string err;
  bool failed = false;
};

FileResult NormalizeFile(const InputFile& file, NormalizeOutput output,
                         const normalization::Normalizer& normalizer) {
  FileResult r;
  auto fail = [&](const absl::Status& status) {
    r.err = absl::StrCat(file.path, ": ", DescribeError(status), "\n");
    r.failed = true;
    return r;
  };
  auto content = ReadFile(file.path);
  if (!content.ok()) return fail(content.status());
  zhengwen::document::v1::Page page;
  page.set_source_uri(file.path);
  page.set_content(*std::move(content));
  page.set_content_type(file.content_type);
  if (output == NormalizeOutput::kLineFeatures) {
    auto rows = normalizer.LineFeatures(page);
    if (!rows.ok()) return fail(rows.status());
    PrintLineFeatures(file.path, *rows, &r.out);
    return r;
  }
  const bool explain = output == NormalizeOutput::kExplain;
  auto result = normalizer.NormalizeWithEdits(page);
  if (!result.ok()) return fail(result.status());
  if (explain && result->documents.empty()) PrintEmptyPage(file.path, result->edits, &r.out);
  for (const auto& doc : result->documents) {
    if (explain) {
      PrintExplanation(doc, &r.out);
    } else {
      absl::StrAppend(&r.out, ToJsonLine(doc), "\n");
    }
  }
  return r;
}

// Files in flight ahead of the next one printed, per thread: bounds memory
// while a slow page holds the output back.
constexpr size_t kWindowPerThread = 16;

}  // namespace

int RunNormalize(const std::vector<std::string>& paths, NormalizeOutput output,
                 const normalization::NormalizerOptions& options, int threads) {
  if (paths.empty()) {
    std::fprintf(stderr, "zw normalize: name at least one file or directory\n");
    return 2;
  }
  if (threads < 1 || threads > kMaxNormalizeThreads) {
    std::fprintf(stderr, "zw normalize: --threads must be 1..%d\n", kMaxNormalizeThreads);
    return 2;
  }
  auto files = CollectFiles(paths);
  if (!files.ok()) {
    std::fprintf(stderr, "zw normalize: %s\n", files.status().ToString().c_str());
    return 2;
  }
  auto normalizer = normalization::Normalizer::Create(options);
  if (!normalizer.ok()) {
    std::fprintf(stderr, "zw normalize: %s\n", DescribeError(normalizer.status()).c_str());
    return 1;
  }
  const size_t n = files->size();
  const size_t window = kWindowPerThread * static_cast<size_t>(threads);
  // Results by file index; workers claim indices in order, never more than
  // `window` ahead of the next file to print.
  std::vector<std::optional<FileResult>> results(n);
  std::mutex mu;
  std::condition_variable changed;
  size_t next_claim = 0;
  size_t next_print = 0;
  auto work = [&] {
    std::unique_lock<std::mutex> lock(mu);
    while (true) {
      changed.wait(lock, [&] { return next_claim >= n || next_claim < next_print + window; });
      if (next_claim >= n) return;
      const size_t i = next_claim++;
      lock.unlock();
      FileResult r = NormalizeFile((*files)[i], output, **normalizer);
      lock.lock();
      results[i] = std::move(r);
      changed.notify_all();
    }
  };
  // With more than one thread, `threads` workers normalize and this thread
  // prints in input order.
  std::vector<std::thread> pool;
  for (int t = 0; threads > 1 && t < threads; ++t) pool.emplace_back(work);
  int failed = 0;
  if (threads == 1) {
    for (const InputFile& file : *files) {
      const FileResult r = NormalizeFile(file, output, **normalizer);
      std::fputs(r.err.c_str(), stderr);
      std::fwrite(r.out.data(), 1, r.out.size(), stdout);
      failed += r.failed ? 1 : 0;
    }
  } else {
    std::unique_lock<std::mutex> lock(mu);
    while (next_print < n) {
      changed.wait(lock, [&] { return results[next_print].has_value(); });
      FileResult r = *std::move(results[next_print]);
      results[next_print].reset();
      ++next_print;
      changed.notify_all();
      lock.unlock();
      std::fputs(r.err.c_str(), stderr);
      std::fwrite(r.out.data(), 1, r.out.size(), stdout);
      failed += r.failed ? 1 : 0;
      lock.lock();
    }
  }
  for (std::thread& t : pool) t.join();
  return failed == 0 ? 0 : 1;
}

}  // namespace zhengwen::cli
