#!/usr/bin/env bash
# Generates the client SDKs into OUT/sdk/ from buf.gen.yaml (C++, Python, TypeScript)
# and compiles the TypeScript SDK together with the Node client test into OUT/sdk/js/.
# Usage: generate_sdk.sh OUT    (ctest passes the build directory)
set -euo pipefail
out="$(mkdir -p "$1" && cd "$1" && pwd)"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
sdk="$out/sdk"
rm -rf "$sdk"
for p in @bufbuild/buf ts-proto @bufbuild/protobuf @grpc/grpc-js typescript @types/node; do
  [ -d "node_modules/$p" ] || { echo "node_modules/$p is missing: run npm install (package.json lists it)" >&2; exit 1; }
done

npx --no-install buf generate -o "$out"
for lang in cpp python ts; do
  n=$(find "$sdk/$lang" -type f | wc -l)
  [ "$n" -gt 0 ] || { echo "no $lang files generated under $sdk/$lang" >&2; exit 1; }
  echo "generated $n $lang files in $sdk/$lang"
done

# The Node client: the generated TypeScript and the test, type-checked and compiled
# together (strict), so the test uses the SDK exactly as a client would.
mkdir -p "$sdk/node-test"
cp tests/clients/node/*.ts "$sdk/node-test/"
# Resolve @grpc/grpc-js, @bufbuild/protobuf and @types/node from the project's
# node_modules wherever the build directory is.
ln -sfn "$root/node_modules" "$sdk/node_modules"
cat > "$sdk/tsconfig.json" <<'JSON'
{
  "compilerOptions": {
    "target": "ES2020",
    "module": "commonjs",
    "moduleResolution": "node",
    "strict": true,
    "esModuleInterop": true,
    "skipLibCheck": true,
    "types": ["node"],
    "rootDir": ".",
    "outDir": "js"
  },
  "include": ["ts/**/*.ts", "node-test/*.ts"]
}
JSON
"$root/node_modules/.bin/tsc" -p "$sdk/tsconfig.json"
echo "compiled the TypeScript SDK and the Node client test into $sdk/js"
