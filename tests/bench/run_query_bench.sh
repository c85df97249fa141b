#!/usr/bin/env bash
# Builds and runs the query benchmark (docs/benchmarks.md): fetches the
# chinese-poetry corpus with npm (into the build dir, not the project's
# package.json), builds query_bench, and prints the comparison table.
#   bash tests/bench/run_query_bench.sh [extra query_bench flags]
# BUILD_DIR (default build) picks the CMake build directory.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
build="${BUILD_DIR:-build}"
cd "$root"
corpus_dir="$build/bench-corpus"
if [ ! -d "$corpus_dir/node_modules/chinese-poetry/dist" ]; then
  mkdir -p "$corpus_dir"
  npm install --no-audit --no-fund --loglevel=error --prefix "$corpus_dir" chinese-poetry
fi
if [ ! -s "$corpus_dir/poems.tsv" ]; then
  node tests/bench/flatten_poetry.js "$corpus_dir/node_modules/chinese-poetry" > "$corpus_dir/poems.tsv"
fi
if [ ! -f "$build/build.ninja" ]; then
  cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
fi
ninja -C "$build" -j2 query_bench
pages=(deploy/samples/pages)
if [ -d ../shared/corpus/seeds ]; then pages+=(../shared/corpus/seeds); fi
echo "command: BUILD_DIR=$build bash tests/bench/run_query_bench.sh $*" >&2
"$build/tests/bench/query_bench" --corpus="$corpus_dir/poems.tsv" \
  --pages="$(IFS=,; echo "${pages[*]}")" "$@"
