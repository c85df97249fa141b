#!/usr/bin/env bash
# The wall checker must refuse what it is for: a planted gRPC include in a
# logic folder (each header form) and a logic binary that needs libgrpc; and
# accept the same include inside a gRPC folder.
set -euo pipefail
checker="$(dirname "${BASH_SOURCE[0]}")/check_grpc_walls.py"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

expect_refused() {  # expect_refused WHAT -- ARGS...
  local what="$1"; shift
  if out="$(python3 "$checker" "$@")"; then
    echo "FAIL: not refused: $what"; echo "$out"; exit 1
  fi
  echo "refused as expected: $what: $out"
}

mkdir -p "$tmp/services/query/grpc" "$tmp/common/grpc"
echo '#include <grpcpp/server_context.h>' > "$tmp/services/query/grpc/adapter.cc"
echo '#include "zhengwen/query/v1/query_service.grpc.pb.h"' > "$tmp/common/grpc/stubs.h"
python3 "$checker" "$tmp" >/dev/null || { echo "FAIL: includes inside gRPC folders refused"; exit 1; }

for include in '<grpcpp/grpcpp.h>' '<grpc/grpc.h>' '"zhengwen/query/v1/query_service.grpc.pb.h"'; do
  rm -rf "$tmp/services/query/logic.h"
  printf '// logic\n#include %s\n' "$include" > "$tmp/services/query/logic.h"
  out="$(python3 "$checker" "$tmp" || true)"
  case "$out" in
    *"services/query/logic.h:2: includes"*) echo "refused as expected: $include" ;;
    *) echo "FAIL: planted $include not refused: $out"; exit 1 ;;
  esac
done
rm "$tmp/services/query/logic.h"

# A binary that needs libgrpc++ (the checker itself never builds one: use any
# executable that does, given as $1) is refused.
if [ "$#" -ge 1 ]; then
  expect_refused "binary linking gRPC ($1)" "$tmp" --binaries "$1"
fi
echo "OK"
