#!/usr/bin/env bash
# The main job on a laptop: build, start the all-in-one server with its data
# under ./data, ingest the sample pages, and show what came out.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash deploy/build.sh
bin="build/services"
mkdir -p data
port_file="data/server.port"
rm -f "$port_file"
"$bin/server/zhengwen" serve --target=all --listen=127.0.0.1:0 --data_dir=./data \
  --port_file="$port_file" 2>data/server.log &
server_pid=$!
trap 'kill -TERM $server_pid 2>/dev/null; wait $server_pid 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do [ -s "$port_file" ] && break; sleep 0.1; done
[ -s "$port_file" ] || { echo "server did not start:"; cat data/server.log; exit 1; }
addr="$(cat "$port_file")"
echo "== all-in-one server on $addr (data in ./data, log in data/server.log)"

pages=(deploy/samples/pages)
if [ -d ../shared/corpus/seeds ]; then pages+=(../shared/corpus/seeds/*.txt); fi
echo "== zw ingest --wait ${pages[*]}"
"$bin/cli/zw" --server="$addr" ingest --wait "${pages[@]}"
echo "== zw status"
"$bin/cli/zw" --server="$addr" status
echo "== zw list"
"$bin/cli/zw" --server="$addr" list
echo "== documents (zw export, summarized; full JSONL in data/export.jsonl)"
"$bin/cli/zw" --server="$addr" export > data/export.jsonl
python3 - data/export.jsonl <<'PY'
import json, sys
for line in open(sys.argv[1], encoding="utf-8"):
    d = json.loads(line)
    text = d.get("text", "").replace("\n", " ")
    print(f"- {d['source_uri']} part {d.get('part', 0)}: {d.get('title', '')}")
    print(f"    date={d.get('published_at') or '-'} sections={len(d.get('sections', []))} "
          f"edits={len(d.get('edits', []))} chars={len(text)}")
    print(f"    {text[:90]}…")
PY
