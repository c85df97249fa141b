// Test support for IngestCore tests: a request for one page.
#ifndef ZHENGWEN_TESTS_INGEST_INGEST_REQUESTS_H_
#define ZHENGWEN_TESTS_INGEST_INGEST_REQUESTS_H_

#include <string>

#include "services/ingest/ingest_core.h"

namespace zhengwen::ingest {

inline IngestRequest Request(const std::string& uri, const std::string& content,
                             const std::string& request_id = "") {
  IngestRequest r;
  r.request_id = request_id;
  r.source_uri = uri;
  r.content = content;
  return r;
}

}  // namespace zhengwen::ingest

#endif  // ZHENGWEN_TESTS_INGEST_INGEST_REQUESTS_H_
