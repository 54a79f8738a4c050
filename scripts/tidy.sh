#!/usr/bin/env bash
# Runs clang-tidy (14, Debian 12's) with the checks of .clang-tidy over every source file of a
# build tree's compile_commands.json (the modules, the server, the tests), and fails on any
# finding. Usage: tidy.sh [BUILD_DIR] [FILE_REGEX]
#   BUILD_DIR   a configured build tree (default build/, from scripts/build.sh)
#   FILE_REGEX  only the files matching it, e.g. 'src/auth/'
# Slow (a full run is several CPU-minutes of parsing Boost and GoogleTest headers), so it is not
# part of scripts/test.sh; run it before sending a change.
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir="${1:-build}"
shift || true
if [[ ! -f "$build_dir/compile_commands.json" ]]; then
  echo "tidy: no $build_dir/compile_commands.json; build first: scripts/build.sh $build_dir" >&2
  exit 2
fi
runner="${RUN_CLANG_TIDY:-run-clang-tidy-14}"
if ! command -v "$runner" >/dev/null; then runner=run-clang-tidy; fi
# The checks and the header filter come from .clang-tidy; the warnings are errors there, so a
# finding makes run-clang-tidy exit non-zero.
"$runner" -p "$build_dir" -j "$(nproc)" -quiet "$@"
