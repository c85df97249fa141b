#!/bin/sh
# Scores the seed corpus with the shared scorer:
#   zw normalize SHARED/corpus/seeds/*.txt > out.jsonl
#   python3 SHARED/tools/score_normalization.py --expected SHARED/corpus/seeds/expected.jsonl --output out.jsonl
# Usage: seed_score.sh ZW_BINARY SHARED_DIR
# Exit 77 (ctest SKIP_RETURN_CODE) when SHARED_DIR is missing, except under
# CI=true, where a missing corpus is a failure.
set -u
zw="$1"
shared="$2"
seeds="$shared/corpus/seeds"
scorer="$shared/tools/score_normalization.py"
if [ ! -d "$seeds" ] || [ ! -f "$scorer" ] || [ ! -f "$seeds/expected.jsonl" ]; then
  if [ "${CI:-}" = "true" ]; then
    echo "seed corpus or scorer missing under $shared (CI=true: failing)" >&2
    exit 1
  fi
  echo "seed corpus or scorer missing under $shared: skipping" >&2
  exit 77
fi
"$zw" normalize "$seeds"/*.txt > out.jsonl &&
  python3 "$scorer" --expected "$seeds/expected.jsonl" --output out.jsonl > score.txt
status=$?
cat score.txt
[ "$status" -eq 0 ] || exit "$status"
# The scorer fails on keep and leaks; structure must be right too.
summary=$(grep '^pages ' score.txt)
echo "$summary" | awk '{
  for (i = 1; i <= NF; ++i) {
    if ($i ~ /^[0-9]+\/[0-9]+$/) { split($i, p, "/"); if (p[1] != p[2]) bad = 1 }
    if ($i == "outline" && $(i + 1) != "1.00") bad = 1
    if ($i == "pinyin-pages" && $(i + 1) != "0") bad = 1
    if ($i == "traditional-chars") { v = $(i + 1); sub("%", "", v); if (v + 0 >= 0.1) bad = 1 }
  }
  exit bad
}' || { echo "seed structure is not all right: $summary" >&2; exit 1; }
