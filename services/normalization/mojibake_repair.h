// Mojibake stage: finds runs where a GBK byte stream was decoded one byte out
// of step ("?!督鹑A市" was "。《金華市", "?梢哉f" was "可以說") and repairs
// them by re-encoding the run as GBK and decoding it shifted by one byte.
//
// Such a run starts at a '?' that stands for the lost byte (sometimes followed
// by the tail of a pinyin annotation, "?nèi)"), and ends where the stream
// falls back into step: at an ASCII character that was really a trail byte
// ("A" in "鹑A", "f" in "哉f"). The character whose byte was lost cannot be
// known, so a repair drops it; the rest of the run is recovered exactly.
// Runs that do not re-decode cleanly are left in place and flagged.
#ifndef ZHENGWEN_SERVICES_NORMALIZATION_MOJIBAKE_REPAIR_H_
#define ZHENGWEN_SERVICES_NORMALIZATION_MOJIBAKE_REPAIR_H_

#include <string>

#include "absl/strings/string_view.h"
#include "services/normalization/edit_log.h"

namespace zhengwen::normalization {

struct MojibakeResult {
  std::string text;
  // Runs found: repaired, removed or flagged.
  int runs = 0;
};

// Repairs misaligned GBK runs in one line; also removes stray private-use
// characters and a lone trail letter left before a pinyin annotation
// ("F(xiàn)", whose lead byte was lost). Every change is logged.
MojibakeResult RepairMojibake(absl::string_view line, int line_number, EditLog* log);

}  // namespace zhengwen::normalization

#endif  // ZHENGWEN_SERVICES_NORMALIZATION_MOJIBAKE_REPAIR_H_
