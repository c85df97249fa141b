#include "services/query/records/document_record.h"

#include <utility>

#include "absl/strings/str_cat.h"

namespace zhengwen::query {
namespace {

namespace api = zhengwen::document::v1;
namespace rec = zhengwen::storage::v1;

// Each pair of Copy overloads moves one message type across; `From` is taken
// by reference and its strings are moved out when it is a record being read.
template <typename From, typename To>
void CopySection(From& from, To* to) {
  to->set_level(from.level());
  to->set_heading(std::move(*from.mutable_heading()));
  to->set_offset(from.offset());
}

template <typename From, typename To>
void CopyEdit(From& from, To* to) {
  to->set_stage(std::move(*from.mutable_stage()));
  to->set_rule(std::move(*from.mutable_rule()));
  to->set_removed(std::move(*from.mutable_removed()));
  to->set_replacement(std::move(*from.mutable_replacement()));
  to->set_line(from.line());
  to->set_flagged(from.flagged());
}

template <typename From, typename To>
void CopyPlaceholder(From& from, To* to) {
  to->set_offset(from.offset());
  to->set_length(from.length());
  to->set_text(std::move(*from.mutable_text()));
  to->set_rule(std::move(*from.mutable_rule()));
}

template <typename Script, typename From, typename To>
void CopyQuality(From& from, To* to) {
  to->set_input_encoding(std::move(*from.mutable_input_encoding()));
  to->set_input_script(static_cast<Script>(from.input_script()));
  to->set_boilerplate_ratio(from.boilerplate_ratio());
  to->set_placeholder_count(from.placeholder_count());
  to->set_mojibake_count(from.mojibake_count());
  to->set_length(from.length());
  to->set_converted_chars(from.converted_chars());
  to->set_width_folded_chars(from.width_folded_chars());
  to->set_decode_replacements(from.decode_replacements());
  to->set_body_fallback(from.body_fallback());
}

template <typename From, typename To>
void CopySignatures(From& from, To* to) {
  to->set_exact_hash(std::move(*from.mutable_exact_hash()));
  *to->mutable_minhash() = {from.minhash().begin(), from.minhash().end()};
  *to->mutable_sentence_hashes() = {from.sentence_hashes().begin(), from.sentence_hashes().end()};
  *to->mutable_sentence_offsets() = {from.sentence_offsets().begin(),
                                     from.sentence_offsets().end()};
  to->set_shingle_size(from.shingle_size());
}

// Everything of a document but its read-time fields, `Script` being the
// target's script enum.
template <typename Script, typename From, typename To>
void CopyDocument(From& from, To* to) {
  to->set_id(std::move(*from.mutable_id()));
  to->set_page_id(std::move(*from.mutable_page_id()));
  to->set_source_uri(std::move(*from.mutable_source_uri()));
  to->set_part(from.part());
  to->set_title(std::move(*from.mutable_title()));
  to->set_published_at(std::move(*from.mutable_published_at()));
  to->set_text(std::move(*from.mutable_text()));
  for (auto& section : *from.mutable_sections()) CopySection(section, to->add_sections());
  to->set_rules_version(std::move(*from.mutable_rules_version()));
  to->set_model_version(std::move(*from.mutable_model_version()));
  to->set_salutation(std::move(*from.mutable_salutation()));
  to->set_closing(std::move(*from.mutable_closing()));
  for (auto& edit : *from.mutable_edits()) CopyEdit(edit, to->add_edits());
  if (from.has_quality()) CopyQuality<Script>(*from.mutable_quality(), to->mutable_quality());
  if (from.has_signatures()) CopySignatures(*from.mutable_signatures(), to->mutable_signatures());
  for (auto& placeholder : *from.mutable_placeholders()) {
    CopyPlaceholder(placeholder, to->add_placeholders());
  }
  to->set_html_model_version(std::move(*from.mutable_html_model_version()));
}

}  // namespace

rec::DocumentRecord ToDocumentRecord(const api::Document& doc) {
  api::Document copy = doc;  // moved from below; the caller's document stays whole
  rec::DocumentRecord record;
  CopyDocument<rec::ScriptRecord>(copy, &record);
  return record;
}

api::Document FromDocumentRecord(rec::DocumentRecord&& record) {
  api::Document doc;
  CopyDocument<api::Script>(record, &doc);
  return doc;
}

std::string EncodeDocumentRecord(const api::Document& doc) {
  return ToDocumentRecord(doc).SerializeAsString();
}

absl::StatusOr<api::Document> DecodeDocumentRecord(absl::string_view key, absl::string_view bytes) {
  rec::DocumentRecord record;
  if (!record.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    return absl::DataLossError(absl::StrCat("corrupt document ", key));
  }
  return FromDocumentRecord(std::move(record));
}

}  // namespace zhengwen::query
