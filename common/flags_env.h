// Command-line flags with environment overrides: every flag --foo can also be
// set as <PREFIX>FOO (for the server, ZHENGWEN_FOO). The command line wins.
#ifndef ZHENGWEN_COMMON_FLAGS_ENV_H_
#define ZHENGWEN_COMMON_FLAGS_ENV_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace zhengwen {

// Applies environment overrides, then parses argv. Returns the positional
// arguments (argv[0] first). Exits with a message on a bad flag or value.
std::vector<std::string> ParseFlagsWithEnv(int argc, char** argv, absl::string_view env_prefix);

}  // namespace zhengwen

#endif  // ZHENGWEN_COMMON_FLAGS_ENV_H_
