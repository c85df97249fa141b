#include "services/query/index/doc_table.h"

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "services/query/index/varint.h"

namespace zhengwen::query {

std::string EncodeDocMeta(const DocMeta& meta) {
  std::string out;
  PutBytes(meta.id, &out);
  PutVarint(meta.length, &out);
  PutVarint(static_cast<uint32_t>(meta.published), &out);
  PutBytes(meta.host, &out);
  PutVarint(static_cast<uint32_t>(meta.script), &out);
  PutVarint(meta.has_placeholders ? 1 : 0, &out);
  PutBytes(meta.cluster_id, &out);
  return out;
}

bool DecodeDocMeta(absl::string_view bytes, DocMeta* meta) {
  const char* p = bytes.data();
  const char* end = p + bytes.size();
  absl::string_view id, host, cluster;
  uint32_t published = 0, script = 0, placeholders = 0;
  if (!GetBytes(&p, end, &id) || !GetVarint32(&p, end, &meta->length) ||
      !GetVarint32(&p, end, &published) || !GetBytes(&p, end, &host) ||
      !GetVarint32(&p, end, &script) || !GetVarint32(&p, end, &placeholders) ||
      !GetBytes(&p, end, &cluster)) {
    return false;
  }
  meta->id = std::string(id);
  meta->published = static_cast<int32_t>(published);
  meta->host = std::string(host);
  meta->script = static_cast<int32_t>(script);
  meta->has_placeholders = placeholders != 0;
  meta->cluster_id = std::string(cluster);
  return true;
}

int32_t DateNumber(absl::string_view date) {
  int parts[3] = {0, 0, 0};
  for (int i = 0; i < 3 && !date.empty(); ++i) {
    const size_t dash = date.find('-');
    absl::string_view part = date.substr(0, dash);
    if (!absl::SimpleAtoi(part, &parts[i])) break;
    if (dash == absl::string_view::npos) break;
    date.remove_prefix(dash + 1);
  }
  if (parts[0] < 1 || parts[0] > 9999 || parts[1] < 0 || parts[1] > 12 || parts[2] < 0 ||
      parts[2] > 31) {
    return 0;
  }
  return parts[0] * 10000 + parts[1] * 100 + parts[2];
}

DocMeta MetaOfDocument(const zhengwen::document::v1::Document& doc) {
  DocMeta meta;
  meta.id = doc.id();
  meta.published = DateNumber(doc.published_at());
  meta.host = SourceHost(doc.source_uri());
  meta.script = doc.quality().input_script();
  meta.has_placeholders = doc.quality().placeholder_count() > 0;
  return meta;
}

std::string EncodeCorpusStats(const CorpusStats& stats) {
  std::string out;
  PutVarint(stats.documents, &out);
  PutVarint(stats.total_length, &out);
  PutVarint(stats.next_doc, &out);
  return out;
}

bool DecodeCorpusStats(absl::string_view bytes, CorpusStats* stats) {
  const char* p = bytes.data();
  const char* end = p + bytes.size();
  return GetVarint(&p, end, &stats->documents) && GetVarint(&p, end, &stats->total_length) &&
         GetVarint32(&p, end, &stats->next_doc);
}

void DocTable::Set(uint32_t doc, const DocMeta& meta) {
  if (doc >= entries_.size()) {
    entries_.resize(doc + 1);
    ids_.resize(doc + 1);
  }
  Entry& entry = entries_[doc];
  entry.length = meta.length;
  entry.published = meta.published;
  entry.script = meta.script;
  entry.has_placeholders = meta.has_placeholders;
  entry.live = true;
  auto [it, inserted] = host_ids_.try_emplace(meta.host, static_cast<uint32_t>(host_ids_.size()));
  entry.host = it->second;
  ids_[doc] = meta.id;
}

void DocTable::Remove(uint32_t doc) {
  if (doc >= entries_.size() || !entries_[doc].live) return;
  entries_[doc].live = false;
  ids_[doc].clear();
  ids_[doc].shrink_to_fit();
}

uint32_t DocTable::HostId(absl::string_view host) const {
  auto it = host_ids_.find(host);
  return it == host_ids_.end() ? kUnknownHost : it->second;
}

}  // namespace zhengwen::query
