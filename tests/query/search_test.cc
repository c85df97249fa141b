// Search over a real DocumentStore (RocksDB in a temp dir): every query
// feature, filters, BM25 order, highlights, pagination, page replacement.
#include <set>

#include "absl/strings/str_cat.h"
#include "common/error_reason.h"
#include "common/text/utf8.h"
#include "gtest/gtest.h"
#include "common/text/script_converter.h"
#include "services/query/document_store.h"
#include "tests/support/subprocess.h"

namespace zhengwen::query {
namespace {

using zhengwen::query::v1::SearchRequest;
using zhengwen::query::v1::SearchResponse;

Document Doc(const std::string& page, int part, const std::string& title, const std::string& text) {
  Document doc;
  doc.set_id(absl::StrCat(page, "-", part));
  doc.set_page_id(page);
  doc.set_part(part);
  doc.set_title(title);
  doc.set_text(text);
  return doc;
}

// Highlight and span offsets count code points.
std::string Substr(const std::string& text, int offset, int length) {
  return CodePointSubstr(text, offset, length);
}

class SearchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = DocumentStore::Open(dir_.path());
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = std::move(*store);
  }

  void Put(const std::string& page, std::vector<Document> docs, const std::string& replaces = "") {
    auto put = store_->PutDocuments(page, docs, replaces);
    ASSERT_TRUE(put.ok()) << put.status();
  }

  SearchResponse Search(const std::string& query, int page_size = 10,
                        const std::string& token = "") {
    SearchRequest request;
    request.set_query(query);
    request.set_page_size(page_size);
    request.set_page_token(token);
    auto response = store_->Search(request);
    EXPECT_TRUE(response.ok()) << query << ": " << response.status();
    return response.ok() ? *response : SearchResponse();
  }

  std::vector<std::string> Ids(const std::string& query) {
    std::vector<std::string> ids;
    const SearchResponse response = Search(query, 100);
    for (const auto& hit : response.hits()) ids.push_back(hit.id());
    std::sort(ids.begin(), ids.end());
    return ids;
  }

  testing::TempDir dir_;
  std::unique_ptr<DocumentStore> store_;
};

TEST_F(SearchTest, TermsPhrasesSubstringsExclusionsAndOr) {
  Put("p1", {Doc("p1", 0, "静夜思", "床前明月光，疑是地上霜。举头望明月，低头思故乡。")});
  Put("p2", {Doc("p2", 0, "月下", "明亮的月光照在床前，地上一片白霜。")});
  Put("p3", {Doc("p3", 0, "Report", "COVID-19疫情期间，明月依旧。")});
  // An unquoted run needs all its bigrams; a quoted phrase needs them contiguous.
  EXPECT_EQ(Ids("床前 月光"), (std::vector<std::string>{"p1-0", "p2-0"}));
  EXPECT_EQ(Ids("\"床前明月光\""), (std::vector<std::string>{"p1-0"}));
  EXPECT_EQ(Ids("\"月光照\""), (std::vector<std::string>{"p2-0"}));
  // Single characters and substrings in the middle of words.
  EXPECT_EQ(Ids("霜"), (std::vector<std::string>{"p1-0", "p2-0"}));
  EXPECT_EQ(Ids("望明"), (std::vector<std::string>{"p1-0"}));
  // Exclusions and OR.
  EXPECT_EQ(Ids("明月 -故乡"), (std::vector<std::string>{"p3-0"}));
  EXPECT_EQ(Ids("故乡 OR 疫情"), (std::vector<std::string>{"p1-0", "p3-0"}));
  EXPECT_EQ(Ids("地上 故乡 OR 白霜"), (std::vector<std::string>{"p1-0", "p2-0"}));
  // Words: case and width folded; mixed scripts without a space form a phrase.
  EXPECT_EQ(Ids("covid"), (std::vector<std::string>{"p3-0"}));
  EXPECT_EQ(Ids("ＣＯＶＩＤ-19疫情"), (std::vector<std::string>{"p3-0"}));
  EXPECT_TRUE(Ids("19covid").empty());
  // Titles are searchable too.
  EXPECT_EQ(Ids("静夜思"), (std::vector<std::string>{"p1-0"}));
  EXPECT_EQ(Search("霜").total_hits(), 2);
  // Errors name their reason.
  SearchRequest bad;
  bad.set_query("-月光");
  EXPECT_EQ(ErrorReason(store_->Search(bad).status()), "INVALID_QUERY");
  bad.set_query("月光");
  bad.set_page_token("not-a-token");
  EXPECT_EQ(ErrorReason(store_->Search(bad).status()), "INVALID_PAGE_TOKEN");
}

