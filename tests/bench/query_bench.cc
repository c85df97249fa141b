// query_bench: the query service's index against SQLite FTS5 (trigram
// tokenizer) and Xapian (CJK n-grams, BM25 k1=1.2 b=0.75) on the same
// documents and queries, in one run: index build time, index size, query
// latency (p50/p99) and known-item accuracy (MRR@10). Prints a Markdown table.
//
//   query_bench --corpus=poems.tsv [--max_docs=N] [--queries=N] [--pages=DIR...]
//
// The corpus is one document per line, "collection<TAB>title<TAB>text" with
// "\n" in text escaped as "\\n" (tests/bench/flatten_poetry.js writes it from
// the chinese-poetry npm package). Texts are converted to Simplified first, as
// normalization would; every engine indexes the same Simplified title + text.
// Known-item queries are substrings of one document's text; a hit counts when
// it is that document or one with the same text (the corpus has duplicates).
//
// Equal work per query: each engine returns the ids of its 10 best documents
// by BM25 and nothing else. Ours is asked for SEARCH_HIT_VIEW_BASIC (ids and
// scores, no document read, no snippet; --snippets asks for full hits), and
// still converts the query script (skipped when no character converts) and
// counts every match for total_hits; SQLite runs MATCH ... ORDER BY rank
// LIMIT 10 (bm25() on every match); Xapian's get_mset(0, 10) may stop early.
#include <sqlite3.h>
#include <sys/stat.h>
#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "common/text/hashing.h"
#include "common/text/utf8.h"
#include "services/normalization/normalizer.h"
#include "common/text/script_converter.h"
#include "services/query/document_store.h"

ABSL_FLAG(std::string, corpus, "", "TSV corpus (collection, title, text)");
ABSL_FLAG(int, max_docs, 0, "Use at most this many corpus documents (0: all)");
ABSL_FLAG(int, queries, 2000, "Known-item queries to run");
ABSL_FLAG(int, similar_queries, 1000,
          "zhengwen: FindSimilar calls by id (evenly spaced documents) timed after the build");
ABSL_FLAG(std::vector<std::string>, pages, {}, "Directories of pages (our own kind) to normalize and add");
ABSL_FLAG(std::string, work_dir, "", "Where the three indexes are built (default: a temp dir)");
ABSL_FLAG(int, batch_pages, 0,
          "Pages per PutPages write when building our index (0: the whole corpus in one "
          "write, as SQLite gets one transaction and Xapian one commit; each write is a "
          "bulk load, see DocumentStoreOptions.bulk_write_operations)");
ABSL_FLAG(int, bulk_write_operations, zhengwen::query::DocumentStoreOptions().bulk_write_operations,
          "DocumentStoreOptions.bulk_write_operations for our index (0: no bulk path)");
ABSL_FLAG(bool, snippets, false,
          "Ask our index for full hits (documents read, snippets cut) instead of ids and scores");
ABSL_FLAG(std::string, engines, "zhengwen,sqlite,xapian", "Engines to run");
ABSL_FLAG(std::string, ranks_out, "",
          "Write each query's rank of its target (0: not in the top 10) and latency in ms "
          "per engine here (TSV)");

