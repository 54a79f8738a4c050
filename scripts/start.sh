#!/usr/bin/env bash
# Installs what is needed, builds, and starts s3sandbox with its defaults (127.0.0.1:9000,
# persistent data in ~/.local/share/s3sandbox, access key s3sandbox / secret s3sandbox-secret).
# Extra arguments are passed to the server, e.g. scripts/start.sh --ephemeral --listen 127.0.0.1:0
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh build
scripts/build.sh build -DCMAKE_BUILD_TYPE=Release -DS3SANDBOX_TESTS=OFF
exec build/s3sandbox "$@"