TEST_F(SearchTest, TraditionalQueryFindsSimplifiedTextAndHighlightsIt) {
  Put("p1",
      {Doc("p1", 0, "讲话", "同志们：我们要推进国家治理体系和治理能力现代化，坚持发展经济。")});
  for (const std::string& query : {"國家治理", "\"國家治理\"", "發展經濟"}) {
    const SearchResponse response = Search(query);
    ASSERT_EQ(response.hits_size(), 1) << query;
  }
  const auto hit = Search("\"國家治理\"").hits(0);
  ASSERT_EQ(hit.highlights_size(), 1);
  auto doc = store_->GetDocument(hit.id());
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ(Substr(doc->text(), hit.highlights(0).offset(), hit.highlights(0).length()),
            "国家治理");
}

TEST_F(SearchTest, HighlightOffsetsPointAtMatchesEvenDeepInLongDocuments) {
  // A long document: the match sits past 200,000 code points (no truncation).
  std::string text;
  for (int i = 0; i < 20000; ++i) text += "一二三四五六七八九十";
  text += "\n第一，要抓源头治理。Ｘ光检查。";
  Put("long", {Doc("long", 0, "长文", text)});
  for (const std::string& query : {"源头治理", "\"抓源头\"", "x", "第一 检查"}) {
    const SearchResponse response = Search(query);
    ASSERT_EQ(response.hits_size(), 1) << query;
    const auto& hit = response.hits(0);
    ASSERT_GT(hit.highlights_size(), 0) << query;
    EXPECT_GE(hit.snippet_offset(), 199000);
    for (const auto& span : hit.highlights()) {
      const std::string matched = Substr(text, span.offset(), span.length());
      const std::string in_snippet =
          Substr(hit.snippet(), span.offset() - hit.snippet_offset(), span.length());
      EXPECT_EQ(matched, in_snippet);
      EXPECT_TRUE(matched == "源头治理" || matched == "抓源头" || matched == "Ｘ" ||
                  matched == "第一" || matched == "检查")
          << query << " highlighted " << matched;
    }
  }
}

TEST_F(SearchTest, Bm25PrefersMoreOccurrencesAndShorterDocuments) {
  Put("a", {Doc("a", 0, "", "质量工作。质量第一。质量强国。")});
  Put("b", {Doc("b", 0, "", "质量工作会议今天召开。")});
  Put("c", {Doc("c", 0, "",
                std::string("质量工作会议今天召开。") + std::string(300, 'x') +
                    " 其他内容其他内容其他内容其他内容其他内容其他内容")});
  const SearchResponse response = Search("质量");
  ASSERT_EQ(response.hits_size(), 3);
  EXPECT_EQ(response.hits(0).id(), "a-0");
  EXPECT_EQ(response.hits(1).id(), "b-0");
  EXPECT_EQ(response.hits(2).id(), "c-0");
  EXPECT_GT(response.hits(0).score(), response.hits(1).score());
  // A contiguous run outranks its bigrams scattered: d and e have the same
  // length and the same count of each bigram (会议 twice, 议工 and 工作
  // once), only e holds 会议工作 whole. d is older, so it would win a tie.
  Put("d", {Doc("d", 0, "", "会议在议工地开展工作，会议")});
  Put("e", {Doc("e", 0, "", "在某地开展会议工作的，会议")});
  const SearchResponse run = Search("会议工作");
  ASSERT_EQ(run.hits_size(), 2);
  EXPECT_EQ(run.hits(0).id(), "e-0");
  EXPECT_GT(run.hits(0).score(), run.hits(1).score());
}

