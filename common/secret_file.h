// Reading small secret files (keys, certificates, token tables) whole. Kept
// apart from the TLS code so logic (page-token keys) can read a key file
// without linking gRPC.
#ifndef ZHENGWEN_COMMON_SECRET_FILE_H_
#define ZHENGWEN_COMMON_SECRET_FILE_H_

#include <string>

#include "absl/status/statusor.h"

namespace zhengwen {

// Reads a whole (small) file; FAILED_PRECONDITION naming the path when it
// cannot be read (never its content).
absl::StatusOr<std::string> ReadSecretFile(const std::string& path);

}  // namespace zhengwen

#endif  // ZHENGWEN_COMMON_SECRET_FILE_H_
