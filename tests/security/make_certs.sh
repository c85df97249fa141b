#!/usr/bin/env bash
# Makes a throwaway PKI for the security tests in DIR: two CAs, a service
# certificate (server and client use) for 127.0.0.1/localhost from each, and
# a client certificate from the first.
set -euo pipefail
dir="$1"
mkdir -p "$dir"
cd "$dir"
ext() {
  cat <<EOT
basicConstraints=CA:FALSE
keyUsage=digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth,clientAuth
subjectAltName=IP:127.0.0.1,DNS:localhost
EOT
}
for ca in ca ca2; do
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=zhengwen test $ca" \
    -keyout "$ca.key" -out "$ca.pem" 2>/dev/null
done
issue() {  # issue NAME CA CN
  openssl req -newkey rsa:2048 -nodes -subj "/CN=$3" -keyout "$1.key" -out "$1.csr" 2>/dev/null
  openssl x509 -req -in "$1.csr" -CA "$2.pem" -CAkey "$2.key" -CAcreateserial -days 2 \
    -extfile <(ext) -out "$1.pem" 2>/dev/null
}
issue service ca zhengwen-service
issue client ca zhengwen-client
issue rogue ca2 zhengwen-service
chmod 600 ./*.key