TEST_F(SearchTest, FiltersOnDateHostScriptAndPlaceholders) {
  auto doc = [](const std::string& page, const std::string& uri, const std::string& date,
                document::v1::Script script, int placeholders) {
    Document d = Doc(page, 0, "", "乡村振兴工作会议");
    d.set_source_uri(uri);
    d.set_published_at(date);
    d.mutable_quality()->set_input_script(script);
    d.mutable_quality()->set_placeholder_count(placeholders);
    return d;
  };
  Put("a", {doc("a", "https://www.gov.cn/a", "2021-05-01", document::v1::SCRIPT_HANS, 0)});
  Put("b",
      {doc("b", "https://News.Example.com:8080/b", "2022-09-16", document::v1::SCRIPT_HANT, 2)});
  Put("c", {doc("c", "/tmp/c.txt", "", document::v1::SCRIPT_HANS, 1)});
  auto ids = [&](const std::function<void(v1::SearchFilter*)>& set) {
    SearchRequest request;
    request.set_query("乡村振兴");
    set(request.mutable_filter());
    auto response = store_->Search(request);
    EXPECT_TRUE(response.ok()) << response.status();
    std::vector<std::string> out;
    for (const auto& hit : response->hits()) out.push_back(hit.id());
    std::sort(out.begin(), out.end());
    return out;
  };
  using V = std::vector<std::string>;
  EXPECT_EQ(ids([](auto* f) {}), (V{"a-0", "b-0", "c-0"}));
  EXPECT_EQ(ids([](auto* f) { f->set_published_after("2022-01-01"); }), (V{"b-0"}));
  EXPECT_EQ(ids([](auto* f) { f->set_published_before("2021"); }), (V{"a-0"}));
  EXPECT_EQ(ids([](auto* f) { f->add_source_hosts("news.example.com"); }), (V{"b-0"}));
  EXPECT_EQ(ids([](auto* f) { f->add_source_hosts("nowhere.org"); }), (V{}));
  EXPECT_EQ(ids([](auto* f) { f->set_input_script(document::v1::SCRIPT_HANT); }), (V{"b-0"}));
  EXPECT_EQ(ids([](auto* f) { f->set_has_placeholders(false); }), (V{"a-0"}));
  EXPECT_EQ(ids([](auto* f) { f->set_has_placeholders(true); }), (V{"b-0", "c-0"}));
  SearchRequest bad;
  bad.set_query("乡村");
  bad.mutable_filter()->set_published_after("yesterday");
  EXPECT_EQ(ErrorReason(store_->Search(bad).status()), "INVALID_FILTER");
}

TEST_F(SearchTest, PaginationIsStableWhileDocumentsAreWritten) {
  for (int i = 0; i < 57; ++i) {
    const std::string page = absl::StrCat("p", 100 + i);
    std::string text = "政府工作报告";
    for (int k = 0; k < i % 7; ++k) text += "政府";
    Put(page, {Doc(page, 0, "", text + std::string(i % 11, 'z'))});
  }
  std::vector<std::string> all;
  const SearchResponse everything = Search("政府", 1000);
  for (const auto& hit : everything.hits()) all.push_back(hit.id());
  ASSERT_EQ(all.size(), 57u);
  std::vector<std::string> paged;
  std::string token;
  int pages = 0;
  do {
    const SearchResponse response = Search("政府", 5, token);
    EXPECT_EQ(response.total_hits(), 57 + pages);  // the count sees the writes
    for (const auto& hit : response.hits()) paged.push_back(hit.id());
    token = response.next_page_token();
    // A write between pages neither repeats nor drops a hit of the first ranking.
    Put(absl::StrCat("new", pages), {Doc(absl::StrCat("new", pages), 0, "", "政府政府政府")});
    ++pages;
  } while (!token.empty());
  std::vector<std::string> original;
  for (const auto& id : paged) {
    if (id.rfind("new", 0) != 0) original.push_back(id);
  }
  EXPECT_EQ(original, all);
  EXPECT_EQ(std::set<std::string>(paged.begin(), paged.end()).size(), paged.size());
  // A token is tied to its query.
  const std::string first_token = Search("政府", 5).next_page_token();
  SearchRequest other;
  other.set_query("报告");
  other.set_page_token(first_token);
  EXPECT_EQ(ErrorReason(store_->Search(other).status()), "INVALID_PAGE_TOKEN");
}

TEST_F(SearchTest, ReingestReplacesIndexEntriesAndKeepsStatsExact) {
  Put("old", {Doc("old", 0, "", "旧版本的内容"), Doc("old", 1, "", "第二部分")});
  Put("old", {Doc("old", 0, "", "同一页面重新写入")});  // same page again
  EXPECT_TRUE(Ids("旧版本").empty());
  EXPECT_EQ(Ids("重新写入"), (std::vector<std::string>{"old-0"}));
  Put("new", {Doc("new", 0, "", "新版本的内容")}, "old");  // a newer version of the source
  EXPECT_TRUE(Ids("重新写入").empty());
  EXPECT_EQ(Ids("新版本"), (std::vector<std::string>{"new-0"}));
  const CorpusStats stats = store_->Stats();
  EXPECT_EQ(stats.documents, 1u);
  EXPECT_EQ(stats.total_length, 11u);  // 新版本的内容: 6 unigrams, 5 bigrams
  auto stored = store_->StoredStats();
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->documents, stats.documents);
  EXPECT_EQ(stored->total_length, stats.total_length);
  // Reopening reads the same index back.
  ASSERT_TRUE(store_->Close().ok());
  store_.reset();
  auto reopened = DocumentStore::Open(dir_.path());
  ASSERT_TRUE(reopened.ok());
  store_ = std::move(*reopened);
  EXPECT_EQ(store_->Stats().documents, 1u);
  EXPECT_EQ(Ids("新版本"), (std::vector<std::string>{"new-0"}));
}

