#!/usr/bin/env bash
# Sets up, builds and runs the whole test suite:
#   1. proto lint (buf, STANDARD + COMMENTS) and breaking-change check (buf breaking)
#   2. every unit, end-to-end, crash and outage test (ctest) on the normal build, with
#      the client SDK tests (Python, Node) and the offline deployment checks
#      (kustomize overlays, Dockerfile, split-mode local run)
#   3. the same suite built with clang + AddressSanitizer + UndefinedBehaviorSanitizer
#   4. the libFuzzer targets, time-boxed
# ZW_TEST_QUICK=1 stops after step 2 (for a fast local loop).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash deploy/build.sh

echo "== buf lint"
npx --no-install buf lint

echo "== buf breaking"
# CI's clone is main itself, so the base is the previous commit (HEAD~1); in a tree
# with uncommitted changes under protos/ it is HEAD. ZW_BUF_AGAINST=<git ref>
# overrides (e.g. the commit a release was cut from). Skipped with no earlier commit.
against="${ZW_BUF_AGAINST:-}"
if [ -z "$against" ] && git rev-parse --git-dir >/dev/null 2>&1; then
  if ! git diff --quiet HEAD -- protos 2>/dev/null; then against=HEAD
  elif git rev-parse --verify -q 'HEAD~1^{commit}' >/dev/null; then against=HEAD~1
  fi
fi
if [ -n "$against" ]; then
  echo "protos/ against $against"
  npx --no-install buf breaking --against ".git#ref=$against"
else
  echo "skipped: no earlier commit to compare with"
fi

run_ctest() {  # run_ctest BUILD_DIR LABEL
  echo "== ctest ($2)"
  local log="$1/ctest-output.log"
  set +e
  ctest --test-dir "$1" -j2 --output-on-failure --timeout 600 2>&1 | tee "$log"
  local rc=${PIPESTATUS[0]}
  set -e
  # The reliability tests' verdicts, from the test log, then ctest's summary
  # again so it stays the closing line.
  grep -h -E "^(crash|outage) test" "$1/Testing/Temporary/LastTest.log" | sed "s/^/[$2] /" || true
  grep -E "tests passed|tests failed out of" "$log" | tail -n 1
  return "$rc"
}

run_ctest build "gcc"
if [ "${ZW_TEST_QUICK:-0}" = "1" ]; then exit 0; fi

echo "== sanitizer build (clang-14, ASan + UBSan, libFuzzer coverage)"
CXX=clang++-14 CC=clang-14 cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Sanitize \
  -DCMAKE_CXX_FLAGS="-O1 -gline-tables-only" -DZW_SANITIZE=ON -DZW_FUZZ=ON >/dev/null
ninja -C build-asan -j2
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export LSAN_OPTIONS="suppressions=$root/tests/fuzz/lsan.supp"

echo "== fuzz (time-boxed)"
for fuzzer in ingest_fuzzer normalize_fuzzer html_structure_fuzzer; do
  corpus="build-asan/fuzz-corpus/$fuzzer"
  mkdir -p "$corpus"
  cp -n deploy/samples/pages/* "$corpus/" 2>/dev/null || true
  log="build-asan/$fuzzer.log"
  if ! "build-asan/tests/fuzz/$fuzzer" -max_total_time="${ZW_FUZZ_SECONDS:-45}" -max_len=65536 \
      -print_final_stats=1 -artifact_prefix="build-asan/$fuzzer-" "$corpus" >"$log" 2>&1; then
    tail -n 60 "$log"
    echo "$fuzzer found a problem (crash input saved beside the log)"
    exit 1
  fi
  runs=$(grep -E "^stat::number_of_executed_units" "$log" | awk '{print $2}')
  echo "$fuzzer: no finding in ${runs:-?} runs"
done

run_ctest build-asan "asan+ubsan"
