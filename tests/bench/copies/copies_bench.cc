// Copy-detection quality benchmark (docs/benchmarks.md, "Copy detection
// quality"): real pages normalized by the project's normalizer, copies made
// the way sites make them (cuts, chrome, Traditional, dropped or swapped
// paragraphs, page breaks), all ingested into one DocumentStore and exported;
// pair recall and precision of the detector beside a MinHash-Jaccard-only
// baseline at 0.8, in one run. The generator's parameters and seed are fixed
// in the protocol; do not tune them to the detector.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/match.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/text/hashing.h"
#include "common/text/minhash.h"
#include "common/text/utf8.h"
#include "services/normalization/normalizer.h"
#include "common/text/script_converter.h"
#include "services/query/document_store.h"

ABSL_FLAG(std::string, shared, "../shared", "The shared directory holding corpus/");
ABSL_FLAG(std::string, work_dir, "", "Where the store is built (default: a temp dir)");
ABSL_FLAG(double, containment_threshold, zhengwen::query::kDefaultContainmentThreshold,
          "DocumentStoreOptions.containment_threshold (for a sensitivity run)");
ABSL_FLAG(bool, list_errors, false, "Print every missed and wrongly related pair");
ABSL_FLAG(std::vector<std::string>, dump, {}, "Print the raw copy and documents of these pages");

namespace {

using zhengwen::document::v1::Document;
using zhengwen::document::v1::Page;

constexpr uint64_t kSeed = 20261201;
constexpr size_t kMinOriginalContent = 200;
constexpr double kBaselineJaccard = 0.8;

const std::vector<std::string>& ChromeLines() {
  static const auto* lines = new std::vector<std::string>{
      "首页 > 范文大全 > 讲话稿",
      "发布时间：2024-05-12 来源：本站 作者：佚名",
      "上一篇：工作总结范文 下一篇：心得体会范文",
      "【字体：大 中 小】【打印本页】【关闭窗口】",
      "扫一扫分享到微信朋友圈",
      "本文由网友投稿，版权归原作者所有，如有侵权请联系删除。",
      "相关推荐：",
      "点击量：1234 次",
      "您现在的位置：网站首页 >> 文章中心 >> 正文",
      "声明：本站部分文章来源于网络，仅供学习参考。",
      "更多精彩内容，请关注本站公众号。",
      "热门文章排行"};
  return *lines;
}

const std::vector<std::string>& PageBreakLines() {
  static const auto* lines =
      new std::vector<std::string>{"第2页", "下一页", "（未完，请翻页）", "- 2 -"};
  return *lines;
}

std::u32string CodePoints(const std::string& text) {
  std::u32string out;
  for (size_t pos = 0; pos < text.size();) out.push_back(zhengwen::DecodeUtf8(text, &pos));
  return out;
}

std::string Utf8(const std::u32string& text) {
  std::string out;
  for (char32_t cp : text) zhengwen::EncodeUtf8(cp, &out);
  return out;
}

bool EndsSentence(char32_t cp) {
  return cp == U'。' || cp == U'！' || cp == U'？' || cp == U'\n';
}

struct Family {
  std::string original_page;
  std::string near_copy;
  std::vector<std::pair<std::string, double>> partial;  // page, share of the original kept
};

struct Generator {
  std::mt19937_64 random{kSeed};
  const zhengwen::ScriptConverter* to_traditional;

  double Uniform(double lo, double hi) {
    return std::uniform_real_distribution<double>(lo, hi)(random);
  }
  size_t Below(size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(random); }
  bool Chance(double p) { return Uniform(0, 1) < p; }

  // Chrome above and below, Traditional, page break: shared by every copy.
  std::string Dress(std::vector<std::string> paragraphs) {
    if (Chance(0.5) && paragraphs.size() >= 2) {
      const size_t at = 1 + Below(paragraphs.size() - 1);
      paragraphs.insert(paragraphs.begin() + at, PageBreakLines()[Below(PageBreakLines().size())]);
    }
    std::vector<std::string> lines;
    const size_t top = 1 + Below(3), bottom = 1 + Below(2);
    for (size_t i = 0; i < top; ++i) lines.push_back(ChromeLines()[Below(ChromeLines().size())]);
    lines.insert(lines.end(), paragraphs.begin(), paragraphs.end());
    for (size_t i = 0; i < bottom; ++i) lines.push_back(ChromeLines()[Below(ChromeLines().size())]);
    std::string text = absl::StrJoin(lines, "\n") + "\n";
    if (Chance(0.5)) text = to_traditional->ToSimplified(text);  // s2t converter
    return text;
  }

