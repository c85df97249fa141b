# Writes OUTPUT, a C++ file that defines FUNCTION() (declared in HEADER) as
# the content of INPUT: the built-in rules file, or the built-in line model.
# Run at build time: cmake -DINPUT=.. -DOUTPUT=.. [-DFUNCTION=.. -DHEADER=..] -P this.
if(NOT FUNCTION)
  set(FUNCTION DefaultRulesText)
endif()
if(NOT HEADER)
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
