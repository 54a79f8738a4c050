#!/usr/bin/env bash
# Regenerates README.md's "Supported operations" table from the operations table
# (include/s3sandbox/router/operations.hpp), through the unit test that checks the two agree.
# Usage: scripts/update-operations-table.sh [BUILD_DIR]   (default: build)
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir="${1:-build}"
cmake --build "$build_dir" --target unit_app
S3SANDBOX_UPDATE_README=1 "$build_dir"/tests/unit_app --gtest_filter='OperationsTableTest.ReadmeTableIsGeneratedFromTheTable'
"$build_dir"/tests/unit_app --gtest_filter='OperationsTableTest.*'
