// Script stage over a whole page: detects the input script and converts every
// line to Simplified with ONE OpenCC call (lines joined by '\n'), which is
// much faster than a call per line and converts phrases the same way.
#ifndef ZHENGWEN_SERVICES_NORMALIZATION_SCRIPT_STAGE_H_
#define ZHENGWEN_SERVICES_NORMALIZATION_SCRIPT_STAGE_H_

#include "services/normalization/page_line.h"
#include "common/text/script_converter.h"
#include "zhengwen/document/v1/document.pb.h"

namespace zhengwen::normalization {

// Converts `lines` in place (setting each line's converted_chars) and returns
// the script the page arrived in.
zhengwen::document::v1::Script ConvertPageToSimplified(const ScriptConverter& converter,
                                                       PageLines* lines);

}  // namespace zhengwen::normalization

#endif  // ZHENGWEN_SERVICES_NORMALIZATION_SCRIPT_STAGE_H_
