"""The npm tarball: installed offline into a fresh project, then a node:test file that starts
the bundled binary with startS3Sandbox and talks to it with aws-sdk-js v3 (@aws-sdk/client-s3
from the repository's node_modules, package-lock.json)."""
import json
import os
import subprocess
import time
from pathlib import Path

from conftest import NPM_TARBALL, REPO

TEST_FILE = r'''
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { S3Client, CreateBucketCommand, PutObjectCommand, GetObjectCommand,
  ListBucketsCommand } from "@aws-sdk/client-s3";
import { startS3Sandbox } from "s3sandbox";

let sandbox, s3;
before(async () => {
  sandbox = await startS3Sandbox();
  s3 = new S3Client(sandbox.s3ClientConfig);
});
after(async () => {
  s3.destroy();
  assert.equal(await sandbox.stop(), 0);
});

test("the bundled binary serves aws-sdk-js", async () => {
  assert.match(sandbox.process.spawnfile, /node_modules\/s3sandbox\/bin\/s3sandbox$/);
  assert.match(sandbox.endpoint, /^http:\/\/127\.0\.0\.1:\d+$/);
  assert.equal(sandbox.region, "us-east-1");
  await s3.send(new CreateBucketCommand({ Bucket: "photos" }));
  await s3.send(new PutObjectCommand({ Bucket: "photos", Key: "a.txt", Body: "one" }));
  const got = await s3.send(new GetObjectCommand({ Bucket: "photos", Key: "a.txt" }));
  assert.equal(await got.Body.transformToString(), "one");
});

test("reset, snapshots, faults and the journal", async () => {
  await sandbox.snapshot("seeded");
  await sandbox.reset();
  assert.deepEqual((await s3.send(new ListBucketsCommand({}))).Buckets ?? [], []);
  await sandbox.restore("seeded");
  assert.deepEqual((await s3.send(new ListBucketsCommand({}))).Buckets.map((b) => b.Name),
    ["photos"]);
  await sandbox.faults.add({ operation: "GetObject", error: "SlowDown", times: 1 });
  // The SDK retries a 503 SlowDown by itself: the second attempt gets the object.
  const got = await s3.send(new GetObjectCommand({ Bucket: "photos", Key: "a.txt" }));
  assert.equal(await got.Body.transformToString(), "one");
  const refused = await sandbox.requests({ bucket: "photos", status: 503 });
  assert.deepEqual(refused.map((r) => r.operation), ["GetObject"]);
  await sandbox.faults.clear();
  const clock = await sandbox.clock.advance("+30s");
  assert.ok(clock.offset_seconds >= 29);
  await sandbox.clock.reset();
});
'''


def node():
    return subprocess.run([str(REPO / "scripts" / "node.sh"), "--path"], capture_output=True,
                          text=True, check=True).stdout.strip()


def test_npm_tarball_installs_offline_and_works(tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    (project / "package.json").write_text(json.dumps(
        {"name": "consumer", "private": True, "type": "module"}))
    env = {k: v for k, v in os.environ.items() if k != "S3SANDBOX_BIN"}
    env["PATH"] = "/usr/bin:/bin"  # no s3sandbox there: the bundled binary must be found
    env["npm_config_cache"] = str(tmp_path / "npm-cache")
    env["npm_config_update_notifier"] = "false"  # offline means no registry call at all
    started = time.monotonic()
    subprocess.run(["npm", "install", "--offline", "--no-audit", "--no-fund", "--loglevel=error",
                    str(NPM_TARBALL)], cwd=project, env=env, check=True)
    installed = time.monotonic() - started
    # aws-sdk-js from the repository's pinned node_modules (added after npm install, which would
    # prune what its package.json does not list).
    (project / "node_modules" / "@aws-sdk").symlink_to(REPO / "node_modules" / "@aws-sdk")
    assert os.access(project / "node_modules/s3sandbox/bin/s3sandbox", os.X_OK)
    (project / "sandbox.test.mjs").write_text(TEST_FILE)
    started = time.monotonic()
    result = subprocess.run([node(), "--test", "--test-reporter=tap", "sandbox.test.mjs"],
                            cwd=project, env=env, capture_output=True, text=True, timeout=120)
    ran = time.monotonic() - started
    assert result.returncode == 0, result.stdout + result.stderr
    assert "# pass 2" in result.stdout, result.stdout
    # CommonJS (Jest without ESM): require() gets the same startS3Sandbox.
    cjs = subprocess.run([node(), "-e", "require('s3sandbox').startS3Sandbox().then(async (sb) => "
                          "{ await sb.health(); console.log('cjs', await sb.stop()); })"],
                         cwd=project, env=env, capture_output=True, text=True, timeout=60)
    assert cjs.stdout.strip() == "cjs 0", cjs.stdout + cjs.stderr
    print(f"npm: install {installed:.2f} s, node --test (start, 2 tests, stop) {ran:.2f} s")
    # The target is under 5 s to install and start (issue #18): about 2 s on a quiet 2-core
    # machine. The bound only catches a hang (e.g. a registry lookup): this machine is shared.
    assert installed + ran < 60.0
