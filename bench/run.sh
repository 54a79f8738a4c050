#!/usr/bin/env bash
# The side-by-side benchmark of issue 7: s3sandbox vs a static-file nginx vs s3rver (and moto's
# server mode where Python's moto is installed), on loopback, in one run. Prints one markdown
# table (ratios, targets, PASS/MISS). Run on demand on a quiet machine, never in CI; takes
# ~6 minutes with the defaults (most of it wrk runs and filling the 1M-key bucket).
#
#   bench/run.sh [--duration SECONDS] [--runs N] [--big-keys N] [--json FILE] [--keep]
#   bench/run.sh --verdict [--rounds N] [--duration SECONDS] [--runs N]
#
# --verdict decides only the nginx-ratio targets, robustly against the VM's noise: s3sandbox
# (default and --pin-threads) and nginx side by side, measured in rotating rounds, the median of
# the per-round ratios (bench/verdict.py; ~10 minutes with the defaults).
#
# Installs nothing: it says what is missing. Builds s3sandbox and fill_bucket in build-bench/
# (Release, -DS3SANDBOX_BENCH=ON); S3SANDBOX_BUILD_DIR overrides the build dir.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
build="${S3SANDBOX_BUILD_DIR:-$root/build-bench}"

missing=()
for tool in nginx wrk curl openssl dd cmake ninja; do
  command -v "$tool" >/dev/null || missing+=("$tool")
done
if ((${#missing[@]})); then
  echo "bench: missing ${missing[*]}: apt-get install nginx-light wrk curl openssl cmake ninja-build" >&2
  exit 1
fi
if ! dpkg-query -W -f='${Status}' libbenchmark-dev 2>/dev/null | grep -q "install ok installed"; then
  echo "bench: missing libbenchmark-dev (bench/CMakeLists.txt): apt-get install libbenchmark-dev" >&2
  exit 1
fi
if ! /usr/bin/python3 -c 'import boto3' 2>/dev/null; then
  echo "bench: missing boto3 for /usr/bin/python3: apt-get install python3-boto3" >&2
  exit 1
fi
if [[ ! -x "$here/node_modules/.bin/s3rver" ]]; then
  echo "bench: s3rver is not installed: (cd bench && npm ci)   (bench/package.json, kept apart" \
       "from the root package.json); going on without it" >&2
fi

cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DS3SANDBOX_TESTS=OFF \
  -DS3SANDBOX_BENCH=ON >/dev/null
ninja -C "$build" s3sandbox fill_bucket >&2

# bench.py stops every server it started (also on Ctrl-C / TERM). Should Python itself die
# without cleaning up, the trap ends the process groups it recorded (each server is the leader
# of its own).
pidfile="$(mktemp)"
cleanup() {
  while read -r pid; do kill -TERM -- "-$pid" 2>/dev/null || true; done <"$pidfile"
  rm -f "$pidfile"
}
trap cleanup EXIT
if [[ "${1:-}" == --verdict ]]; then
  shift
  BENCH_PIDFILE="$pidfile" /usr/bin/python3 "$here/verdict.py" --s3sandbox "$build/s3sandbox" "$@"
  exit
fi
BENCH_PIDFILE="$pidfile" /usr/bin/python3 "$here/bench.py" --s3sandbox "$build/s3sandbox" \
  --fill-bucket "$build/bench/fill_bucket" "$@"
