#!/usr/bin/env bash
# Installs the Debian 12 packages s3sandbox needs. Usage: install-deps.sh [build|release|test]
#   build: compiler, CMake and the libraries (what the server needs to be built and run)
#   release: build + what scripts/package.sh needs for the release artifacts (static ISA-L and
#          mimalloc from Debian's source packages, the .deb's man page, the wheel, the compose
#          file's check)
#   test:  release + the real clients used by the end-to-end tests (boto3, aws CLI, pytest) and
#          the headless browser of the browser tests (chromium), clang with libFuzzer,
#          clang-format and clang-tidy
# Only missing packages are installed, so a second run costs a second. Needs root (or sudo).
set -euo pipefail

profile="${1:-build}"
build_packages=(
  build-essential cmake ninja-build ccache pkg-config git ca-certificates
  libboost1.81-dev libboost-json1.81-dev libssl-dev libsqlite3-dev libpugixml-dev libisal-dev
  libmimalloc-dev  # the s3sandbox binary's allocator
)
release_packages=(
  dpkg-dev nasm xz-utils    # scripts/build-static-deps.sh: dpkg-source, ISA-L's assembly
  help2man                  # the .deb's man page, from --help
  file                      # CPack's .deb generator runs it to find the binary's shared-library needs
  python3-build python3-wheel python3-venv  # the wheel, built and tested offline
  python3-setuptools        # the wheel's build backend (python3-build does not pull it in)
  docker-compose            # 1.29: `docker-compose config` checks docker-compose.yml
)
test_packages=(
  libgtest-dev libgmock-dev python3 python3-boto3 python3-pytest python3-requests awscli curl
  chromium
  clang libclang-rt-14-dev  # libFuzzer, for scripts/fuzz.sh
  clang-format clang-tidy   # 14: scripts/check-format.sh, scripts/tidy.sh
  # The tests' clients reach the server as localhost, and virtual-hosted URLs as
  # <bucket>.localhost: glibc's myhostname module answers both (RFC 6761) without an /etc/hosts
  # entry, which a minimal Debian root (debootstrap, some containers) does not have.
  libnss-myhostname
)

packages=("${build_packages[@]}")
if [[ "$profile" == "release" ]]; then
  packages+=("${release_packages[@]}")
elif [[ "$profile" == "test" ]]; then
  packages+=("${release_packages[@]}" "${test_packages[@]}")
  # Node.js runs the aws-sdk-js tests. Machines of this project's kind ship Node 20 with npm;
  # only where there is none, take Debian's.
  if ! command -v npm >/dev/null 2>&1; then packages+=(nodejs npm); fi
elif [[ "$profile" != "build" ]]; then
  echo "usage: $0 [build|release|test]" >&2
  exit 2
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if ((${#missing[@]} == 0)); then
  exit 0
fi

sudo_cmd=()
if [[ $(id -u) -ne 0 ]]; then sudo_cmd=(sudo); fi
echo "installing: ${missing[*]}" >&2
"${sudo_cmd[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends \
  "${missing[@]}" >/dev/null
