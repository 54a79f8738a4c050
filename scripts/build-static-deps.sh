#!/usr/bin/env bash
# Builds static archives of ISA-L and mimalloc from Debian's own source packages, for the portable
# release binary (scripts/package.sh). Usage: build-static-deps.sh PREFIX
#
# Debian 12 ships both only as shared libraries (libisal2, libmimalloc2.0), while the release
# binary must load nothing but glibc. Rather than replace them (a portable CRC or glibc's malloc
# would change the CRC and allocator paths measured in bench/RESULTS.md), this builds the very
# same versions Debian ships (libisal 2.30.0-5, mimalloc 2.0.9+ds-2, with Debian's patches) as
# static archives: the release binary runs the code the development build runs.
#
# The source packages come from deb.debian.org through a private APT configuration under PREFIX
# (a deb-src list and its own package lists): the machine's /etc/apt is not touched. Needs
# dpkg-dev (dpkg-source), nasm (ISA-L's assembly), cmake and ninja: scripts/install-deps.sh release.
#
# Result: PREFIX/lib/libisal.a, PREFIX/lib/libmimalloc.a, PREFIX/include/isa-l/*.h and
# PREFIX/licenses/{isa-l,mimalloc}. A second run with the same versions does nothing.
set -euo pipefail
prefix="$(realpath -m "${1:?usage: $0 PREFIX}")"
isal_version=2.30.0-5
mimalloc_version=2.0.9+ds-2
stamp="$prefix/.built-isal-$isal_version-mimalloc-$mimalloc_version"
if [[ -f "$stamp" ]]; then
  exit 0
fi

src="$prefix/src"
apt_dir="$prefix/apt"
rm -rf "$src" "$prefix/lib" "$prefix/include" "$prefix/licenses"
mkdir -p "$src" "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial" "$prefix/lib" \
  "$prefix/include/isa-l" \
  "$prefix/licenses"

# Debian bookworm's sources, pinned to the versions above (apt-get source fails if they are gone,
# rather than silently building something else).
echo "deb-src http://deb.debian.org/debian bookworm main" >"$apt_dir/sources.list"
apt_opts=(-o "Dir::Etc::SourceList=$apt_dir/sources.list" -o "Dir::Etc::SourceParts=/dev/null"
  -o "Dir::State::Lists=$apt_dir/lists" -o "Dir::Cache=$apt_dir/cache" -o "Debug::NoLocking=1"
  -qq)
apt-get "${apt_opts[@]}" update
(cd "$src" && apt-get "${apt_opts[@]}" source --download-only \
  "libisal=$isal_version" "mimalloc=$mimalloc_version" 2>&1 | grep -v "unsandboxed" >&2 || true)
# apt-get checked the files against the signed Sources index, hence --no-check.
(cd "$src" && dpkg-source --no-check -x "libisal_$isal_version.dsc" isal >/dev/null &&
  dpkg-source --no-check -x "mimalloc_$mimalloc_version.dsc" mimalloc >/dev/null)

jobs=$(nproc)
# ISA-L: upstream's plain Makefile builds the static archive (Debian's autotools build is
# --disable-static). Its objects are position-independent (the same ones make libisal.so; GCC
# compiles the C ones as PIE by default), so they link into Debian's default PIE executables.
make -C "$src/isal" -f Makefile.unx -j "$jobs" lib >"$src/isal-build.log" 2>&1 ||
  { tail -30 "$src/isal-build.log" >&2; exit 1; }
cp "$src/isal/bin/isa-l.a" "$prefix/lib/libisal.a"
cp "$src/isal/include/"*.h "$prefix/include/isa-l/"
cp "$src/isal/LICENSE" "$prefix/licenses/isa-l"

# mimalloc: Debian's CMake options (debian/rules) with the static archive instead of the shared
# library. MI_OVERRIDE (the default) makes the archive define malloc/free and operator new/delete,
# so linking it into the executable replaces the allocator for the whole process, as the shared
# library linked ahead of libc does in the development build.
cmake -S "$src/mimalloc" -B "$src/mimalloc-build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DMI_BUILD_SHARED=OFF -DMI_BUILD_STATIC=ON -DMI_BUILD_OBJECT=OFF -DMI_BUILD_TESTS=OFF \
  -DMI_OVERRIDE=ON -DCMAKE_POSITION_INDEPENDENT_CODE=ON >/dev/null
cmake --build "$src/mimalloc-build" >/dev/null
cp "$src/mimalloc-build/libmimalloc.a" "$prefix/lib/libmimalloc.a"
cp "$src/mimalloc/LICENSE" "$prefix/licenses/mimalloc"

touch "$stamp"