namespace {

using Clock = std::chrono::steady_clock;
using zhengwen::document::v1::Document;

double Seconds(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

struct Corpus {
  std::vector<std::string> titles;        // Simplified
  std::vector<std::string> texts;         // Simplified
  std::vector<std::string> original_texts;  // as in the corpus (mostly Traditional)
};

struct Query {
  std::string text;              // Simplified substring of the target's text
  std::string traditional;       // the same substring of the original text
  size_t target = 0;
};

std::u32string CodePoints(absl::string_view text) {
  std::u32string out;
  for (size_t pos = 0; pos < text.size();) out.push_back(zhengwen::DecodeUtf8(text, &pos));
  return out;
}

std::string Utf8(const std::u32string& cps, size_t start, size_t length) {
  std::string out;
  for (size_t i = start; i < start + length; ++i) zhengwen::EncodeUtf8(cps[i], &out);
  return out;
}

int64_t DirectoryBytes(const std::string& path) {
  int64_t total = 0;
  std::error_code ec;
  if (std::filesystem::is_regular_file(path, ec)) return std::filesystem::file_size(path, ec);
  for (auto& entry : std::filesystem::recursive_directory_iterator(path, ec)) {
    if (entry.is_regular_file(ec)) total += entry.file_size(ec);
  }
  return total;
}

// Loads the corpus and converts it to Simplified on all cores.
Corpus LoadCorpus(const zhengwen::ScriptConverter& converter) {
  Corpus corpus;
  std::ifstream in(absl::GetFlag(FLAGS_corpus));
  std::string line;
  const int max_docs = absl::GetFlag(FLAGS_max_docs);
  std::vector<std::string> titles;
  while (std::getline(in, line)) {
    std::vector<std::string> fields = absl::StrSplit(line, '\t');
    if (fields.size() != 3 || fields[2].empty()) continue;
    titles.push_back(fields[1]);
    corpus.original_texts.push_back(absl::StrReplaceAll(fields[2], {{"\\n", "\n"}}));
    if (max_docs > 0 && static_cast<int>(titles.size()) >= max_docs) break;
  }
  const size_t n = titles.size();
  corpus.titles.resize(n);
  corpus.texts.resize(n);
  const unsigned threads = std::max(1u, std::thread::hardware_concurrency());
  std::vector<std::thread> workers;
  for (unsigned t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      for (size_t i = t; i < n; i += threads) {
        corpus.titles[i] = converter.ToSimplified(titles[i]);
        corpus.texts[i] = converter.ToSimplified(corpus.original_texts[i]);
      }
    });
  }
  for (auto& w : workers) w.join();
  return corpus;
}

// Adds the normalized pages of --pages (speeches and notices: our own kind).
void AddPages(const zhengwen::normalization::Normalizer& normalizer, Corpus* corpus) {
  for (const std::string& dir : absl::GetFlag(FLAGS_pages)) {
    std::error_code ec;
    for (auto& entry : std::filesystem::recursive_directory_iterator(dir, ec)) {
      if (!entry.is_regular_file()) continue;
      const std::string path = entry.path().string();
      if (path.size() < 4 || (path.substr(path.size() - 4) != ".txt" &&
                              path.substr(path.size() - 5) != ".html")) {
        continue;
      }
      std::ifstream in(path, std::ios::binary);
      std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      zhengwen::document::v1::Page page;
      page.set_page_id(zhengwen::Hash128Hex(bytes));
      page.set_source_uri(path);
      page.set_content(bytes);
      page.set_content_type(path.substr(path.size() - 5) == ".html" ? "text/html" : "text/plain");
      auto docs = normalizer.Normalize(page);
      if (!docs.ok()) continue;
      for (const Document& doc : *docs) {
        corpus->titles.push_back(doc.title());
        corpus->texts.push_back(doc.text());
        corpus->original_texts.push_back(doc.text());
      }
    }
  }
}

bool IsDelimiter(char32_t cp) { return !zhengwen::IsCjkCodePoint(cp); }

// Known-item queries: a run of 4 to 8 CJK characters from one clause of a
// random document; one in five is two such runs from different clauses
// (two terms, AND).
std::vector<Query> MakeQueries(const Corpus& corpus, int count) {
  std::mt19937_64 rng(20240601);
  std::vector<Query> queries;
  auto clause_run = [&](const std::u32string& cps, std::vector<std::pair<size_t, size_t>>& clauses,
                        size_t* start, size_t* length) {
    auto [s, e] = clauses[rng() % clauses.size()];
    const size_t len = std::min<size_t>(e - s, 4 + rng() % 5);
    *start = s + rng() % (e - s - len + 1);
    *length = len;
  };
  while (static_cast<int>(queries.size()) < count) {
    const size_t target = rng() % corpus.texts.size();
    const std::u32string cps = CodePoints(corpus.texts[target]);
    const std::u32string original = CodePoints(corpus.original_texts[target]);
    std::vector<std::pair<size_t, size_t>> clauses;  // CJK runs of >= 4
    for (size_t i = 0; i < cps.size();) {
      while (i < cps.size() && IsDelimiter(cps[i])) ++i;
      size_t j = i;
      while (j < cps.size() && !IsDelimiter(cps[j])) ++j;
      if (j - i >= 4) clauses.push_back({i, j});
      i = j;
    }
    if (clauses.empty()) continue;
    const bool aligned = original.size() == cps.size();
    Query query;
    query.target = target;
    const int terms = (rng() % 5 == 0 && clauses.size() > 1) ? 2 : 1;
    for (int t = 0; t < terms; ++t) {
      size_t start = 0, length = 0;
      clause_run(cps, clauses, &start, &length);
      if (t > 0) {
        query.text += " ";
        query.traditional += " ";
      }
      query.text += Utf8(cps, start, length);
      query.traditional += aligned ? Utf8(original, start, length) : Utf8(cps, start, length);
    }
    queries.push_back(std::move(query));
  }
  return queries;
}

