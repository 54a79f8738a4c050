#!/usr/bin/env bash
# Measures the cost of request authentication per request (bench/sigv4_verify_bench.cpp).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh build
if ! dpkg-query -W -f='${Status}' libbenchmark-dev 2>/dev/null | grep -q "install ok installed"; then
  apt-get install -y -qq libbenchmark-dev >/dev/null
fi
scripts/build.sh build-bench -DCMAKE_BUILD_TYPE=Release -DS3SANDBOX_BENCH=ON -DS3SANDBOX_TESTS=OFF
build-bench/bench/bench_auth "$@"
