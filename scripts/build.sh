#!/usr/bin/env bash
# Configures and builds s3sandbox. Usage: build.sh [BUILD_DIR] [extra cmake args...]
# The same script builds the Docker image and the local checkout.
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir="${1:-build}"
shift || true
cmake -S . -B "$build_dir" -G Ninja "$@" >/dev/null
cmake --build "$build_dir"