// One engine under test.
class Engine {
 public:
  virtual ~Engine() = default;
  virtual std::string Name() const = 0;
  virtual void Build(const Corpus& corpus) = 0;
  // Untimed work after the build is measured (extra figures on stderr).
  virtual void AfterBuild(const Corpus& corpus) {}
  virtual int64_t IndexBytes() = 0;
  // The corpus indexes of the top 10 hits.
  virtual std::vector<size_t> Top10(const std::string& query) = 0;
};

double Percentile(std::vector<double> values, double p);

class ZhengwenEngine : public Engine {
 public:
  explicit ZhengwenEngine(std::string dir) : dir_(std::move(dir)) {}
  std::string Name() const override { return "Zhengwen query index (RocksDB)"; }

  void Build(const Corpus& corpus) override {
    zhengwen::query::DocumentStoreOptions options;
    options.bulk_write_operations = absl::GetFlag(FLAGS_bulk_write_operations);
    auto store = zhengwen::query::DocumentStore::Open(dir_, options);
    if (!store.ok()) Die(store.status().ToString());
    store_ = std::move(*store);
    const auto start = Clock::now();
    std::vector<zhengwen::query::PageDocuments> batch;
    const size_t per_write = absl::GetFlag(FLAGS_batch_pages) > 0
                                 ? static_cast<size_t>(absl::GetFlag(FLAGS_batch_pages))
                                 : corpus.texts.size();
    for (size_t i = 0; i < corpus.texts.size(); ++i) {
      const std::string page_id = zhengwen::Hash128Hex(absl::StrCat("page ", i));
      Document doc;
      doc.set_id(page_id + "-0");
      doc.set_page_id(page_id);
      doc.set_source_uri(absl::StrCat("bench://", i));
      doc.set_title(corpus.titles[i]);
      doc.set_text(corpus.texts[i]);
      index_of_[doc.id()] = i;
      batch.push_back({page_id, {std::move(doc)}, ""});
      if (batch.size() == per_write || i + 1 == corpus.texts.size()) {
        auto put = store_->PutPages(batch);
        if (!put.ok()) Die(put.status().ToString());
        batch.clear();
      }
    }
    const double writes = Seconds(start);
    auto compacted = store_->CompactIndex();
    if (!compacted.ok()) Die(compacted.ToString());
    std::fprintf(stderr, "zhengwen: writes %.1f s, final compaction %.1f s\n", writes,
                 Seconds(start) - writes);
  }

  void AfterBuild(const Corpus& corpus) override { TimeFindSimilar(corpus.texts.size()); }

  // FindSimilar by id (relations of every candidate verified), one call at a
  // time over evenly spaced documents; printed, not in the table.
  void TimeFindSimilar(size_t documents) {
    const size_t calls = std::min<size_t>(documents, absl::GetFlag(FLAGS_similar_queries));
    if (calls == 0) return;
    std::vector<double> latencies;
    size_t related = 0;
    for (size_t k = 0; k < calls; ++k) {
      zhengwen::query::v1::FindSimilarRequest request;
      request.set_id(zhengwen::Hash128Hex(absl::StrCat("page ", k * documents / calls)) + "-0");
      const auto t0 = Clock::now();
      auto response = store_->FindSimilar(request);
      latencies.push_back(Seconds(t0) * 1000.0);
      if (!response.ok()) Die(response.status().ToString());
      related += response->documents_size();
    }
    std::fprintf(stderr, "zhengwen: FindSimilar by id, %zu calls: p50 %.3f ms, p99 %.3f ms, %zu related\n",
                 calls, Percentile(latencies, 0.5), Percentile(latencies, 0.99), related);
  }

  int64_t IndexBytes() override { return DirectoryBytes(dir_); }

