#!/usr/bin/env bash
# Packs the s3sandbox npm package (packages/npm) with the given linux-x64 binary in its bin/.
# Usage: package-npm.sh BINARY OUT_DIR. The version is the CMake project's; offline (no deps).
set -euo pipefail
cd "$(dirname "$0")/.."
binary="$(realpath "$1")"
out="$(realpath -m "$2")"
version=$(sed -n 's/^project(s3sandbox VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
licenses="$(dirname "$(dirname "$binary")")/licenses"
# A copy of the sources: the binary and the version go into it, never into the checkout.
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp -r packages/npm "$work/s3sandbox"
mkdir -p "$work/s3sandbox/bin" "$work/s3sandbox/licenses"
install -m 0755 "$binary" "$work/s3sandbox/bin/s3sandbox"
if [[ -d "$licenses" ]]; then cp "$licenses"/* "$work/s3sandbox/licenses/"; fi
sed -i "s/\"version\": \"[^\"]*\"/\"version\": \"$version\"/" "$work/s3sandbox/package.json"
mkdir -p "$out"
(cd "$work/s3sandbox" && npm pack --silent --pack-destination "$out" >/dev/null)
ls "$out/s3sandbox-$version.tgz"
