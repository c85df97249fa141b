// Stored records and layouts: the Document <-> DocumentRecord adapter keeps
// every stored field, a layout-1 directory (documents as v1::Document bytes,
// written here through the raw storage API) is migrated when opened, a
// directory of documents without an index is indexed, and a newer layout is
// refused with a message that says what to do.
#include <string>

#include "common/storage/storage.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "services/query/document_store.h"
#include "services/query/index/query_families.h"
#include "services/query/records/document_record.h"
#include "services/query/records/query_layout.h"
#include "tests/support/subprocess.h"
#include "zhengwen/storage/v1/query_records.pb.h"

namespace zhengwen::query {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using zhengwen::storage::v1::DocumentRecord;
using zhengwen::storage::v1::LayoutRecord;

// Gives every field of `message` (and of its sub-messages, two elements per
// repeated field) a value other than its default, so a field the adapter
// forgets shows up as a difference.
void FillEveryField(Message* message, int seed) {
  const auto* descriptor = message->GetDescriptor();
  const auto* reflection = message->GetReflection();
  for (int i = 0; i < descriptor->field_count(); ++i) {
    const FieldDescriptor* field = descriptor->field(i);
    const int value = seed + field->number();
    const int count = field->is_repeated() ? 2 : 1;
    for (int n = 0; n < count; ++n) {
      const bool repeated = field->is_repeated();
      switch (field->cpp_type()) {
        case FieldDescriptor::CPPTYPE_STRING: {
          const std::string text = "文" + std::to_string(value + n);
          repeated ? reflection->AddString(message, field, text)
                   : reflection->SetString(message, field, text);
          break;
        }
        case FieldDescriptor::CPPTYPE_INT32:
          repeated ? reflection->AddInt32(message, field, value + n)
                   : reflection->SetInt32(message, field, value + n);
          break;
        case FieldDescriptor::CPPTYPE_UINT64:
          repeated ? reflection->AddUInt64(message, field, value + n)
                   : reflection->SetUInt64(message, field, value + n);
          break;
        case FieldDescriptor::CPPTYPE_DOUBLE:
          repeated ? reflection->AddDouble(message, field, 0.25 + n)
                   : reflection->SetDouble(message, field, 0.25 + n);
          break;
        case FieldDescriptor::CPPTYPE_BOOL:
          repeated ? reflection->AddBool(message, field, true)
                   : reflection->SetBool(message, field, true);
          break;
        case FieldDescriptor::CPPTYPE_ENUM:
          repeated ? reflection->AddEnumValue(message, field, 1)
                   : reflection->SetEnumValue(message, field, 1);
          break;
        case FieldDescriptor::CPPTYPE_MESSAGE:
          FillEveryField(repeated ? reflection->AddMessage(message, field)
                                  : reflection->MutableMessage(message, field),
                         value * 10 + n);
          break;
        default:
          ADD_FAILURE() << "no filler for field " << field->full_name();
      }
    }
  }
}

TEST(DocumentRecordTest, KeepsEveryStoredFieldAndDropsReadTimeFields) {
  Document doc;
  FillEveryField(&doc, 1);
  const std::string bytes = EncodeDocumentRecord(doc);
  auto back = DecodeDocumentRecord("key", bytes);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_TRUE(back->cluster_id().empty());
  EXPECT_EQ(back->near_duplicates_size(), 0);
  Document expected = doc;
  expected.clear_cluster_id();
  expected.clear_near_duplicates();
  std::string difference;
  google::protobuf::util::MessageDifferencer differ;
  differ.ReportDifferencesToString(&difference);
  EXPECT_TRUE(differ.Compare(expected, *back)) << difference;
  EXPECT_EQ(DecodeDocumentRecord("p-0", "\xff\xff").status().code(), absl::StatusCode::kDataLoss);
}

Document Doc(const std::string& page_id, int part, const std::string& title, const std::string& text) {
  Document doc;
  doc.set_id(page_id + "-" + std::to_string(part));
  doc.set_page_id(page_id);
  doc.set_part(part);
  doc.set_title(title);
  doc.set_text(text);
  doc.mutable_quality()->set_input_encoding("GB18030");
  return doc;
}

int SearchHits(const DocumentStore& store, const std::string& query) {
  zhengwen::query::v1::SearchRequest request;
  request.set_query(query);
  auto response = store.Search(request);
  EXPECT_TRUE(response.ok()) << response.status();
  return response.ok() ? static_cast<int>(response->total_hits()) : -1;
}

// Rewrites the directory's documents as layout 1 wrote them (v1::Document
// bytes, read-time fields included as an old writer might have left them)
// and removes its layout record: what a directory of the previous release holds.
void RewriteAsLayoutOne(const std::string& dir, const std::vector<Document>& docs, bool keep_index) {
  auto storage = Storage::Open(dir, QueryFamilies());
  ASSERT_TRUE(storage.ok()) << storage.status();
  WriteBatch batch;
  for (Document doc : docs) {
    doc.set_cluster_id(doc.id());
    batch.Put(QueryFamily::kDocuments, doc.id(), doc.SerializeAsString());
  }
  batch.Delete(QueryFamily::kCorpus, "layout");
  if (!keep_index) batch.Delete(QueryFamily::kCorpus, "stats");
  ASSERT_TRUE((*storage)->Write(batch, /*sync=*/true).ok());
  ASSERT_TRUE((*storage)->Close().ok());
}

int LayoutVersion(const std::string& dir) {
  auto storage = Storage::Open(dir, QueryFamilies());
  EXPECT_TRUE(storage.ok()) << storage.status();
  if (!storage.ok()) return -1;
  auto value = (*storage)->Get(QueryFamily::kCorpus, "layout");
  LayoutRecord layout;
  if (!value.ok() || !value->has_value() || !layout.ParseFromString(**value)) return 0;
  return layout.version();
}

const std::vector<Document>& Docs() {
  static const auto* docs = new std::vector<Document>{
      Doc("aaa", 0, "静夜思", "床前明月光，疑是地上霜。举头望明月，低头思故乡。"),
      Doc("bbb", 0, "春晓", "春眠不觉晓，处处闻啼鸟。夜来风雨声，花落知多少。")};
  return *docs;
}

TEST(QueryLayoutTest, LayoutOneDirectoryWithIndexIsMigratedWhenOpened) {
  testing::TempDir dir;
  {
    auto store = DocumentStore::Open(dir.path());
    ASSERT_TRUE(store.ok()) << store.status();
    for (const Document& doc : Docs()) {
      ASSERT_TRUE((*store)->PutDocuments(doc.page_id(), {doc}, "").ok());
    }
    ASSERT_TRUE((*store)->Close().ok());
  }
  EXPECT_EQ(LayoutVersion(dir.path()), kQueryLayoutVersion);
  RewriteAsLayoutOne(dir.path(), Docs(), /*keep_index=*/true);
  ASSERT_EQ(LayoutVersion(dir.path()), 0);

  auto store = DocumentStore::Open(dir.path());
  ASSERT_TRUE(store.ok()) << store.status();
  auto doc = (*store)->GetDocument("aaa-0");
  ASSERT_TRUE(doc.ok()) << doc.status();
  EXPECT_EQ(doc->title(), "静夜思");
  EXPECT_EQ(doc->quality().input_encoding(), "GB18030");
  EXPECT_EQ(doc->cluster_id(), "aaa-0");  // filled at read time, not the stored copy's
  EXPECT_EQ(SearchHits(**store, "明月"), 1);
  EXPECT_EQ((*store)->Stats().documents, 2u);
  ASSERT_TRUE((*store)->Close().ok());
  EXPECT_EQ(LayoutVersion(dir.path()), kQueryLayoutVersion);
  // The stored bytes are records now.
  auto storage = Storage::Open(dir.path(), QueryFamilies());
  ASSERT_TRUE(storage.ok());
  auto stored = (*storage)->Get(QueryFamily::kDocuments, "bbb-0");
  ASSERT_TRUE(stored.ok() && stored->has_value());
  DocumentRecord record;
  ASSERT_TRUE(record.ParseFromString(**stored));
  EXPECT_EQ(record.title(), "春晓");
  EXPECT_EQ(record.GetReflection()->GetUnknownFields(record).field_count(), 0)
      << "the read-time cluster_id of layout 1 is dropped";
}

// Documents stored before the index existed (no corpus statistics) are
// indexed when the store opens: ReindexUnindexedDocuments.
TEST(QueryLayoutTest, DocumentsWithoutAnIndexAreIndexedWhenOpened) {
  testing::TempDir dir;
  RewriteAsLayoutOne(dir.path(), Docs(), /*keep_index=*/false);
  auto store = DocumentStore::Open(dir.path());
  ASSERT_TRUE(store.ok()) << store.status();
  EXPECT_EQ((*store)->Stats().documents, 2u);
  auto stored_stats = (*store)->StoredStats();
  ASSERT_TRUE(stored_stats.ok()) << stored_stats.status();
  EXPECT_EQ(stored_stats->documents, 2u);
  EXPECT_EQ(SearchHits(**store, "明月"), 1);
  EXPECT_EQ(SearchHits(**store, "啼鸟"), 1);
  auto doc = (*store)->GetDocument("bbb-0");
  ASSERT_TRUE(doc.ok()) << doc.status();
  EXPECT_EQ(doc->text(), Docs()[1].text());
  // Reopening does not index them twice.
  ASSERT_TRUE((*store)->Close().ok());
  auto again = DocumentStore::Open(dir.path());
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ((*again)->Stats().documents, 2u);
  EXPECT_EQ(SearchHits(**again, "明月"), 1);
}

TEST(QueryLayoutTest, NewerLayoutIsRefusedWithWhatToDo) {
  testing::TempDir dir;
  {
    auto storage = Storage::Open(dir.path(), QueryFamilies());
    ASSERT_TRUE(storage.ok());
    LayoutRecord layout;
    layout.set_version(kQueryLayoutVersion + 1);
    WriteBatch batch;
    batch.Put(QueryFamily::kCorpus, "layout", layout.SerializeAsString());
    ASSERT_TRUE((*storage)->Write(batch, /*sync=*/true).ok());
  }
  auto store = DocumentStore::Open(dir.path());
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(store.status().message().find("re-ingest"), absl::string_view::npos) << store.status();
  EXPECT_NE(store.status().message().find("layout 3"), absl::string_view::npos) << store.status();
}

}  // namespace
}  // namespace zhengwen::query
