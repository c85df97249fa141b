# Writes OUTPUT, a C++ file that defines DefaultRulesText() as the content of
# INPUT (the built-in rules file). Run at build time: cmake -DINPUT=.. -DOUTPUT=.. -P this.
# -DFUNCTION=.. -DHEADER=.. embed another data file the same way (the HTML content model).
if(NOT DEFINED FUNCTION)
  set(FUNCTION DefaultRulesText)
endif()
if(NOT DEFINED HEADER)
  set(HEADER services/normalization/default_rules.h)
endif()
file(READ "${INPUT}" content)
string(FIND "${content}" ")zwrules\"" clash)
if(NOT clash EQUAL -1)
  message(FATAL_ERROR "${INPUT} contains the raw-string delimiter )zwrules\"")
endif()
set(code "// Generated from ${INPUT} by embed_rules.cmake; do not edit.
#include \"${HEADER}\"

namespace zhengwen::normalization {

absl::string_view ${FUNCTION}() {
  static constexpr char kText[] = R\"zwrules(${content})zwrules\";
  return absl::string_view(kText, sizeof(kText) - 1);
}

}  // namespace zhengwen::normalization
")
file(WRITE "${OUTPUT}.tmp" "${code}")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUTPUT}.tmp")
