// The layout version of a query data directory, and the migration of a
// directory written by an older layout (docs/storage.md, "Layouts").
#ifndef ZHENGWEN_SERVICES_QUERY_RECORDS_QUERY_LAYOUT_H_
#define ZHENGWEN_SERVICES_QUERY_RECORDS_QUERY_LAYOUT_H_

#include "absl/status/status.h"
#include "common/storage/storage.h"

namespace zhengwen::query {

// 1: documents stored as zhengwen.document.v1.Document (no layout record).
// 2: documents stored as zhengwen.storage.v1.DocumentRecord.
inline constexpr int kQueryLayoutVersion = 2;

// Brings the database to kQueryLayoutVersion: a layout-1 directory has its
// documents rewritten as records (a chunk per write; an interrupted migration
// resumes at the next open) and then its layout record written. A directory
// of a newer layout is refused with FAILED_PRECONDITION saying what to do.
absl::Status MigrateQueryLayout(Storage& storage);

}  // namespace zhengwen::query

#endif  // ZHENGWEN_SERVICES_QUERY_RECORDS_QUERY_LAYOUT_H_