  std::vector<size_t> Top10(const std::string& query) override {
    zhengwen::query::v1::SearchRequest request;
    request.set_query(query);
    request.set_page_size(10);
    // Ids and scores only, as the peers return: no document read or snippet.
    if (!absl::GetFlag(FLAGS_snippets)) {
      request.set_hit_view(zhengwen::query::v1::SEARCH_HIT_VIEW_BASIC);
    }
    auto response = store_->Search(request);
    std::vector<size_t> out;
    if (!response.ok()) return out;
    for (const auto& hit : response->hits()) out.push_back(index_of_[hit.id()]);
    return out;
  }

 private:
  static void Die(const std::string& why) {
    std::fprintf(stderr, "zhengwen engine: %s\n", why.c_str());
    std::exit(1);
  }
  std::string dir_;
  std::unique_ptr<zhengwen::query::DocumentStore> store_;
  absl::flat_hash_map<std::string, size_t> index_of_;
};

class SqliteEngine : public Engine {
 public:
  explicit SqliteEngine(std::string path) : path_(std::move(path)) {}
  ~SqliteEngine() override {
    if (query_ != nullptr) sqlite3_finalize(query_);
    if (db_ != nullptr) sqlite3_close(db_);
  }
  std::string Name() const override { return absl::StrCat("SQLite ", sqlite3_libversion(), " FTS5 trigram"); }

  void Build(const Corpus& corpus) override {
    Check(sqlite3_open(path_.c_str(), &db_));
    Exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;");
    Exec("CREATE VIRTUAL TABLE docs USING fts5(title, body, tokenize='trigram')");
    Exec("BEGIN");
    sqlite3_stmt* insert = nullptr;
    Check(sqlite3_prepare_v2(db_, "INSERT INTO docs(rowid, title, body) VALUES(?, ?, ?)", -1,
                             &insert, nullptr));
    for (size_t i = 0; i < corpus.texts.size(); ++i) {
      sqlite3_bind_int64(insert, 1, static_cast<sqlite3_int64>(i + 1));
      sqlite3_bind_text(insert, 2, corpus.titles[i].data(), corpus.titles[i].size(), SQLITE_STATIC);
      sqlite3_bind_text(insert, 3, corpus.texts[i].data(), corpus.texts[i].size(), SQLITE_STATIC);
      if (sqlite3_step(insert) != SQLITE_DONE) Check(SQLITE_ERROR);
      sqlite3_reset(insert);
    }
    sqlite3_finalize(insert);
    Exec("COMMIT");
    // Merge the index segments, as our build compacts its posting lists.
    Exec("INSERT INTO docs(docs) VALUES('optimize')");
    Exec("PRAGMA wal_checkpoint(TRUNCATE)");
    Check(sqlite3_prepare_v2(
        db_, "SELECT rowid FROM docs WHERE docs MATCH ? ORDER BY rank LIMIT 10", -1, &query_,
        nullptr));
  }

  int64_t IndexBytes() override {
    return DirectoryBytes(path_) + DirectoryBytes(path_ + "-wal");
  }

  std::vector<size_t> Top10(const std::string& query) override {
    // Each space-separated term as an FTS5 string (a substring for trigram).
    std::vector<std::string> terms;
    for (absl::string_view term : absl::StrSplit(query, ' ', absl::SkipEmpty())) {
      terms.push_back(absl::StrCat("\"", absl::StrReplaceAll(term, {{"\"", "\"\""}}), "\""));
    }
    const std::string match = absl::StrJoin(terms, " ");
    sqlite3_reset(query_);
    sqlite3_bind_text(query_, 1, match.data(), match.size(), SQLITE_TRANSIENT);
    std::vector<size_t> out;
    while (sqlite3_step(query_) == SQLITE_ROW) {
      out.push_back(static_cast<size_t>(sqlite3_column_int64(query_, 0) - 1));
    }
    return out;
  }

 private:
  void Check(int rc) {
    if (rc != SQLITE_OK) {
      std::fprintf(stderr, "sqlite: %s\n", sqlite3_errmsg(db_));
      std::exit(1);
    }
  }
  void Exec(const char* sql) { Check(sqlite3_exec(db_, sql, nullptr, nullptr, nullptr)); }

  std::string path_;
  sqlite3* db_ = nullptr;
  sqlite3_stmt* query_ = nullptr;
};

class XapianEngine : public Engine {
 public:
  explicit XapianEngine(std::string dir) : dir_(std::move(dir)) {}
  std::string Name() const override {
    return absl::StrCat("Xapian ", Xapian::version_string(), " CJK n-grams");
  }

