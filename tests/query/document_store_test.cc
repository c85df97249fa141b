#include "services/query/document_store.h"

#include "common/error_reason.h"
#include "gtest/gtest.h"
#include "tests/support/subprocess.h"

namespace zhengwen::query {
namespace {

Document Doc(const std::string& page_id, int part, const std::string& text) {
  Document doc;
  doc.set_id(page_id + "-" + std::to_string(part));
  doc.set_page_id(page_id);
  doc.set_part(part);
  doc.set_text(text);
  return doc;
}

std::vector<std::string> AllIds(DocumentStore& store, int page_size) {
  std::vector<std::string> ids;
  std::string token;
  do {
    auto list = store.ListDocuments(page_size, token, "");
    EXPECT_TRUE(list.ok()) << list.status();
    for (const auto& d : list->documents) ids.push_back(d.id());
    token = list->next_page_token;
  } while (!token.empty());
  return ids;
}

TEST(DocumentStoreTest, PutReplacesAPagesDocuments) {
  testing::TempDir dir;
  auto store = DocumentStore::Open(dir.path());
  ASSERT_TRUE(store.ok());
  ASSERT_TRUE((*store)->PutDocuments("aaa", {Doc("aaa", 0, "x"), Doc("aaa", 1, "y")}, "").ok());
  ASSERT_TRUE((*store)->PutDocuments("aaa", {Doc("aaa", 0, "z")}, "").ok());
  EXPECT_EQ(AllIds(**store, 10), (std::vector<std::string>{"aaa-0"}));
  auto doc = (*store)->GetDocument("aaa-0");
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ(doc->text(), "z");
}

TEST(DocumentStoreTest, NewVersionRemovesOldAndOldCannotComeBack) {
  testing::TempDir dir;
  auto store = DocumentStore::Open(dir.path());
  ASSERT_TRUE(store.ok());
  ASSERT_TRUE((*store)->PutDocuments("old", {Doc("old", 0, "v1"), Doc("old", 1, "v1")}, "").ok());
  auto put = (*store)->PutDocuments("new", {Doc("new", 0, "v2")}, "old");
  ASSERT_TRUE(put.ok());
  EXPECT_EQ(put->stored, 1);
  EXPECT_EQ(put->removed, 2);
  // A late retry of the old version is ignored.
  auto late = (*store)->PutDocuments("old", {Doc("old", 0, "v1")}, "");
  ASSERT_TRUE(late.ok());
  EXPECT_EQ(late->stored, 0);
  EXPECT_EQ(AllIds(**store, 10), (std::vector<std::string>{"new-0"}));
}

TEST(DocumentStoreTest, PaginationVisitsEveryDocumentOnce) {
  testing::TempDir dir;
  auto store = DocumentStore::Open(dir.path());
  ASSERT_TRUE(store.ok());
  for (int p = 0; p < 7; ++p) {
    const std::string page = "page" + std::to_string(p);
    ASSERT_TRUE((*store)->PutDocuments(page, {Doc(page, 0, "a"), Doc(page, 1, "b")}, "").ok());
  }
  EXPECT_EQ(AllIds(**store, 3).size(), 14u);
  EXPECT_EQ(AllIds(**store, 3), AllIds(**store, 1000));
  auto one_page = (*store)->ListDocuments(10, "", "page3");
  ASSERT_TRUE(one_page.ok());
  EXPECT_EQ(one_page->documents.size(), 2u);
}

TEST(DocumentStoreTest, RejectsDocumentsOfAnotherPage) {
  testing::TempDir dir;
  auto store = DocumentStore::Open(dir.path());
  ASSERT_TRUE(store.ok());
  auto put = (*store)->PutDocuments("aaa", {Doc("bbb", 0, "x")}, "");
  EXPECT_EQ(put.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ErrorReason(put.status()), "INVALID_DOCUMENT");
  EXPECT_EQ(ErrorReason((*store)->GetDocument("nope-0").status()), "DOCUMENT_NOT_FOUND");
  EXPECT_EQ((*store)->ListDocuments(-1, "", "").status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace zhengwen::query
