#!/usr/bin/env bash
# Installs every system and tooling dependency Zhengwen needs on Debian bookworm.
# Idempotent: safe to run again; it only installs what is missing.
set -euo pipefail

APT_PACKAGES=(
  build-essential cmake ninja-build ccache pkg-config git python3 python3-grpcio python3-protobuf curl ca-certificates
  protobuf-compiler protobuf-compiler-grpc grpc-proto libprotobuf-dev libssl-dev libgrpc++-dev libgrpc-dev
  libabsl-dev librocksdb-dev libgtest-dev libgmock-dev libbenchmark-dev
  libopencc-dev opencc libicu-dev libuchardet-dev libgumbo-dev libre2-dev libxxhash-dev
  prometheus-cpp-dev clang-14 libclang-rt-14-dev libsqlite3-dev libxapian-dev
)

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Node and npm run the proto tooling; a machine may already carry its own build of them.
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "setup: apt packages present"
fi

# npm tooling (buf for proto lint/breaking, google-proto-files for google/rpc protos),
# pinned in the project's package.json / package-lock.json.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ -f "$root/package.json" ]; then
  # Install when missing, or when the lock changed since the last install.
  if [ ! -d "$root/node_modules/@bufbuild/buf" ] || [ ! -d "$root/node_modules/google-proto-files" ] ||
     [ "$root/package-lock.json" -nt "$root/node_modules/.package-lock.json" ]; then
    echo "setup: npm install"
    # `npm install` rather than `npm ci`: the lock records buf's optional
    # per-platform binaries inconsistently across npm versions.
    (cd "$root" && npm install --no-audit --no-fund --loglevel=error)
  else
    echo "setup: npm packages present"
  fi
fi
