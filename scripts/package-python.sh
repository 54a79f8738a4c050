#!/usr/bin/env bash
# Builds the s3sandbox wheel (packages/python) with the given binary inside, offline, with
# Debian's python3-build and python3-wheel (/usr/bin/python3; no isolated environment, so nothing
# is downloaded).
# Usage: package-python.sh BINARY OUT_DIR. The version is the CMake project's.
set -euo pipefail
cd "$(dirname "$0")/.."
binary="$(realpath "$1")"
out="$(realpath -m "$2")"
version=$(sed -n 's/^project(s3sandbox VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
licenses="$(dirname "$(dirname "$binary")")/licenses"
# A copy of the sources: the binary and the version are written into it, never into the checkout.
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp -r packages/python "$work/s3sandbox"
pkg="$work/s3sandbox/src/s3sandbox"
mkdir -p "$pkg/bin" "$pkg/licenses"
install -m 0755 "$binary" "$pkg/bin/s3sandbox"
if [[ -d "$licenses" ]]; then cp "$licenses"/* "$pkg/licenses/"; fi
sed -i "s/^version = \".*\"/version = \"$version\"/" "$work/s3sandbox/pyproject.toml"
mkdir -p "$out"
(cd "$work/s3sandbox" && /usr/bin/python3 -m build --wheel --no-isolation --outdir "$out" \
  >"$work/build.log" 2>&1) || { cat "$work/build.log" >&2; exit 1; }
ls "$out"/s3sandbox-"$version"-*.whl