  std::string NearCopy(const std::string& text) {
    body_content = zhengwen::ContentCharacters(text).size();
    return Dress(absl::StrSplit(text, '\n', absl::SkipEmpty()));
  }
  size_t body_content = 0;  // content characters of the last copy's body

  // Returns the copy and the share of the original's code points it keeps.
  std::pair<std::string, double> PartialCopy(const std::string& text) {
    const std::u32string all = CodePoints(text);
    size_t cut = static_cast<size_t>(Uniform(0.3, 0.9) * all.size());
    while (cut < all.size() && !EndsSentence(all[cut - 1])) ++cut;
    std::vector<std::string> paragraphs =
        absl::StrSplit(Utf8(all.substr(0, cut)), '\n', absl::SkipEmpty());
    const double edit = Uniform(0, 1);
    if (paragraphs.size() >= 3 && edit < 1.0 / 3) {
      paragraphs.erase(paragraphs.begin() + 1 + Below(paragraphs.size() - 1));
    } else if (paragraphs.size() >= 3 && edit < 2.0 / 3) {
      const size_t at = Below(paragraphs.size() - 1);
      std::swap(paragraphs[at], paragraphs[at + 1]);
    }
    size_t kept = 0;
    for (const std::string& paragraph : paragraphs) kept += CodePoints(paragraph).size() + 1;
    const double share = std::min(1.0, static_cast<double>(kept) / all.size());
    body_content = zhengwen::ContentCharacters(absl::StrJoin(paragraphs, "\n")).size();
    return {Dress(std::move(paragraphs)), share};
  }
};

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// Files of the dev set to leave out: all but the first page of each cluster label.
std::set<std::string> DevDuplicates(const std::string& dev) {
  std::map<std::string, std::string> first;  // label -> first file
  std::set<std::string> skip;
  std::ifstream in(dev + "/expected.jsonl");
  std::string line;
  std::vector<std::pair<std::string, std::string>> rows;
  while (std::getline(in, line)) {
    // {"file": "d008.txt", ... "cluster": "label" | null, ...}
    const size_t f = line.find("\"file\": \"");
    const size_t c = line.find("\"cluster\": \"");
    if (f == std::string::npos || c == std::string::npos) continue;
    const std::string file = line.substr(f + 9, line.find('"', f + 9) - f - 9);
    const std::string label = line.substr(c + 12, line.find('"', c + 12) - c - 12);
    rows.emplace_back(file, label);
  }
  std::sort(rows.begin(), rows.end());
  for (const auto& [file, label] : rows) {
    if (!first.emplace(label, file).second) skip.insert(file);
  }
  return skip;
}

struct Counts {
  int found = 0, total = 0;
  double recall() const { return total == 0 ? 0 : static_cast<double>(found) / total; }
};

}  // namespace

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  const std::string shared = absl::GetFlag(FLAGS_shared);
  auto normalizer = zhengwen::normalization::Normalizer::Create({});
  auto s2t = zhengwen::ScriptConverter::Create("s2t.json");
  if (!normalizer.ok() || !s2t.ok()) {
    std::fprintf(stderr, "setup failed\n");
    return 1;
  }
  std::vector<std::string> files;
  const std::set<std::string> skip = DevDuplicates(shared + "/corpus/dev");
  for (const char* dir : {"/corpus/dev/pages", "/corpus/html-dev/pages", "/corpus/seeds"}) {
    if (!std::filesystem::is_directory(shared + dir)) continue;
    for (const auto& entry : std::filesystem::directory_iterator(shared + dir)) {
      const std::string name = entry.path().filename().string();
      if (!entry.is_regular_file() || absl::EndsWith(name, ".jsonl") || absl::EndsWith(name, ".md")) continue;
      if (absl::StrContains(dir, "/dev/") && skip.count(name)) continue;
      files.push_back(entry.path().string());
    }
  }
  std::sort(files.begin(), files.end());

  auto normalize = [&](const std::string& page_id, const std::string& uri, const std::string& bytes,
                       bool html) {
    Page page;
    page.set_page_id(page_id);
    page.set_source_uri(uri);
    page.set_content(bytes);
    page.set_content_type(html ? "text/html" : "text/plain");
    auto docs = (*normalizer)->Normalize(page);
    return docs.ok() ? *docs : std::vector<Document>();
  };

  std::vector<zhengwen::query::PageDocuments> pages;
  std::map<std::string, std::set<int>> families_of_page;
  std::vector<Family> families;
  Generator generator;
  generator.to_traditional = s2t->get();
  std::vector<std::pair<std::string, std::string>> copies_to_make;  // family page, text
  std::map<std::string, size_t> body_content;  // copy page -> content characters of its body
  for (size_t f = 0; f < files.size(); ++f) {
    const std::string page_id = "o" + std::to_string(f);
    auto docs = normalize(page_id, files[f], ReadFile(files[f]), absl::EndsWith(files[f], ".html"));
    if (docs.empty()) continue;
    for (const Document& doc : docs) {
      if (zhengwen::ContentCharacters(doc.text()).size() < kMinOriginalContent) continue;
      const int family = static_cast<int>(families.size());
      Family fam;
      fam.original_page = page_id;
      families_of_page[page_id].insert(family);
      const std::string base = page_id + "p" + std::to_string(doc.part()) + "c";
      fam.near_copy = base + "0";
      copies_to_make.emplace_back(fam.near_copy, generator.NearCopy(doc.text()));
      body_content[fam.near_copy] = generator.body_content;
      for (int k = 1; k <= 3; ++k) {
        auto [text, share] = generator.PartialCopy(doc.text());
        fam.partial.emplace_back(base + std::to_string(k), share);
        copies_to_make.emplace_back(base + std::to_string(k), std::move(text));
        body_content[base + std::to_string(k)] = generator.body_content;
      }
      for (const auto& id : {fam.near_copy}) families_of_page[id].insert(family);
      for (const auto& [id, share] : fam.partial) families_of_page[id].insert(family);
      families.push_back(std::move(fam));
    }
    pages.push_back({page_id, std::move(docs), ""});
  }
  size_t copy_pages_without_document = 0;
  // Copies whose documents hold less than half of the body put in them: the
  // normalizer cut the body (a diagnostic; they stay in the protocol figures).
  std::set<std::string> body_lost;
  for (const auto& [page_id, text] : copies_to_make) {
    auto docs = normalize(page_id, "copy://" + page_id, text, false);
    for (const std::string& wanted : absl::GetFlag(FLAGS_dump)) {
      if (wanted != page_id) continue;
      std::printf("== %s raw:\n%s\n", page_id.c_str(), text.c_str());
      for (const Document& doc : docs) std::printf("== %s doc:\n%s\n", doc.id().c_str(), doc.text().c_str());
    }
    if (docs.empty()) ++copy_pages_without_document;
    size_t content = 0;
    for (const Document& doc : docs) content += zhengwen::ContentCharacters(doc.text()).size();
    if (content * 2 < body_content[page_id]) body_lost.insert(page_id);
    pages.push_back({page_id, std::move(docs), ""});
  }

  zhengwen::query::DocumentStoreOptions options;
  options.containment_threshold = absl::GetFlag(FLAGS_containment_threshold);
  std::string work_dir = absl::GetFlag(FLAGS_work_dir);
  if (work_dir.empty()) {
    work_dir = (std::filesystem::temp_directory_path() /
                ("copies_bench_" + std::to_string(::getpid())))
                   .string();
  }
  std::filesystem::remove_all(work_dir);
  auto store = zhengwen::query::DocumentStore::Open(work_dir, options);
  if (!store.ok()) {
    std::fprintf(stderr, "open: %s\n", store.status().ToString().c_str());
    return 1;
  }
  size_t documents = 0;
  for (const auto& page : pages) {
    documents += page.documents.size();
    auto put = (*store)->PutDocuments(page.page_id, page.documents, "");
    if (!put.ok()) {
      std::fprintf(stderr, "put %s: %s\n", page.page_id.c_str(), put.status().ToString().c_str());
      return 1;
    }
  }

  // Detector: export, page pairs by relation.
  using PagePair = std::pair<std::string, std::string>;
  std::map<PagePair, zhengwen::document::v1::CopyRelation> detected;  // (a, b): relation of a to b
  std::vector<Document> all;
  std::string token;
  for (int round = 0; round < 10000; ++round) {
    auto list = (*store)->ListDocuments(1000, token, "");
    if (!list.ok()) return 1;
    for (Document& doc : list->documents) all.push_back(std::move(doc));
    token = list->next_page_token;
    if (token.empty()) break;
  }
  std::map<std::string, std::string> page_of;
  for (const Document& doc : all) page_of[doc.id()] = doc.page_id();
  for (const Document& doc : all) {
    for (const auto& entry : doc.near_duplicates()) {
      const std::string& other = page_of[entry.id()];
      if (other == doc.page_id()) continue;
      auto [it, inserted] = detected.emplace(PagePair{doc.page_id(), other}, entry.relation());
      if (!inserted && entry.relation() == zhengwen::document::v1::COPY_RELATION_DUPLICATE) {
        it->second = entry.relation();
      }
    }
  }
  // Baseline: MinHash Jaccard >= 0.8 over every pair of documents.
  std::set<PagePair> baseline;
  std::vector<zhengwen::MinHashSignature> signatures;
  for (const Document& doc : all) signatures.push_back(zhengwen::ComputeMinHash(doc.text()));
  for (size_t i = 0; i < all.size(); ++i) {
    for (size_t j = i + 1; j < all.size(); ++j) {
      if (all[i].page_id() == all[j].page_id()) continue;
      if (zhengwen::EstimateSimilarity(signatures[i], signatures[j]) >= kBaselineJaccard) {
        baseline.insert(std::minmax(all[i].page_id(), all[j].page_id()));
      }
    }
  }
  auto same_family = [&](const std::string& a, const std::string& b) {
    const auto& fa = families_of_page[a];
    const auto& fb = families_of_page[b];
    for (int f : fa) {
      if (fb.count(f)) return true;
    }
    return false;
  };
  auto related = [&](const std::string& a, const std::string& b) {
    return detected.count({a, b}) || detected.count({b, a});
  };
  Counts near, half, small, direction, near_base, half_base, small_base;
  Counts near_kept, half_kept, small_kept;  // only copies whose body survived normalization
  Counts near_kept_base, half_kept_base, small_kept_base;
  const bool list_errors = absl::GetFlag(FLAGS_list_errors);
  for (const Family& fam : families) {
    near.total++, near_base.total++;
    if (!body_lost.count(fam.near_copy)) {
      near_kept.total++;
      near_kept.found += related(fam.original_page, fam.near_copy);
      near_kept_base.total++;
      near_kept_base.found += baseline.count(std::minmax(fam.original_page, fam.near_copy));
    }
    if (related(fam.original_page, fam.near_copy)) near.found++;
    else if (list_errors) std::printf("missed near %s %s\n", fam.original_page.c_str(), fam.near_copy.c_str());
    if (baseline.count(std::minmax(fam.original_page, fam.near_copy))) near_base.found++;
    for (const auto& [page, share] : fam.partial) {
      Counts& counts = share >= 0.5 ? half : small;
      Counts& base = share >= 0.5 ? half_base : small_base;
      counts.total++, base.total++;
      if (!body_lost.count(page)) {
        Counts& kept = share >= 0.5 ? half_kept : small_kept;
        kept.total++;
        kept.found += related(fam.original_page, page);
        Counts& kept_base = share >= 0.5 ? half_kept_base : small_kept_base;
        kept_base.total++;
        kept_base.found += baseline.count(std::minmax(fam.original_page, page));
      }
      if (related(fam.original_page, page)) {
        counts.found++;
        direction.total++;
        auto it = detected.find({page, fam.original_page});
        if (it != detected.end() &&
            (it->second == zhengwen::document::v1::COPY_RELATION_CONTAINED_IN ||
             it->second == zhengwen::document::v1::COPY_RELATION_DUPLICATE)) {
          direction.found++;
        }
      } else if (list_errors) {
        std::printf("missed partial %.2f %s %s\n", share, fam.original_page.c_str(), page.c_str());
      }
      if (baseline.count(std::minmax(fam.original_page, page))) base.found++;
    }
  }
  // Precision by reported relation (page pairs, each once).
  int dup_reported = 0, dup_right = 0, part_reported = 0, part_right = 0, all_reported = 0,
      all_right = 0;
  std::set<PagePair> seen;
  for (const auto& [pair, relation] : detected) {
    const PagePair key = std::minmax(pair.first, pair.second);
    if (!seen.insert(key).second) continue;
    auto reverse = detected.find({pair.second, pair.first});
    const bool duplicate =
        relation == zhengwen::document::v1::COPY_RELATION_DUPLICATE ||
        (reverse != detected.end() && reverse->second == zhengwen::document::v1::COPY_RELATION_DUPLICATE);
    const bool right = same_family(pair.first, pair.second);
    ++all_reported;
    all_right += right;
    if (duplicate) {
      ++dup_reported;
      dup_right += right;
    } else {
      ++part_reported;
      part_right += right;
    }
    if (!right && list_errors) std::printf("wrong %s %s\n", key.first.c_str(), key.second.c_str());
  }
  int base_right = 0;
  for (const auto& pair : baseline) base_right += same_family(pair.first, pair.second);
  auto ratio = [](int a, int b) { return b == 0 ? 0.0 : static_cast<double>(a) / b; };
  std::printf("command: copies_bench --shared=%s --containment_threshold=%g\n", shared.c_str(),
              options.containment_threshold);
  std::printf("seed %llu: %zu source files, %zu originals, %zu pages (%zu copies without a "
              "document), %zu documents\n",
              static_cast<unsigned long long>(kSeed), files.size(), families.size(), pages.size(),
              copy_pages_without_document, documents);
  std::printf("| pairs | count | detector recall | baseline (MinHash J>=0.8) recall |\n");
  std::printf("|---|---:|---:|---:|\n");
  std::printf("| near-identical | %d | %.3f | %.3f |\n", near.total, near.recall(), near_base.recall());
  std::printf("| partial, keeps >= half | %d | %.3f | %.3f |\n", half.total, half.recall(), half_base.recall());
  std::printf("| partial, keeps < half | %d | %.3f | %.3f |\n", small.total, small.recall(), small_base.recall());
  std::printf("copies whose body the normalizer kept (%zu of %zu copies lost more than half): "
              "recall near-identical %.3f (%d), partial >= half %.3f (%d), partial < half %.3f (%d)\n",
              body_lost.size(), copies_to_make.size(), near_kept.recall(), near_kept.total,
              half_kept.recall(), half_kept.total, small_kept.recall(), small_kept.total);
  std::printf("  baseline on the same copies: near-identical %.3f, partial >= half %.3f, partial < half %.3f\n",
              near_kept_base.recall(), half_kept_base.recall(), small_kept_base.recall());
  std::printf("partial copies found with the copy CONTAINED_IN (or DUPLICATE of) the original: %d of %d\n",
              direction.found, direction.total);
  std::printf("| precision | reported pairs | detector | baseline |\n|---|---:|---:|---:|\n");
  std::printf("| DUPLICATE | %d | %.3f | |\n", dup_reported, ratio(dup_right, dup_reported));
  std::printf("| CONTAINS / CONTAINED_IN | %d | %.3f | |\n", part_reported, ratio(part_right, part_reported));
  std::printf("| all relations | %d | %.3f | %.3f (%zu pairs) |\n", all_reported,
              ratio(all_right, all_reported), ratio(base_right, static_cast<int>(baseline.size())),
              baseline.size());
  (*store)->Close().IgnoreError();
  std::filesystem::remove_all(work_dir);
  return 0;
}
