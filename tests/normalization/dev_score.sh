#!/bin/sh
# Scores the development set (120 scraped text pages) with the shipped rules
# and line model, prints the figures, and fails below the floors:
#   zw normalize SHARED/corpus/dev/pages/*.txt > out.jsonl
#   python3 SHARED/tools/score_normalization.py --expected SHARED/corpus/dev/expected.jsonl --output out.jsonl
# The shipped model was fitted on these pages, so these are training figures;
# the cross-validated ones come from model/fit_line_model.py --cv 5
# (docs/normalization.md). Floors sit a little under what the model reaches.
# Usage: dev_score.sh ZW_BINARY SHARED_DIR
# Exit 77 (ctest SKIP_RETURN_CODE) when SHARED_DIR is missing, except under
# CI=true, where a missing corpus is a failure.
set -u
zw="$1"
shared="$2"
dev="$shared/corpus/dev"
scorer="$shared/tools/score_normalization.py"
min_keep=0.99
max_leaks=38
min_titles=73
min_counts=117
if [ ! -d "$dev/pages" ] || [ ! -f "$scorer" ] || [ ! -f "$dev/expected.jsonl" ]; then
  if [ "${CI:-}" = "true" ]; then
    echo "dev corpus or scorer missing under $shared (CI=true: failing)" >&2
    exit 1
  fi
  echo "dev corpus or scorer missing under $shared: skipping" >&2
  exit 77
fi
"$zw" normalize "$dev"/pages/*.txt > dev_out.jsonl || exit 1
python3 "$scorer" --expected "$dev/expected.jsonl" --output dev_out.jsonl \
  --min-keep "$min_keep" --max-leaks "$max_leaks" > dev_score.txt
status=$?
grep -v ': ok$' dev_score.txt
[ "$status" -eq 0 ] || { echo "keep below $min_keep or more than $max_leaks leaks" >&2; exit 1; }
if grep -q 'documents 0 (want' dev_score.txt; then
  echo "a page with body text gave no document" >&2
  exit 1
fi
summary=$(grep '^pages ' dev_score.txt)
echo "$summary" | awk -v titles="$min_titles" -v counts="$min_counts" '{
  for (i = 1; i <= NF; ++i) {
    if ($i == "titles") { split($(i + 1), p, "/"); if (p[1] < titles) bad = 1 }
    if ($i == "page-counts-right") { split($(i + 1), p, "/"); if (p[1] < counts) bad = 1 }
  }
  exit bad
}' || { echo "titles below $min_titles or page counts below $min_counts: $summary" >&2; exit 1; }