  void Build(const Corpus& corpus) override {
    Xapian::WritableDatabase db(dir_, Xapian::DB_CREATE_OR_OVERWRITE);
    Xapian::TermGenerator generator;
    generator.set_flags(Xapian::TermGenerator::FLAG_CJK_NGRAM);
    for (size_t i = 0; i < corpus.texts.size(); ++i) {
      Xapian::Document doc;
      generator.set_document(doc);
      generator.index_text(corpus.titles[i]);
      generator.increase_termpos();
      generator.index_text(corpus.texts[i]);
      doc.set_data(corpus.texts[i]);  // stored text, as the other two keep it
      db.replace_document(static_cast<Xapian::docid>(i + 1), doc);
    }
    db.commit();
    db.close();
    reader_ = std::make_unique<Xapian::Database>(dir_);
    enquire_ = std::make_unique<Xapian::Enquire>(*reader_);
    enquire_->set_weighting_scheme(Xapian::BM25Weight(1.2, 0, 1, 0.75, 0.5));
    parser_.set_database(*reader_);
    parser_.set_default_op(Xapian::Query::OP_AND);
  }

  int64_t IndexBytes() override { return DirectoryBytes(dir_); }

  std::vector<size_t> Top10(const std::string& query) override {
    const Xapian::Query parsed = parser_.parse_query(
        query, Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_CJK_NGRAM);
    enquire_->set_query(parsed);
    const Xapian::MSet mset = enquire_->get_mset(0, 10);
    std::vector<size_t> out;
    for (auto it = mset.begin(); it != mset.end(); ++it) out.push_back(*it - 1);
    return out;
  }

 private:
  std::string dir_;
  std::unique_ptr<Xapian::Database> reader_;
  std::unique_ptr<Xapian::Enquire> enquire_;
  Xapian::QueryParser parser_;
};

struct Result {
  std::string name;
  double build_seconds = 0;
  int64_t index_bytes = 0;
  double p50_ms = 0, p99_ms = 0, mean_ms = 0;
  double mrr = 0;
  double mrr_traditional = 0;
  double zero_hit_share = 0;
  std::vector<int> ranks;  // per query: 1-based rank of the target, 0 when not in the top 10
  std::vector<double> latencies_ms;  // per query
};

double Percentile(std::vector<double> values, double p) {
  std::sort(values.begin(), values.end());
  const size_t index = std::min(values.size() - 1, static_cast<size_t>(p * values.size()));
  return values[index];
}

