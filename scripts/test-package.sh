#!/usr/bin/env bash
# Checks the release artifacts in dist/ (scripts/package.sh) from themselves, not from the build
# tree: the tarball (checksum, licences, ldd shows only glibc, runs from an empty directory), the
# .deb (metadata, man page, unpacked and run; dpkg -i too as root in CI), the wheel (offline into
# a venv: python -m s3sandbox, Sandbox, the pytest plugin in an outside project), the npm tarball
# (offline into a temp project, a node:test with aws-sdk-js), and docker-compose.yml
# (docker-compose config). Usage: test-package.sh [pytest args...]
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ -n "${CI:-}" && $(id -u) -eq 0 ]]; then
  export S3SANDBOX_TEST_DPKG_INSTALL=1  # a throw-away CI container: dpkg -i is safe there
fi
echo "== docker-compose.yml (docker-compose config; no container engine runs it here)"
docker-compose -f docker-compose.yml config -q
echo "== release artifacts (tests/package)"
/usr/bin/python3 -m pytest tests/package -q -p no:cacheprovider -rs "$@"
