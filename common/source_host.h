// The host of a page's source URI: what host filters (query facets, ingest's
// list and re-normalize) compare.
#ifndef ZHENGWEN_COMMON_SOURCE_HOST_H_
#define ZHENGWEN_COMMON_SOURCE_HOST_H_

#include <string>

#include "absl/strings/string_view.h"

namespace zhengwen {

// Host of a URL ("https://www.gov.cn/x" -> "www.gov.cn"), lower case; "" when
// `uri` has no scheme (a file path).
std::string SourceHost(absl::string_view uri);

}  // namespace zhengwen

#endif  // ZHENGWEN_COMMON_SOURCE_HOST_H_
