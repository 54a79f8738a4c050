#!/usr/bin/env bash
# Measures what issue #18 promises: installing the wheel or the npm tarball and starting a
# sandbox takes under 5 seconds. Each artifact of dist/ (scripts/package.sh) is installed offline
# into a fresh place (a venv; an empty npm project), then a sandbox is started from it, asked for
# its health and a bucket, and stopped. Prints seconds; asserts no time (the machine is shared).
# Usage: measure-install.sh [DIST_DIR] [ROUNDS]   (default dist/, 3 rounds; the best is kept)
set -euo pipefail
cd "$(dirname "$0")/.."
dist="$(realpath "${1:-dist}")"
rounds="${2:-3}"
version=$(sed -n 's/^project(s3sandbox VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
wheel=$(ls "$dist"/s3sandbox-"$version"-py3-none-*.whl)
tgz="$dist/s3sandbox-$version.tgz"
node=$(scripts/node.sh --path)
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# The artifacts' own binaries: nothing from the environment or the checkout.
unset S3SANDBOX_BIN
export PATH=/usr/bin:/bin npm_config_update_notifier=false

now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
best() { tr ' ' '\n' | sort -n | head -1; }

wheel_install=() wheel_total=() npm_install=() npm_total=()
for ((i = 1; i <= rounds; i++)); do
  # The venv is the user's own project environment, made before: not part of the install.
  /usr/bin/python3 -m venv --system-site-packages "$work/venv$i"
  t0=$(now)
  "$work/venv$i/bin/python" -m pip install --quiet --no-index --no-deps "$wheel"
  t1=$(now)
  (cd "$work" && "$work/venv$i/bin/python" -c '
import s3sandbox
with s3sandbox.Sandbox() as sb:
    assert "/site-packages/s3sandbox/bin/" in sb.binary, sb.binary
    assert sb.health()["status"] == "ok"
    sb.client().create_bucket(Bucket="first")
')
  t2=$(now)
  wheel_install+=("$(secs "$t0" "$t1")") wheel_total+=("$(secs "$t0" "$t2")")

  project="$work/npm$i"
  mkdir -p "$project"
  echo '{"name": "consumer", "private": true, "type": "module"}' >"$project/package.json"
  t0=$(now)
  (cd "$project" && npm_config_cache="$work/npm-cache$i" npm install --offline --no-audit \
    --no-fund --loglevel=error "$tgz" >/dev/null)
  t1=$(now)
  (cd "$project" && "$node" --input-type=module -e '
const { startS3Sandbox } = await import("s3sandbox");
const sb = await startS3Sandbox();
if (!sb.process.spawnfile.endsWith("node_modules/s3sandbox/bin/s3sandbox")) throw new Error(sb.process.spawnfile);
if ((await sb.health()).status !== "ok") throw new Error("not healthy");
const code = await sb.stop();
if (code !== 0) throw new Error(`exit ${code}`);
')
  t2=$(now)
  npm_install+=("$(secs "$t0" "$t1")") npm_total+=("$(secs "$t0" "$t2")")
done

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) CPUs; best of $rounds rounds"
echo "wheel: pip install $(echo "${wheel_install[*]}" | best) s; install + start + health + bucket + stop $(echo "${wheel_total[*]}" | best) s (rounds: ${wheel_total[*]})"
echo "npm:   npm install $(echo "${npm_install[*]}" | best) s; install + start + health + stop $(echo "${npm_total[*]}" | best) s (rounds: ${npm_total[*]})"
