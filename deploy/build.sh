#!/usr/bin/env bash
# Installs dependencies (deploy/setup.sh) and builds everything into ./build.
# BUILD_DIR and CMAKE_ARGS may be set to build elsewhere or differently (e.g.
# CMAKE_ARGS=-DCMAKE_BUILD_TYPE=RelWithDebInfo for debug symbols).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash deploy/setup.sh
build_dir="${BUILD_DIR:-build}"
# shellcheck disable=SC2086
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release ${CMAKE_ARGS:-} >/dev/null
ninja -C "$build_dir" -j2
