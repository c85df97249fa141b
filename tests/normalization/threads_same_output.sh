#!/bin/sh
# `zw normalize --threads=N` prints exactly what one thread prints, in input
# order (the pages are copied several times so workers finish out of order),
# and refuses a thread count outside 1..64.
# Usage: threads_same_output.sh ZW_BINARY SAMPLES_DIR
set -u
zw="$1"
samples="$2"
dir=$(mktemp -d)
out=$(mktemp -d)
trap 'rm -rf "$dir" "$out"' EXIT
for copy in 1 2 3 4 5 6; do
  for f in "$samples"/*; do cp "$f" "$dir/${copy}_$(basename "$f")"; done
done
"$zw" normalize --threads=1 "$dir" > "$out/one.jsonl" || { echo "--threads=1 failed" >&2; exit 1; }
"$zw" normalize --threads=3 "$dir" > "$out/three.jsonl" || { echo "--threads=3 failed" >&2; exit 1; }
[ -s "$out/one.jsonl" ] || { echo "no documents" >&2; exit 1; }
cmp "$out/one.jsonl" "$out/three.jsonl" || { echo "--threads=3 output differs from --threads=1" >&2; exit 1; }
"$zw" normalize --explain --threads=2 "$dir" > "$out/explain2.txt" || exit 1
"$zw" normalize --explain "$dir" > "$out/explain1.txt" || exit 1
cmp "$out/explain1.txt" "$out/explain2.txt" || { echo "--explain differs with threads" >&2; exit 1; }
if "$zw" normalize --threads=0 "$dir" > /dev/null 2>&1; then echo "--threads=0 accepted" >&2; exit 1; fi
if "$zw" normalize --threads=65 "$dir" > /dev/null 2>&1; then echo "--threads=65 accepted" >&2; exit 1; fi
echo "same output with 1 and 3 threads: $(wc -l < "$out/one.jsonl") documents"
