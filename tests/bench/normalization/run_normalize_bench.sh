#!/usr/bin/env bash
# Builds the corpus and the benchmark, then prints the throughput table.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
cd "$root"
bash tests/bench/normalization/build_normalization_corpus.sh
ninja -C "${BUILD_DIR:-build}" normalize_bench
"${BUILD_DIR:-build}/tests/bench/normalization/normalize_bench" build/bench-corpus/normalization "$@"
