#!/usr/bin/env bash
# Builds the release artifacts into dist/ from one build tree (build-release):
#   s3sandbox-VERSION-linux-x86_64.tar.gz  the portable binary (static except glibc), its
#                                          licence texts, and a .sha256 beside it
#   s3sandbox_VERSION_amd64.deb            CPack: the binary, a man page made from --help, licences
#   s3sandbox-VERSION-py3-none-…whl        the Python package with the binary (scripts/package-python.sh)
#   s3sandbox-VERSION.tgz                  the npm package with the binary (scripts/package-npm.sh)
#   SHA256SUMS                             every artifact above (sha256sum -c SHA256SUMS)
# Usage: package.sh [--tarball-only] [BUILD_DIR]. --tarball-only: the tarball alone (the Docker
# image's build). tests/package/ checks the artifacts (scripts/test-package.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
tarball_only=0
if [[ "${1:-}" == "--tarball-only" ]]; then
  tarball_only=1
  shift
fi
build_dir="${1:-build-release}"
dist=dist
scripts/install-deps.sh release
export CCACHE_DIR="${CCACHE_DIR:-$HOME/.cache/ccache}"
export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$PWD}" CCACHE_NOHASHDIR="${CCACHE_NOHASHDIR:-1}"
version=$(sed -n 's/^project(s3sandbox VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
# Reproducible archives: every time stamp is the last commit's (or a fixed one outside git).
export SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || echo 0)}"

echo "== static ISA-L and mimalloc (Debian's source packages)"
deps="$PWD/$build_dir/static-deps"
scripts/build-static-deps.sh "$deps"

echo "== licence texts of what the binary links"
# The binary carries code from these (statically) and loads glibc; their Debian copyright files
# are the licence texts (Boost's lists every library of Boost, all under the BSL-1.0).
licenses="$PWD/$build_dir/licenses"
rm -rf "$licenses" && mkdir -p "$licenses"
cp /usr/share/doc/libssl-dev/copyright "$licenses/openssl"
cp /usr/share/doc/libsqlite3-dev/copyright "$licenses/sqlite"
cp /usr/share/doc/libpugixml-dev/copyright "$licenses/pugixml"
cp /usr/share/doc/libboost1.81-dev/copyright "$licenses/boost"
cp /usr/share/doc/gcc-12-base/copyright "$licenses/libstdc++-libgcc"
cp /usr/share/doc/libc6/copyright "$licenses/glibc"
cp "$deps/licenses/isa-l" "$licenses/isa-l"
cp "$deps/licenses/mimalloc" "$licenses/mimalloc"

echo "== build ($build_dir)"
# RelWithDebInfo, stripped: the same -O2 -DNDEBUG code as a Release build here (the top-level
# CMakeLists.txt makes Release -O2), and the same compile commands as the development tree, so
# ccache serves the objects the default build already made. The debug info is stripped from
# the artifacts. The static ISA-L and mimalloc replace Debian's shared ones (find_library's
# cache variables); every other library is static by default (S3SANDBOX_STATIC_DEPS).
scripts/build.sh "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DS3SANDBOX_TESTS=OFF \
  -DS3SANDBOX_INSTALL=OFF -DS3SANDBOX_PACKAGE=ON -DS3SANDBOX_PACKAGE_LICENSE_DIR="$licenses" \
  -DS3SANDBOX_ISAL_LIBRARY="$deps/lib/libisal.a" -DS3SANDBOX_ISAL_INCLUDE_DIR="$deps/include" \
  -DS3SANDBOX_MIMALLOC_LIBRARY="$deps/lib/libmimalloc.a"

rm -rf "$dist" && mkdir -p "$dist"
echo "== tarball"
name="s3sandbox-$version-linux-x86_64"
stage="$PWD/$build_dir/stage/$name"
rm -rf "$stage" && mkdir -p "$stage/bin"
strip -o "$stage/bin/s3sandbox" "$build_dir/s3sandbox"
cp -r "$licenses" "$stage/licenses"
cat >"$stage/README" <<EOF
s3sandbox $version: a local S3-compatible server for testing apps that use S3.

  ./bin/s3sandbox --help
  ./bin/s3sandbox --data-dir /tmp/s3sandbox      # listens on 127.0.0.1:9000

The binary is static except glibc (2.36 or later: Debian 12, Ubuntu 23.04, Fedora 37 and newer).
licenses/ holds the licence texts of the libraries compiled into it.
EOF
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$SOURCE_DATE_EPOCH" \
  -C "$(dirname "$stage")" -cf - "$name" | gzip -9n >"$dist/$name.tar.gz"
(cd "$dist" && sha256sum "$name.tar.gz" >"$name.tar.gz.sha256")

if ((tarball_only)); then
  ls -l "$dist"
  exit 0
fi

echo "== .deb (CPack)"
rm -rf "$build_dir/packages"
(cd "$build_dir" && cpack -G DEB >/dev/null)
cp "$build_dir/packages/s3sandbox_${version}_amd64.deb" "$dist/"

echo "== Python wheel"
scripts/package-python.sh "$stage/bin/s3sandbox" "$dist"
echo "== npm package"
scripts/package-npm.sh "$stage/bin/s3sandbox" "$dist"

(cd "$dist" && sha256sum -- *.tar.gz *.deb *.whl *.tgz >SHA256SUMS)
echo "artifacts in $dist/:"
ls -l "$dist"