Result Measure(Engine& engine, const Corpus& corpus, const std::vector<Query>& queries) {
  Result result;
  result.name = engine.Name();
  std::fprintf(stderr, "%s: building...\n", result.name.c_str());
  auto start = Clock::now();
  engine.Build(corpus);
  result.build_seconds = Seconds(start);
  result.index_bytes = engine.IndexBytes();
  std::fprintf(stderr, "%s: built in %.1f s, %.1f MiB; querying...\n", result.name.c_str(),
               result.build_seconds, result.index_bytes / 1048576.0);
  engine.AfterBuild(corpus);
  // Warm up (page cache, code paths) with a tenth of the queries, untimed.
  for (size_t i = 0; i < queries.size() / 10; ++i) engine.Top10(queries[i].text);
  auto rank_of = [&](const std::vector<size_t>& hits, size_t target) {
    for (size_t rank = 0; rank < hits.size() && rank < 10; ++rank) {
      if (hits[rank] == target || corpus.texts[hits[rank]] == corpus.texts[target]) {
        return static_cast<int>(rank + 1);
      }
    }
    return 0;
  };
  auto reciprocal_rank = [&](const std::vector<size_t>& hits, size_t target) {
    const int rank = rank_of(hits, target);
    return rank == 0 ? 0.0 : 1.0 / rank;
  };
  std::vector<double> latencies;
  double rr_sum = 0;
  int zero = 0;
  for (const Query& query : queries) {
    auto t0 = Clock::now();
    const std::vector<size_t> hits = engine.Top10(query.text);
    latencies.push_back(Seconds(t0) * 1000.0);
    rr_sum += reciprocal_rank(hits, query.target);
    result.ranks.push_back(rank_of(hits, query.target));
    zero += hits.empty();
  }
  // The same queries again (every list they read now warm): what the
  // engine's own caches are worth. Printed, not in the table.
  {
    std::vector<double> again;
    for (const Query& query : queries) {
      auto t0 = Clock::now();
      engine.Top10(query.text);
      again.push_back(Seconds(t0) * 1000.0);
    }
    std::fprintf(stderr, "%s: second pass of the same queries: p50 %.3f ms, p99 %.3f ms\n",
                 engine.Name().c_str(), Percentile(again, 0.5), Percentile(again, 0.99));
  }
  double trad_sum = 0;
  for (const Query& query : queries) trad_sum += reciprocal_rank(engine.Top10(query.traditional), query.target);
  result.latencies_ms = latencies;
  result.p50_ms = Percentile(latencies, 0.50);
  result.p99_ms = Percentile(latencies, 0.99);
  double total = 0;
  for (double l : latencies) total += l;
  result.mean_ms = total / latencies.size();
  result.mrr = rr_sum / queries.size();
  result.mrr_traditional = trad_sum / queries.size();
  result.zero_hit_share = static_cast<double>(zero) / queries.size();
  return result;
}

}  // namespace

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  auto converter = zhengwen::ScriptConverter::Create("t2s.json");
  if (!converter.ok()) {
    std::fprintf(stderr, "%s\n", converter.status().ToString().c_str());
    return 1;
  }
  auto prep_start = Clock::now();
  Corpus corpus = LoadCorpus(**converter);
  zhengwen::normalization::NormalizerOptions normalizer_options;
  auto normalizer = zhengwen::normalization::Normalizer::Create(normalizer_options);
  if (normalizer.ok()) AddPages(**normalizer, &corpus);
  if (corpus.texts.empty()) {
    std::fprintf(stderr, "no documents: give --corpus (and/or --pages)\n");
    return 2;
  }
  int64_t chars = 0;
  for (const auto& text : corpus.texts) chars += CodePoints(text).size();
  const std::vector<Query> queries = MakeQueries(corpus, absl::GetFlag(FLAGS_queries));
  std::fprintf(stderr, "corpus: %zu documents, %lld characters, %zu queries (prepared in %.1f s)\n",
               corpus.texts.size(), static_cast<long long>(chars), queries.size(),
               Seconds(prep_start));

  std::string work = absl::GetFlag(FLAGS_work_dir);
  if (work.empty()) {
    char pattern[] = "/tmp/zw-query-bench-XXXXXX";
    work = mkdtemp(pattern);
  }
  std::filesystem::create_directories(work);
  std::vector<Result> results;
  const std::string engines = absl::GetFlag(FLAGS_engines);
  for (absl::string_view name : absl::StrSplit(engines, ',')) {
    std::unique_ptr<Engine> engine;
    if (name == "zhengwen") engine = std::make_unique<ZhengwenEngine>(work + "/zhengwen");
    if (name == "sqlite") engine = std::make_unique<SqliteEngine>(work + "/fts5.sqlite");
    if (name == "xapian") engine = std::make_unique<XapianEngine>(work + "/xapian");
    if (engine == nullptr) continue;
    results.push_back(Measure(*engine, corpus, queries));
  }
  std::filesystem::remove_all(work);
  if (const std::string path = absl::GetFlag(FLAGS_ranks_out); !path.empty()) {
    std::ofstream out(path);
    out << "query\ttarget";
    for (const Result& r : results) out << "\t" << r.name << "\t" << r.name << " ms";
    out << "\n";
    for (size_t q = 0; q < queries.size(); ++q) {
      out << queries[q].text << "\t" << queries[q].target;
      for (const Result& r : results) out << "\t" << r.ranks[q] << "\t" << r.latencies_ms[q];
      out << "\n";
    }
  }

  std::printf("%zu documents (%.1f M characters), %zu known-item queries; %u cores\n\n",
              corpus.texts.size(), chars / 1e6, queries.size(), std::thread::hardware_concurrency());
  std::printf("| engine | build (s) | index (MiB) | p50 (ms) | p99 (ms) | mean (ms) | MRR@10 | no hit | MRR@10, Traditional queries |\n");
  std::printf("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
  for (const Result& r : results) {
    std::printf("| %s | %.1f | %.0f | %.3f | %.3f | %.3f | %.3f | %.1f%% | %.3f |\n", r.name.c_str(),
                r.build_seconds, r.index_bytes / 1048576.0, r.p50_ms, r.p99_ms, r.mean_ms, r.mrr,
                100.0 * r.zero_hit_share, r.mrr_traditional);
  }
  return 0;
}
