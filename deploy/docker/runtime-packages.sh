#!/usr/bin/env bash
# Prints the Debian packages that provide the shared libraries BINARY... link
# against, plus the data packages they read at run time, one name a line, sorted.
# The Dockerfile's runtime stage installs exactly these, so the image follows
# whatever the build links without a hand-kept list. Usage: runtime-packages.sh BIN...
set -euo pipefail
[ "$#" -gt 0 ] || { echo "usage: $0 BINARY..." >&2; exit 2; }

files=()
for bin in "$@"; do
  deps="$(ldd "$bin")" || { echo "runtime-packages: ldd $bin failed" >&2; exit 1; }
  if grep -q 'not found' <<<"$deps"; then
    echo "runtime-packages: $bin: $(grep 'not found' <<<"$deps")" >&2
    exit 1
  fi
  while read -r lib; do files+=("$lib"); done < <(awk '$2 == "=>" && $3 ~ /^\// {print $3}' <<<"$deps")
done
# Read at run time, not linked: OpenCC's conversion tables (--opencc_config=t2s.json).
files+=(/usr/share/opencc/t2s.json)

# Each file under every name dpkg may know it by (usrmerge: /lib is /usr/lib), asked
# in one dpkg-query call (each call reads every package's file list).
declare -A owner
candidates=()
for f in "${files[@]}"; do
  real="$(realpath "$f")"
  candidates+=("$f" "$real" "${f#/usr}" "${real#/usr}" "/usr${f#/usr}" "/usr${real#/usr}")
done
while IFS= read -r line; do
  pkgs="${line%%: /*}"; path="/${line#*: /}"
  owner[$path]="${pkgs%%,*}"
done < <(dpkg-query -S "${candidates[@]}" 2>/dev/null || true)

packages=()
for f in "${files[@]}"; do
  real="$(realpath "$f")"
  found=""
  for c in "$f" "$real" "${f#/usr}" "${real#/usr}" "/usr${f#/usr}" "/usr${real#/usr}"; do
    if [ -n "${owner[$c]:-}" ]; then found="${owner[$c]%%:*}"; break; fi
  done
  if [ -z "$found" ]; then echo "runtime-packages: no package ships $f" >&2; exit 1; fi
  packages+=("$found")
done
printf '%s\n' "${packages[@]}" | sort -u
