#!/usr/bin/env bash
# Writes a fresh set of bearer tokens (docs/security.md) into DIR:
#   DIR/tokens         one "<role> <token>" line per role: writer, reader, admin,
#                      service (the servers' --token_file)
#   DIR/service-token  the service token alone (ingest's --service_token_file)
#   DIR/<role>.token   each client role's token alone (for zw --token_file / ZW_TOKEN)
# For Kubernetes, turn DIR into the Secret the manifests mount:
#   kubectl -n NAMESPACE create secret generic zhengwen-tokens \
#     --from-file=tokens=DIR/tokens --from-file=service-token=DIR/service-token
# deploy/local/run_split.sh uses it for the local split run. Usage: make-tokens.sh DIR
set -euo pipefail
[ "$#" -eq 1 ] || { echo "usage: $0 DIR" >&2; exit 2; }
dir="$1"
mkdir -p "$dir"
chmod 700 "$dir"
umask 077
token() { od -An -N24 -tx1 /dev/urandom | tr -d ' \n'; }
: > "$dir/tokens"
for role in writer reader admin service; do
  t="$(token)"
  echo "$role $t" >> "$dir/tokens"
  if [ "$role" = service ]; then echo "$t" > "$dir/service-token"; else echo "$t" > "$dir/$role.token"; fi
done
echo "tokens written to $dir (tokens, service-token, writer/reader/admin.token)"
