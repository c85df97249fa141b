// One-line structured logs: each event is a JSON object on one stderr line.
#ifndef ZHENGWEN_COMMON_LOG_H_
#define ZHENGWEN_COMMON_LOG_H_

#include <initializer_list>
#include <string>
#include <utility>

#include "absl/strings/string_view.h"

namespace zhengwen {

enum class LogLevel { kDebug, kInfo, kWarning, kError };

// A field of a log line; values are always written as JSON strings.
using LogField = std::pair<absl::string_view, std::string>;

// Writes {"ts":..., "level":..., "event":..., fields...} as one line to stderr.
void Log(LogLevel level, absl::string_view event, std::initializer_list<LogField> fields = {});

inline void LogInfo(absl::string_view event, std::initializer_list<LogField> fields = {}) {
  Log(LogLevel::kInfo, event, fields);
}
inline void LogWarning(absl::string_view event, std::initializer_list<LogField> fields = {}) {
  Log(LogLevel::kWarning, event, fields);
}
inline void LogError(absl::string_view event, std::initializer_list<LogField> fields = {}) {
  Log(LogLevel::kError, event, fields);
}

// Escapes `text` for use inside a JSON string literal.
std::string JsonEscape(absl::string_view text);

}  // namespace zhengwen

#endif  // ZHENGWEN_COMMON_LOG_H_