TEST_F(SearchTest, BasicHitViewRanksTheSameWithoutDocumentsOrSnippets) {
  for (int i = 0; i < 25; ++i) {
    const std::string page = absl::StrCat("page", i);
    Put(page, {Doc(page, 0, absl::StrCat("标题", i),
                   absl::StrCat("明月几时有，", i % 3 == 0 ? "明月明月，" : "", "把酒问青天。第", i,
                                "篇"))});
  }
  for (const std::string& query : {"明月", "\"把酒问青天\"", "明月 -标题1", "明月 OR 青天"}) {
    SearchRequest request;
    request.set_query(query);
    request.set_page_size(7);
    auto full = store_->Search(request);
    request.set_hit_view(zhengwen::query::v1::SEARCH_HIT_VIEW_BASIC);
    auto basic = store_->Search(request);
    ASSERT_TRUE(full.ok() && basic.ok()) << query;
    EXPECT_EQ(basic->total_hits(), full->total_hits()) << query;
    ASSERT_EQ(basic->hits_size(), full->hits_size()) << query;
    for (int i = 0; i < full->hits_size(); ++i) {
      const auto& f = full->hits(i);
      const auto& b = basic->hits(i);
      EXPECT_EQ(b.id(), f.id()) << query;
      EXPECT_EQ(b.page_id(), f.page_id()) << query;
      EXPECT_EQ(b.score(), f.score()) << query;
      EXPECT_FALSE(f.snippet().empty()) << query;  // unspecified view = full
      EXPECT_TRUE(b.snippet().empty() && b.title().empty() && b.source_uri().empty() &&
                  b.highlights().empty())
          << query;
    }
    // The token continues either view the same way.
    EXPECT_EQ(basic->next_page_token().empty(), full->next_page_token().empty()) << query;
    if (!full->next_page_token().empty()) {
      request.set_page_token(basic->next_page_token());
      auto basic2 = store_->Search(request);
      request.set_hit_view(zhengwen::query::v1::SEARCH_HIT_VIEW_FULL);
      request.set_page_token(full->next_page_token());
      auto full2 = store_->Search(request);
      ASSERT_TRUE(basic2.ok() && full2.ok()) << query;
      ASSERT_EQ(basic2->hits_size(), full2->hits_size()) << query;
      for (int i = 0; i < full2->hits_size(); ++i) {
        EXPECT_EQ(basic2->hits(i).id(), full2->hits(i).id()) << query;
        EXPECT_FALSE(full2->hits(i).snippet().empty()) << query;
      }
    }
  }
}

TEST_F(SearchTest, SimplifiedAndTraditionalQueriesAgree) {
  // Queries without convertible characters skip OpenCC; the result is the same.
  Put("p", {Doc("p", 0, "", "国家治理体系和治理能力现代化")});
  EXPECT_EQ(Ids("国家治理"), (std::vector<std::string>{"p-0"}));
  EXPECT_EQ(Ids("國家治理"), (std::vector<std::string>{"p-0"}));
  EXPECT_EQ(Ids("能力 covid OR 现代化"), (std::vector<std::string>{"p-0"}));
  // Simplified text cut mid-phrase: OpenCC turns a lone 乾 into 干, but the
  // document says 乾隆, so the query as typed must still match.
  Put("q", {Doc("q", 0, "", "清朝乾隆皇帝下江南")});
  EXPECT_EQ(Ids("清朝乾"), (std::vector<std::string>{"q-0"}));
  EXPECT_EQ(Ids("\"朝乾\""), (std::vector<std::string>{"q-0"}));
  EXPECT_TRUE(Ids("下江南 -清朝乾").empty());
}

TEST_F(SearchTest, ScriptVariantsOfATermScoreOnceAtTheirBest) {
  // "清朝乾" is searched as 清朝干 (converted) and 清朝乾 (as typed). A document
  // with one of each must not outrank documents with two of either.
  Put("both", {Doc("both", 0, "", "清朝干，清朝乾。")});
  Put("typed", {Doc("typed", 0, "", "清朝乾，清朝乾。")});
  Put("converted", {Doc("converted", 0, "", "清朝干，清朝干。")});
  const SearchResponse response = Search("清朝乾");
  ASSERT_EQ(response.hits_size(), 3);
  EXPECT_EQ(response.hits(2).id(), "both-0");
  EXPECT_NEAR(response.hits(0).score(), response.hits(1).score(), 1e-9);
  EXPECT_LT(response.hits(2).score(), response.hits(1).score());
}

