#!/bin/sh
# `zw normalize --explain` on a page that yields no document prints the page
# and the edits that emptied it (issue 13 case 10).
# Usage: explain_empty.sh ZW_BINARY
set -u
zw="$1"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
printf '首页 > 范文 > 讲话\n京ICP备12345678号\n' > "$dir/empty.txt"
"$zw" normalize --explain "$dir/empty.txt" > "$dir/out.txt" || { echo "zw normalize failed" >&2; exit 1; }
cat "$dir/out.txt"
grep -q "empty.txt: no document" "$dir/out.txt" || { echo "no 'no document' line" >&2; exit 1; }
grep -q "breadcrumb/gt_separated_path" "$dir/out.txt" || { echo "breadcrumb edit missing" >&2; exit 1; }
grep -q "footer/icp_license" "$dir/out.txt" || { echo "footer edit missing" >&2; exit 1; }
