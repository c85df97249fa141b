// Normalization throughput benchmark: the whole pipeline against OpenCC's
// Traditional->Simplified conversion alone, on the same bytes, in one run.
// Prints a table with MB/s per core (single thread) and the ratios.
//
//   normalize_bench CORPUS_DIR [--repeat=N]
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <opencc/SimpleConverter.hpp>

#include "services/normalization/normalizer.h"
#include "common/text/utf8.h"

namespace {

namespace fs = std::filesystem;

struct Page {
  std::string path;
  std::string bytes;
  std::string content_type;
};

std::vector<Page> LoadCorpus(const std::string& dir) {
  std::vector<Page> pages;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    const std::string ext = entry.path().extension().string();
    pages.push_back(Page{entry.path().string(), s.str(),
                         ext == ".html" || ext == ".htm" ? "text/html" : "text/plain"});
  }
  std::sort(pages.begin(), pages.end(), [](const Page& a, const Page& b) { return a.path < b.path; });
  return pages;
}

double Seconds(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

// Runs `opencc -c t2s.json -i IN -o /dev/null` and returns its wall time.
double TimeOpenccCli(const std::string& input) {
  const auto start = std::chrono::steady_clock::now();
  pid_t pid = fork();
  if (pid == 0) {
    execlp("opencc", "opencc", "-c", "t2s.json", "-i", input.c_str(), "-o", "/dev/null",
           static_cast<char*>(nullptr));
    _exit(127);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    std::fprintf(stderr, "opencc CLI failed (status %d)\n", status);
    std::exit(1);
  }
  return Seconds(start);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s CORPUS_DIR [--repeat=N]\n", argv[0]);
    return 2;
  }
  int repeat = 3;
  for (int i = 2; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg.rfind("--repeat=", 0) == 0) repeat = std::max(1, std::atoi(arg.c_str() + 9));
  }
  std::vector<Page> pages = LoadCorpus(argv[1]);
  // `opencc` reads UTF-8 only; pages in other encodings (the GBK sample) would
  // make it fail, so every engine gets the UTF-8 pages only.
  const size_t loaded = pages.size();
  pages.erase(std::remove_if(pages.begin(), pages.end(),
                             [](const Page& p) {
                               return !zhengwen::IsValidUtf8(p.bytes);
                             }),
              pages.end());
  if (pages.size() != loaded) {
    std::printf("left out %zu pages that are not UTF-8\n", loaded - pages.size());
  }
  size_t total = 0;
  for (const auto& p : pages) total += p.bytes.size();
  const double mb = static_cast<double>(total) / 1e6;
  std::printf("corpus: %zu pages, %.1f MB (%s)\n", pages.size(), mb, argv[1]);

  auto normalizer = zhengwen::normalization::Normalizer::Create({});
  if (!normalizer.ok()) {
    std::fprintf(stderr, "%s\n", normalizer.status().ToString().c_str());
    return 1;
  }
  opencc::SimpleConverter t2s("t2s.json");

  // The same bytes in one file for the CLI.
  const std::string joined_path = (fs::temp_directory_path() / "zw-normalize-bench.txt").string();
  {
    std::ofstream out(joined_path, std::ios::binary);
    for (const auto& p : pages) out << p.bytes << "\n";
  }

  std::vector<double> pipeline, library, cli;
  size_t documents = 0, failed = 0, out_bytes = 0;
  for (int r = 0; r < repeat; ++r) {
    documents = failed = out_bytes = 0;
    auto start = std::chrono::steady_clock::now();
    for (const auto& p : pages) {
      zhengwen::document::v1::Page page;
      page.set_source_uri(p.path);
      page.set_content(p.bytes);
      page.set_content_type(p.content_type);
      auto docs = (*normalizer)->Normalize(page);
      if (!docs.ok()) {
        ++failed;
        continue;
      }
      documents += docs->size();
      for (const auto& d : *docs) out_bytes += d.text().size();
    }
    pipeline.push_back(Seconds(start));

    start = std::chrono::steady_clock::now();
    size_t converted = 0;
    for (const auto& p : pages) converted += t2s.Convert(p.bytes.data(), p.bytes.size()).size();
    library.push_back(Seconds(start));
    if (converted == 0) std::printf("(nothing converted)\n");

    cli.push_back(TimeOpenccCli(joined_path));
  }
  fs::remove(joined_path);

  const double p = Median(pipeline), l = Median(library), c = Median(cli);
  std::printf("pipeline output: %zu documents, %.1f MB of clean text, %zu pages refused\n",
              documents, static_cast<double>(out_bytes) / 1e6, failed);
  std::printf("\n| engine (1 thread, median of %d) | seconds | MB/s | speed vs `opencc -c t2s.json` |\n",
              repeat);
  std::printf("|---|---|---|---|\n");
  std::printf("| Zhengwen normalization (whole pipeline) | %.2f | %.1f | %.2fx |\n", p, mb / p, c / p);
  std::printf("| OpenCC t2s, library (SimpleConverter) | %.2f | %.1f | %.2fx |\n", l, mb / l, c / l);
  std::printf("| `opencc -c t2s.json` (CLI) | %.2f | %.1f | 1.00x |\n", c, mb / c);
  return 0;
}
