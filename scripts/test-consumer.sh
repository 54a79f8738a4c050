#!/usr/bin/env bash
# Builds tests/consumer, a project outside s3sandbox that uses it in its GoogleTest tests, and
# runs its tests, both ways a project can take s3sandbox:
#   1. find_package(s3sandbox) after `cmake --install` of an already built tree (BUILD_DIR,
#      default build/) to a temporary prefix;
#   2. FetchContent from this checkout (SOURCE_DIR: no network), built inside the consumer.
# Usage: test-consumer.sh [BUILD_DIR]
#
# The FetchContent build compiles the s3sandbox sources again. With ccache it costs seconds:
# the subproject's compile commands are the main build's (same flags: RelWithDebInfo and
# -Werror; cmake/s3sandboxDependencies.cmake gives the same definitions with shared or static
# dependencies), its build directory sits beside build/ so that under CCACHE_BASEDIR the
# relative paths are the same, and CCACHE_NOHASHDIR keeps the working directory out of the hash
# of -g objects.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
build_dir="${1:-build}"
export CCACHE_DIR="${CCACHE_DIR:-$HOME/.cache/ccache}"
export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$root}" CCACHE_NOHASHDIR="${CCACHE_NOHASHDIR:-1}"
launcher=()
if command -v ccache >/dev/null; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi
# Both trees are made afresh each time, as a consumer's first build would be, at fixed places
# beside build/ so that ccache sees the same relative paths each run (and, for the FetchContent
# tree, the same as build/'s; see above).
installed=build-consumer-installed
fetched=build-consumer-fetch
rm -rf "$installed" "$fetched"

echo "-- find_package(s3sandbox) after cmake --install $build_dir"
cmake --install "$build_dir" --prefix "$installed/prefix" >/dev/null
cmake -S tests/consumer -B "$installed/build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_PREFIX_PATH="$root/$installed/prefix" "${launcher[@]}" >/dev/null
cmake --build "$installed/build"
ctest --test-dir "$installed/build" --output-on-failure

echo "-- FetchContent from this checkout"
cmake -S tests/consumer -B "$fetched" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DS3SANDBOX_SOURCE_DIR="$root" -DS3SANDBOX_WERROR=ON "${launcher[@]}" >/dev/null
cmake --build "$fetched"
ctest --test-dir "$fetched" --output-on-failure
