#!/usr/bin/env bash
# Sets up, builds and runs the whole test suite: proto lint, then ctest.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash deploy/build.sh
build_dir="${BUILD_DIR:-build}"
echo "== buf lint"
npx --no-install buf lint
echo "== ctest"
ctest --test-dir "$build_dir" -j2 --output-on-failure
