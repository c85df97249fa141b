// Unit tests of the index's building blocks: tokenizer, document
// preparation, posting lists (with their merge function and cache), the query
// parser and snippets (text signatures: tests/common/text/).
#include <algorithm>
#include <map>
#include <random>

#include "common/text/hashing.h"
#include "common/text/utf8.h"
#include "gtest/gtest.h"
#include "services/query/index_update.h"
#include "services/query/posting_cache.h"
#include "services/query/posting_list.h"
#include "services/query/query_families.h"
#include "services/query/query_parser.h"
#include "services/query/snippet.h"
#include "services/query/tokenizer.h"
#include "tests/support/subprocess.h"

namespace zhengwen::query {
namespace {

std::vector<std::string> Terms(absl::string_view text) {
  std::vector<Token> tokens;
  Tokenize(text, 0, &tokens);
  std::vector<std::string> out;
  for (const Token& t : tokens) out.push_back(t.term + "@" + std::to_string(t.position));
  return out;
}

TEST(TokenizerTest, CjkUnigramsBigramsAndFoldedWords) {
  EXPECT_EQ(Terms("明月光"),
            (std::vector<std::string>{"u明@0", "b明月@0", "u月@1", "b月光@1", "u光@2"}));
  // Words are lower-cased and full-width folded; punctuation breaks bigrams.
  EXPECT_EQ(Terms("ＣＯＶＩＤ-19，疫情"),
            (std::vector<std::string>{"wcovid@0", "w19@6", "u疫@9", "b疫情@9", "u情@10"}));
  std::vector<Token> tokens;
  EXPECT_EQ(Tokenize("我爱 Beijing 2022", 0, &tokens), 4u);  // 我, 爱, beijing, 2022
}

// PrepareDocument groups tokens as integers; its terms and positions must be
// exactly the tokenizer's (which the query side uses), words included.
TEST(PrepareDocumentTest, TermsAndPositionsAreTheTokenizers) {
  zhengwen::document::v1::Document doc;
  doc.set_title("COVID-19 防控：会议纪要");
  doc.set_text("会议会议，Covid covid ＣＯＶＩＤ 2022年；会议纪要。abc abd abc 𠀀𠀁");
  std::map<std::string, std::vector<uint32_t>> expected;
  std::vector<Token> tokens;
  Tokenize(doc.text(), 0, &tokens);
  Tokenize(doc.title(), kTitleBase, &tokens);
  for (const Token& token : tokens) expected[token.term].push_back(token.position);
  for (auto& [term, positions] : expected) std::sort(positions.begin(), positions.end());

  const PreparedDocument prepared = PrepareDocument(doc);
  std::map<std::string, std::vector<uint32_t>> actual;
  for (const PreparedTerm& term : prepared.terms) {
    EXPECT_EQ(term.hash, Hash64(term.term)) << term.term;
    EXPECT_FALSE(actual.count(term.term)) << "term listed twice: " << term.term;
    actual[term.term].assign(prepared.positions.begin() + term.begin,
                             prepared.positions.begin() + term.end);
  }
  EXPECT_EQ(actual, expected);
  EXPECT_EQ(actual["wcovid"].size(), 4u);  // three in the text, one in the title
  EXPECT_EQ(actual["wabc"], (std::vector<uint32_t>{34, 42}));
  // BM25 length: the document's tokens (unigrams, bigrams, words), as
  // engines count a field's terms: 12 in the title, 25 in the text.
  EXPECT_EQ(prepared.length, 37u);
}

std::shared_ptr<const PostingList> Parse(std::string value) {
  auto list = PostingList::Parse(std::move(value));
  EXPECT_TRUE(list.ok()) << list.status();
  return *list;
}

TEST(PostingListTest, CursorSeeksAcrossBlocksAndDecodesPositions) {
  PostingListBuilder builder;
  for (uint32_t doc = 1; doc <= 1000; ++doc) {
    const uint32_t positions[] = {doc, doc * 2, doc * 3};
    builder.Add(doc * 3, positions, doc % 3 + 1);
  }
  auto list = Parse(builder.Finish());
  EXPECT_EQ(list->size(), 1000u);
  PostingCursor cursor(list.get());
  ASSERT_TRUE(cursor.SeekTo(1));
  EXPECT_EQ(cursor.doc(), 3u);
  ASSERT_TRUE(cursor.SeekTo(1504));  // not present: the next one
  EXPECT_EQ(cursor.doc(), 1506u);
  std::vector<uint32_t> positions;
  cursor.Positions(&positions);
  EXPECT_EQ(positions, (std::vector<uint32_t>{502, 1004}));
  EXPECT_EQ(cursor.count(), 2u);
  ASSERT_TRUE(cursor.SeekTo(2999));
  EXPECT_EQ(cursor.doc(), 3000u);
  EXPECT_FALSE(cursor.Next());
  EXPECT_FALSE(cursor.SeekTo(3001));
  // Next() walks everything in order.
  PostingCursor walk(list.get());
  int n = 0;
  uint32_t last = 0;
  while (walk.Next()) {
    EXPECT_GT(walk.doc(), last);
    last = walk.doc();
    ++n;
  }
  EXPECT_EQ(n, 1000);
}

// Cursors decode a block only as far as they go: any mix of seeks and steps,
// inside blocks and across them, lands where a plain sorted list says, with
// the right positions.
TEST(PostingListTest, MixedSeeksAndStepsMatchAReference) {
  std::vector<uint32_t> docs;
  PostingListBuilder builder;
  uint32_t doc = 0;
  for (int i = 0; i < 700; ++i) {
    doc += 1 + (i * 37) % 11;
    const uint32_t positions[] = {doc % 5, doc % 5 + 7, doc % 5 + 20};
    builder.Add(doc, positions, doc % 3 + 1);
    docs.push_back(doc);
  }
  auto list = Parse(builder.Finish());
  std::mt19937 rng(7);
  for (int round = 0; round < 50; ++round) {
    PostingCursor cursor(list.get());
    size_t at = static_cast<size_t>(-1);  // reference index
    for (int step = 0; step < 40; ++step) {
      if (rng() % 2 == 0) {
        const uint32_t target = (at == static_cast<size_t>(-1) ? 0 : docs[at]) + rng() % 60;
        size_t want = std::lower_bound(docs.begin(), docs.end(), target) - docs.begin();
        if (at != static_cast<size_t>(-1)) want = std::max(want, at);  // never backwards
        const bool found = cursor.SeekTo(target);
        ASSERT_EQ(found, want < docs.size()) << "seek " << target;
        if (!found) break;
        at = want;
      } else {
        const size_t want = at == static_cast<size_t>(-1) ? 0 : at + 1;
        const bool found = cursor.Next();
        ASSERT_EQ(found, want < docs.size());
        if (!found) break;
        at = want;
      }
      ASSERT_EQ(cursor.doc(), docs[at]);
      ASSERT_EQ(cursor.count(), docs[at] % 3 + 1);
      std::vector<uint32_t> positions;
      cursor.Positions(&positions);
      ASSERT_EQ(positions.size(), docs[at] % 3 + 1);
      EXPECT_EQ(positions[0], docs[at] % 5);
    }
  }
}

TEST(PostingListTest, MergeAppendsRunsAndAppliesDeletes) {
  PostingListBuilder a, b;
  const uint32_t p[] = {7};
  for (uint32_t doc : {1u, 5u, 9u}) a.Add(doc, p, 1);
  for (uint32_t doc : {12u, 20u}) b.Add(doc, p, 1);
  const std::string first = a.Finish();
  const std::string second = b.Finish();
  const std::string deletes = EncodeDeletes({9, 20});
  PostingMerge merge;
  std::string merged;
  const absl::string_view existing = first;
  ASSERT_TRUE(merge.Merge("k", &existing, {second, deletes}, &merged));
  auto list = Parse(merged);
  PostingCursor cursor(list.get());
  std::vector<uint32_t> docs;
  while (cursor.Next()) docs.push_back(cursor.doc());
  EXPECT_EQ(docs, (std::vector<uint32_t>{1, 5, 12}));
  EXPECT_FALSE(merge.Merge("k", nullptr, {"garbage"}, &merged));
  // One run with nothing to fold into is the merged list itself.
  ASSERT_TRUE(merge.Merge("k", nullptr, {second}, &merged));
  EXPECT_EQ(merged, second);
}

std::vector<uint32_t> Docs(const std::shared_ptr<const PostingList>& list) {
  std::vector<uint32_t> docs;
  PostingCursor cursor(list.get());
  while (cursor.Next()) docs.push_back(cursor.doc());
  return docs;
}

// GetMany reads several lists in one call, absent ones empty; a write's
// invalidation is seen by the next read; preloaded lists are served.
TEST(PostingCacheTest, GetManyPreloadAndInvalidation) {
  testing::TempDir dir;
  auto storage = Storage::Open(dir.path(), QueryFamilyNames(), QueryStorageOptions());
  ASSERT_TRUE(storage.ok()) << storage.status();
  auto run = [](std::vector<uint32_t> docs) {
    PostingListBuilder builder;
    const uint32_t position[] = {0};
    for (uint32_t doc : docs) builder.Add(doc, position, 1);
    return builder.Finish();
  };
  WriteBatch batch;
  batch.Merge(kPostings, "ba", run({1, 2}));
  batch.Merge(kPostings, "bb", run({3}));
  ASSERT_TRUE((*storage)->Write(batch, /*sync=*/true).ok());
  PostingCache cache(storage->get(), kPostings, 1 << 20);
  auto lists = cache.GetMany({"ba", "missing", "bb"});
  ASSERT_TRUE(lists.ok()) << lists.status();
  ASSERT_EQ(lists->size(), 3u);
  EXPECT_EQ(Docs((*lists)[0]), (std::vector<uint32_t>{1, 2}));
  EXPECT_EQ((*lists)[1]->size(), 0u);
  EXPECT_EQ(Docs((*lists)[2]), (std::vector<uint32_t>{3}));

  WriteBatch more;
  more.Merge(kPostings, "ba", run({7}));
  ASSERT_TRUE((*storage)->Write(more, /*sync=*/true).ok());
  cache.Invalidate({"ba"});
  lists = cache.GetMany({"bb", "ba"});
  ASSERT_TRUE(lists.ok());
  EXPECT_EQ(Docs((*lists)[1]), (std::vector<uint32_t>{1, 2, 7}));

  // A preloaded list is what Get returns (the cache serves it, not RocksDB).
  ASSERT_TRUE(cache.Preload("bc", run({42})).ok());
  auto preloaded = cache.Get("bc");
  ASSERT_TRUE(preloaded.ok());
  EXPECT_EQ(Docs(*preloaded), (std::vector<uint32_t>{42}));
  EXPECT_FALSE(cache.Preload("bd", "not a posting list").ok());
}

TEST(QueryParserTest, TermsPhrasesExclusionsAndOr) {
  auto identity = [](absl::string_view s) { return std::string(s); };
  auto q = ParseQuery("月光 \"床前明月\" OR 故乡 -广告 -\"点击 查看\"", identity);
  ASSERT_TRUE(q.ok()) << q.status();
  ASSERT_EQ(q->required.size(), 2u);
  EXPECT_EQ(q->required[0].alternatives[0].kind, QueryAtom::Kind::kTerm);  // one bigram
  ASSERT_EQ(q->required[1].alternatives.size(), 2u);
  EXPECT_EQ(q->required[1].alternatives[0].kind, QueryAtom::Kind::kPhrase);
  EXPECT_EQ(q->required[1].alternatives[0].span_length, 4u);
  EXPECT_EQ(q->excluded.size(), 2u);
  EXPECT_EQ(MakeAtom("明月光", false).kind, QueryAtom::Kind::kRun);
  EXPECT_EQ(MakeAtom("月", false).terms[0].key, "u月");
  EXPECT_EQ(MakeAtom("covid-19疫情", false).kind, QueryAtom::Kind::kPhrase);
  // The converter runs on the query: Traditional in, Simplified terms out.
  // The term as typed stays a script variant of the converted one.
  auto converted = ParseQuery("國家", [](absl::string_view) { return std::string("国家"); });
  ASSERT_TRUE(converted.ok());
  ASSERT_EQ(converted->required[0].alternatives.size(), 2u);
  EXPECT_EQ(converted->required[0].alternatives[0].terms[0].key, "b国家");
  EXPECT_FALSE(converted->required[0].alternatives[0].script_variant);
  EXPECT_EQ(converted->required[0].alternatives[1].terms[0].key, "b國家");
  EXPECT_TRUE(converted->required[0].alternatives[1].script_variant);
  EXPECT_EQ(identity("x"), "x");
  EXPECT_EQ(ParseQuery("月光", identity)->required[0].alternatives.size(), 1u);
  EXPECT_FALSE(ParseQuery("-广告", identity).ok());
  EXPECT_FALSE(ParseQuery("  ，。 ", identity).ok());
}

TEST(SnippetTest, WindowAroundMatchesWithCodePointOffsets) {
  std::string text;
  for (int i = 0; i < 300; ++i) text += "文";
  text += "关键词";
  for (int i = 0; i < 300; ++i) text += "字";
  const Snippet snippet = MakeSnippet(text, {{300, 3}});
  EXPECT_EQ(snippet.offset, 300 - kSnippetLead);
  ASSERT_EQ(snippet.highlights.size(), 1u);
  // The snippet holds the match at (300 - offset) code points in.
  EXPECT_EQ(snippet.text.substr((300 - snippet.offset) * 3, 9), "关键词");
  EXPECT_EQ(MergeSpans({{5, 2}, {1, 2}, {6, 3}, {2, 1}}), (std::vector<Span>{{1, 2}, {5, 4}}));
}

}  // namespace
}  // namespace zhengwen::query
