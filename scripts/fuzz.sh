#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/, see fuzz/CMakeLists.txt) with clang, ASan and UBSan in
# build-fuzz, and runs each one from its seed corpus; exits non-zero if any target crashes, leaks,
# hangs or breaks an invariant.
# Usage: scripts/fuzz.sh [SECONDS_PER_TARGET] [libFuzzer options...]
#   scripts/fuzz.sh                     # 20 s per target
#   scripts/fuzz.sh 15                  # what scripts/test.sh (CI) runs
#   scripts/fuzz.sh 0 -runs=10000000    # the long run: 10 M executions per target, no time limit
# FUZZ_TARGETS="aws_chunked form_data" runs only those targets. Each target fuzzes a temporary
# copy of fuzz/corpus/<target>/, so the seeds in the repository never grow. A failing input is
# kept in build-fuzz/artifacts/<target>/; replay it with build-fuzz/fuzz/fuzz_<target> FILE.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-20}"
shift || true
export CCACHE_DIR="${CCACHE_DIR:-$HOME/.cache/ccache}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1}"
targets=(${FUZZ_TARGETS:-sigv4_auth aws_chunked xml_requests form_data post_policy router explain})

CC=clang CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DS3SANDBOX_FUZZ=ON -DS3SANDBOX_TESTS=OFF >/dev/null
cmake --build build-fuzz --target "${targets[@]/#/fuzz_}"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0
failed=()
for t in "${targets[@]}"; do
  mkdir -p "$work/$t" "build-fuzz/artifacts/$t"
  cp fuzz/corpus/"$t"/* "$work/$t/"
  log="build-fuzz/artifacts/$t/fuzz.log"
  start=$SECONDS
  if build-fuzz/fuzz/fuzz_"$t" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=25 \
      -print_final_stats=1 -artifact_prefix="build-fuzz/artifacts/$t/" "$@" "$work/$t" \
      >"$log" 2>&1; then
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    echo "fuzz_$t: ${runs:-?} executions in $((SECONDS - start)) s, no crash"
    passed=$((passed + 1))
  else
    echo "fuzz_$t: FAILED (log: $log)"
    pattern='^==[0-9]+==ERROR|fuzz invariant failed|runtime error|^SUMMARY'
    grep -E -A 30 "$pattern" "$log" | head -60 || tail -40 "$log"
    ls build-fuzz/artifacts/"$t"/ | grep -E '^(crash|leak|timeout|oom|slow-unit)-' |
      sed "s|^|  reproducer: build-fuzz/artifacts/$t/|" || true
    failed+=("$t")
  fi
done
echo "fuzz: ${passed} passed, ${#failed[@]} failed"
((${#failed[@]} == 0))
