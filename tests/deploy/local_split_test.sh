#!/usr/bin/env bash
# deploy/local/run_split.sh end to end: the three tiers on loopback (port 0) with the
# manifests' settings (tokens included), the sample pages ingested and indexed
# through them, a call without a token refused, every process stopped by SIGTERM
# with exit code 0. Usage: local_split_test.sh ZHENGWEN ZW
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export ZHENGWEN_BIN="$1" ZW_BIN="$2"
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
pages="$root/deploy/samples/pages"
want=$(find "$pages" -type f | wc -l)
bash "$root/deploy/local/run_split.sh" --ports=auto --data="$dir" -- bash -c '
  set -euo pipefail
  "$ZW_BIN" ingest --wait "$1" >/dev/null
  status=$("$ZW_BIN" status)
  echo "$status"
  grep -q "indexed $2 " <<<"$status" || { echo "expected $2 pages indexed"; exit 1; }
  docs=$("$ZW_BIN" export | wc -l)
  echo "exported $docs documents through the split tiers"
  [ "$docs" -ge "$2" ]
  # With tokens in the settings (as in the cluster), a call without one is refused.
  if [ -n "${ZW_TOKEN:-}" ]; then
    if refused=$(env -u ZW_TOKEN "$ZW_BIN" status 2>&1); then
      echo "a call without a token was accepted: $refused"; exit 1
    fi
    grep -q MISSING_TOKEN <<<"$refused" || { echo "expected MISSING_TOKEN, got: $refused"; exit 1; }
    echo "a call without a token is refused: MISSING_TOKEN"
  fi' _ "$pages" "$want"
echo "local split run: ok"
