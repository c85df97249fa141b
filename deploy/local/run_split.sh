#!/usr/bin/env bash
# Split mode on loopback, mirroring the Kubernetes deployment: three processes
# (normalization, query, ingest) started like the manifests start their pods.
#
#   deploy/local/run_split.sh [--overlay=dev|prod] [--ports=fixed|auto] [--data=DIR] [-- COMMAND...]
#
# Settings come from the same files kustomize turns into the ConfigMap
# zhengwen-config: deploy/k8s/base/zhengwen.env, then the overlay's <overlay>.env
# (--overlay). Each process gets `serve --target=<tier>` like its container's args.
# Only what a cluster provides differently is replaced, because one machine has no
# pod IPs, DNS names or volumes:
#   ZHENGWEN_LISTEN / _METRICS_LISTEN   127.0.0.1 ports (fixed: ingest 7070,
#                                       normalization 7071, query 7072, metrics
#                                       9090-9092; auto: port 0, read back)
#   ZHENGWEN_NORMALIZATION_ADDR / _QUERY_ADDR   the loopback addresses above
#                                       instead of dns:///normalization:7070 ...
#   ZHENGWEN_DATA_DIR                   DIR/<tier> instead of each pod's volume
#   files under /etc/zhengwen/rules/    deploy/k8s/base/ (the ConfigMap's source files)
#   files under /etc/zhengwen/tokens/   DIR/tokens/, fresh tokens from
#                                       deploy/k8s/make-tokens.sh (the Secret's keys);
#                                       ZW_TOKEN is the admin token for COMMAND
# Startup waits for each tier's readiness (as the readiness probes do) before
# starting the next; ingest starts last, like a StatefulSet whose dependencies are
# ready. Then it prints the addresses and waits for Ctrl-C, or runs COMMAND with
# ZW_SERVER / ZW_QUERY_SERVER set (so `zw` finds the servers) and stops. Stopping
# sends SIGTERM (ingest first) and waits as long as terminationGracePeriodSeconds;
# any exit code but 0 makes the script fail.
#
# ZHENGWEN_BIN and ZW_BIN name the binaries (default: build/services/...).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
server_bin="${ZHENGWEN_BIN:-$root/build/services/server/zhengwen}"
zw_bin="${ZW_BIN:-$root/build/services/cli/zw}"
overlay=""
ports="fixed"
data="$root/data/split"
command=()
while [ "$#" -gt 0 ]; do
  case "$1" in
    --overlay=*) overlay="${1#*=}" ;;
    --ports=*) ports="${1#*=}" ;;
    --data=*) data="${1#*=}" ;;
    --) shift; command=("$@"); break ;;
    -h|--help) awk 'NR > 1 && /^#/ {sub(/^# ?/, ""); print; next} NR > 1 {exit}' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) echo "run_split: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
[ "$ports" = fixed ] || [ "$ports" = auto ] || { echo "run_split: --ports=fixed|auto" >&2; exit 2; }
for bin in "$server_bin" "$zw_bin"; do
  [ -x "$bin" ] || { echo "run_split: $bin not built (bash deploy/build.sh)" >&2; exit 1; }
done

# ---- the ConfigMap's settings
env_files=("$root/deploy/k8s/base/zhengwen.env")
if [ -n "$overlay" ]; then
  env_files+=("$root/deploy/k8s/overlays/$overlay/$overlay.env")
  [ -f "${env_files[1]}" ] || { echo "run_split: no ${env_files[1]}" >&2; exit 2; }
fi
for f in "${env_files[@]}"; do
  while IFS= read -r line || [ -n "$line" ]; do
    case "$line" in ''|'#'*) continue ;; esac
    key="${line%%=*}"
    [[ "$key" =~ ^ZHENGWEN_[A-Z0-9_]+$ ]] || { echo "run_split: $f: bad line: $line" >&2; exit 2; }
    export "$key=${line#*=}"
  done < "$f"
done
# Grace periods of the manifests (terminationGracePeriodSeconds).
grace_of() { case "$1" in normalization) echo 30 ;; *) echo 45 ;; esac; }