// The bulk path (table files ingested past the memtables) must store exactly
// what ordinary writes store: same hits, scores, snippets, statistics,
// clusters, before and after compaction and reopening.
TEST(BulkLoadTest, BulkWritesMatchOrdinaryWrites) {
  testing::TempDir bulk_dir, plain_dir;
  DocumentStoreOptions bulk_options;
  bulk_options.bulk_write_operations = 1;  // every write is a bulk write
  DocumentStoreOptions plain_options;
  plain_options.bulk_write_operations = 0;  // never
  auto bulk = DocumentStore::Open(bulk_dir.path(), bulk_options);
  auto plain = DocumentStore::Open(plain_dir.path(), plain_options);
  ASSERT_TRUE(bulk.ok() && plain.ok());
  const std::vector<std::string> lines = {"床前明月光，疑是地上霜。举头望明月，低头思故乡。",
                                          "明月几时有？把酒问青天。",
                                          "春眠不觉晓，处处闻啼鸟。夜来风雨声，花落知多少。",
                                          "床前明月光，疑是地上霜。举头望明月，低头思故乡。",
                                          "白日依山尽，黄河入海流。欲穷千里目，更上一层楼。"};
  auto batch = [&](int round) {
    std::vector<PageDocuments> pages;
    for (int i = 0; i < 40; ++i) {
      const std::string page = absl::StrCat("pg", i + round * 20);
      pages.push_back({page,
                       {Doc(page, 0, absl::StrCat("诗", i), lines[i % lines.size()]),
                        Doc(page, 1, "", absl::StrCat(lines[(i + round) % lines.size()], "第", i))},
                       ""});
    }
    return pages;
  };
  // Two overlapping rounds: the second rewrites half of the first's pages.
  for (int round = 0; round < 2; ++round) {
    auto a = (*bulk)->PutPages(batch(round));
    auto b = (*plain)->PutPages(batch(round));
    ASSERT_TRUE(a.ok()) << a.status();
    ASSERT_TRUE(b.ok()) << b.status();
    EXPECT_EQ(a->stored, b->stored);
  }
  // A newer version of a page, written alone.
  for (auto* store : {&*bulk, &*plain}) {
    auto put =
        (*store)->PutDocuments("fresh", {Doc("fresh", 0, "", "新的一页：明月松间照")}, "pg3");
    ASSERT_TRUE(put.ok()) << put.status();
  }
  auto compare = [&](const char* when) {
    EXPECT_EQ((*bulk)->Stats().documents, (*plain)->Stats().documents) << when;
    EXPECT_EQ((*bulk)->Stats().total_length, (*plain)->Stats().total_length) << when;
    for (const std::string& query : {"明月", "\"疑是地上霜\"", "第1 OR 第2", "黄河 -诗4", "松间"}) {
      SearchRequest request;
      request.set_query(query);
      request.set_page_size(100);
      auto a = (*bulk)->Search(request);
      auto b = (*plain)->Search(request);
      ASSERT_TRUE(a.ok() && b.ok()) << query;
      EXPECT_EQ(a->total_hits(), b->total_hits()) << when << " " << query;
      ASSERT_EQ(a->hits_size(), b->hits_size()) << when << " " << query;
      for (int i = 0; i < a->hits_size(); ++i) {
        EXPECT_EQ(a->hits(i).id(), b->hits(i).id()) << when << " " << query;
        EXPECT_EQ(a->hits(i).score(), b->hits(i).score()) << when << " " << query;
        EXPECT_EQ(a->hits(i).snippet(), b->hits(i).snippet()) << when << " " << query;
      }
    }
    auto a = (*bulk)->GetDocument("pg1-0");
    auto b = (*plain)->GetDocument("pg1-0");
    ASSERT_TRUE(a.ok() && b.ok()) << when;
    EXPECT_EQ(a->cluster_id(), b->cluster_id()) << when;
    EXPECT_EQ(a->near_duplicates_size(), b->near_duplicates_size()) << when;
    EXPECT_FALSE((*bulk)->GetDocument("pg3-0").ok()) << when;  // replaced by "fresh"
  };
  compare("after writes");
  ASSERT_TRUE((*bulk)->CompactIndex().ok());
  compare("after compaction");
  ASSERT_TRUE((*bulk)->Close().ok());
  bulk->reset();
  bulk = DocumentStore::Open(bulk_dir.path(), bulk_options);
  ASSERT_TRUE(bulk.ok()) << bulk.status();
  compare("after reopening");
}

}  // namespace
}  // namespace zhengwen::query
