#!/usr/bin/env bash
# Builds the normalization benchmark corpus (>= 50 MB of real pages) under
# build/bench-corpus/normalization/: the seed pages, the project's sample
# pages, Debian's LibreOffice help in Simplified and Traditional Chinese (HTML),
# and poems from the npm package chinese-poetry (Traditional), one text page
# per 200 poems. Prints the corpus size.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
out="$root/build/bench-corpus/normalization"
mkdir -p "$out"

SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
for pkg in libreoffice-help-zh-cn libreoffice-help-zh-tw; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || {
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$pkg" >/dev/null
  }
done
if [ ! -d "$root/build/bench-corpus/node_modules/chinese-poetry" ]; then
  npm install --prefix "$root/build/bench-corpus" --no-audit --no-fund --loglevel=error chinese-poetry@2.0.1 >/dev/null
fi

rm -rf "$out"/*
mkdir -p "$out/help" "$out/poetry" "$out/pages"
find /usr/share/libreoffice/help/zh-CN /usr/share/libreoffice/help/zh-TW -name '*.html' -print0 |
  xargs -0 -I{} sh -c 'cp "{}" "$1/help/$(echo "{}" | md5sum | cut -c1-16).html"' _ "$out"
[ -d "$root/../shared/corpus/seeds" ] && cp "$root"/../shared/corpus/seeds/*.txt "$out/pages/"
cp "$root"/deploy/samples/pages/* "$out/pages/"
python3 - "$root/build/bench-corpus/node_modules/chinese-poetry" "$out/poetry" <<'PY'
import json, os, sys
src, dst = sys.argv[1], sys.argv[2]
poems = []
for dirpath, _, files in os.walk(src):
    for name in sorted(files):
        if not name.endswith(".json") or "author" in name:
            continue
        try:
            data = json.load(open(os.path.join(dirpath, name), encoding="utf-8"))
        except Exception:
            continue
        if not isinstance(data, list):
            continue
        for p in data:
            if isinstance(p, dict) and isinstance(p.get("paragraphs"), list):
                title = p.get("title") or p.get("rhythmic") or ""
                body = "\n".join(x for x in p["paragraphs"] if isinstance(x, str))
                poems.append(f"{title}\n{p.get('author', '')}\n{body}\n")
for i in range(0, len(poems), 200):
    with open(os.path.join(dst, f"poems-{i // 200:05d}.txt"), "w", encoding="utf-8") as f:
        f.write("\n".join(poems[i:i + 200]))
print(f"poems: {len(poems)}", file=sys.stderr)
PY
du -sb "$out" | awk '{printf "corpus: %.1f MB in ", $1/1e6}'
find "$out" -type f | wc -l | awk '{print $1 " files"}'