mkdir -p "$data"
data="$(cd "$data" && pwd)"
mkdir -p "$data/logs"
# What the pods get from volumes: the ConfigMap's files and the Secret's keys.
tokens=""
tls_left_out=""
for var in $(compgen -e | grep '^ZHENGWEN_' || true); do
  value="${!var}"
  case "$value" in
    /etc/zhengwen/rules/*) export "$var=$root/deploy/k8s/base/${value#/etc/zhengwen/rules/}" ;;
    /etc/zhengwen/tokens/*) export "$var=$data/tokens/${value#/etc/zhengwen/tokens/}"; tokens=1 ;;
    # prod's TLS (Secret zhengwen-tls) and its probe port have no local stand-in:
    # the local run stays on loopback, where plaintext is the server's default.
    /etc/zhengwen/tls/*) unset "$var"; tls_left_out=1 ;;
  esac
done
if [ -n "${tls_left_out:-}" ]; then
  unset ZHENGWEN_HEALTH_LISTEN
  echo "run_split: the overlay's TLS settings are left out of the local (loopback) run" >&2
fi
if [ -n "$tokens" ]; then
  rm -rf "$data/tokens"
  bash "$root/deploy/k8s/make-tokens.sh" "$data/tokens" >/dev/null
fi
declare -A pid address metrics
order=()

stop_all() {
  local status=0 i t code waited
  for ((i = ${#order[@]} - 1; i >= 0; i--)); do  # ingest first
    t="${order[$i]}"
    if kill -0 "${pid[$t]}" 2>/dev/null; then kill -TERM "${pid[$t]}" 2>/dev/null || true; fi
    waited=0
    while kill -0 "${pid[$t]}" 2>/dev/null && [ "$waited" -lt "$(( $(grace_of "$t") * 10 ))" ]; do
      sleep 0.1; waited=$((waited + 1))
    done
    if kill -0 "${pid[$t]}" 2>/dev/null; then
      echo "run_split: $t did not stop within $(grace_of "$t") s: SIGKILL" >&2
      kill -KILL "${pid[$t]}" 2>/dev/null || true
    fi
    code=0; wait "${pid[$t]}" 2>/dev/null || code=$?
    echo "stopped $t (exit $code)"
    [ "$code" -eq 0 ] || status=1
  done
  order=()
  return "$status"
}
on_exit() {
  local code=$?
  stop_all || code=1
  exit "$code"
}
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

start() {  # start TIER GRPC_PORT METRICS_PORT [KEY=VALUE...]
  local t="$1" port="$2" mport="$3"; shift 3
  local port_file="$data/$t.port" log="$data/logs/$t.log"
  rm -f "$port_file"
  env "$@" ZHENGWEN_LISTEN="127.0.0.1:$port" ZHENGWEN_METRICS_LISTEN="127.0.0.1:$mport" \
    ZHENGWEN_DATA_DIR="$data/$t" \
    "$server_bin" serve --target="$t" --port_file="$port_file" >"$log" 2>&1 &
  pid[$t]=$!
  order+=("$t")
  local i
  for ((i = 0; i < 300; i++)); do  # 30 s, like the startup probes
    if [ -s "$port_file" ] && "$zw_bin" --server="$(cat "$port_file")" --timeout=2s health >/dev/null 2>&1; then
      address[$t]="$(cat "$port_file")"
      metrics[$t]="127.0.0.1:$(grep -o '"event":"metrics_listening","port":"[0-9]*"' "$log" | grep -o '[0-9]*"$' | tr -d '"' || true)"
      return 0
    fi
    kill -0 "${pid[$t]}" 2>/dev/null || break
    sleep 0.1
  done
  echo "run_split: $t did not become ready; its log ($log):" >&2
  tail -n 20 "$log" >&2
  return 1
}

if [ "$ports" = fixed ]; then p=(7070 7071 7072 9090 9091 9092); else p=(0 0 0 0 0 0); fi
start normalization "${p[1]}" "${p[4]}"
start query "${p[2]}" "${p[5]}"
start ingest "${p[0]}" "${p[3]}" \
  ZHENGWEN_NORMALIZATION_ADDR="${address[normalization]}" ZHENGWEN_QUERY_ADDR="${address[query]}"

echo "split mode, settings from ${env_files[*]#"$root/"}:"
for t in ingest normalization query; do
  printf '  %-13s grpc %-21s metrics %-21s log %s\n' "$t" "${address[$t]}" "${metrics[$t]}" "$data/logs/$t.log"
done
export ZW_SERVER="${address[ingest]}" ZW_QUERY_SERVER="${address[query]}"
echo "  zw: ZW_SERVER=$ZW_SERVER ZW_QUERY_SERVER=$ZW_QUERY_SERVER"
if [ -n "$tokens" ]; then
  ZW_TOKEN="$(cat "$data/tokens/admin.token")"
  export ZW_TOKEN
  echo "  tokens: $data/tokens/ (ZW_TOKEN=\$(cat $data/tokens/admin.token) for zw)"
fi

if [ "${#command[@]}" -gt 0 ]; then
  code=0
  "${command[@]}" || code=$?
  echo "command exited $code"
  exit "$code"
fi
echo "Ctrl-C stops all three (SIGTERM, ingest first)."
while :; do
  for t in "${order[@]}"; do
    if ! kill -0 "${pid[$t]}" 2>/dev/null; then
      echo "run_split: $t exited; its log:" >&2
      tail -n 20 "$data/logs/$t.log" >&2
      exit 1
    fi
  done
  sleep 1
done
