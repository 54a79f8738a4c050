#!/usr/bin/env bash
# Fails when a C++ file of the repository is not formatted as .clang-format says, and shows the
# difference. Usage: check-format.sh [FILE...]   (default: every tracked .cpp/.hpp/.h/.cc)
# Fix with: clang-format-14 -i FILE...   (Debian 12's clang-format 14: other versions format a
# few constructs differently, so CI and developers use this one).
set -euo pipefail
cd "$(dirname "$0")/.."
clang_format="${CLANG_FORMAT:-clang-format-14}"
if ! command -v "$clang_format" >/dev/null; then clang_format=clang-format; fi
if (($# == 0)); then
  mapfile -t files < <(git ls-files -- '*.cpp' '*.hpp' '*.h' '*.cc')
else
  files=("$@")
fi
# One clang-format run over all files: it names each unformatted file in its warnings.
mapfile -t unformatted < <("$clang_format" --style=file --dry-run "${files[@]}" 2>&1 |
  sed -n 's/^\(.*\):[0-9]*:[0-9]*: warning: code should be clang-formatted.*/\1/p' | sort -u)
if ((${#unformatted[@]} == 0)); then
  exit 0
fi
for f in "${unformatted[@]}"; do
  diff -u "$f" <("$clang_format" --style=file "$f") | head -40 || true
done
echo "check-format: ${#unformatted[@]} file(s) not formatted as .clang-format says:" >&2
printf '  %s\n' "${unformatted[@]}" >&2
echo "fix: $clang_format -i ${unformatted[*]}" >&2
exit 1
