"""Checks of the release artifacts in dist/ (scripts/package.sh), each used from itself, never
from the build tree: run by scripts/test-package.sh with Debian's /usr/bin/python3 and pytest.

DIST overrides the artifact directory (default: dist/ of the checkout)."""
import os
import re
import select
import signal
import subprocess
import time
import urllib.request
from pathlib import Path

import boto3
import pytest
from botocore.config import Config

REPO = Path(__file__).resolve().parents[2]
DIST = Path(os.environ.get("DIST", REPO / "dist"))
VERSION = re.search(r"project\(s3sandbox VERSION ([0-9.]+)",
                    (REPO / "CMakeLists.txt").read_text()).group(1)
TARBALL = DIST / f"s3sandbox-{VERSION}-linux-x86_64.tar.gz"
DEB = DIST / f"s3sandbox_{VERSION}_amd64.deb"
NPM_TARBALL = DIST / f"s3sandbox-{VERSION}.tgz"


def wheel_path():
    wheels = sorted(DIST.glob(f"s3sandbox-{VERSION}-py3-none-*.whl"))
    assert len(wheels) == 1, f"expected one wheel in {DIST}, found {wheels}"
    return wheels[0]


def start(binary, cwd, *args, env=None):
    """Starts binary on a free port with ephemeral data; returns (process, endpoint)."""
    proc = subprocess.Popen([str(binary), "--listen", "127.0.0.1:0", "--ephemeral", *args],
                            cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=env)
    ready, _, _ = select.select([proc.stdout], [], [], 15)
    line = proc.stdout.readline().decode() if ready else ""
    match = re.match(r"^s3sandbox ready (http://\S+)\n$", line)
    if not match:
        proc.kill()
        _, err = proc.communicate()
        raise AssertionError(f"no ready line from {binary}: {line!r}; stderr:\n{err.decode()}")
    return proc, match.group(1)


def stop(proc):
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=10)
    assert proc.returncode == 0, err.decode()
    return err.decode()


def smoke(binary, cwd):
    """The artifact's binary serves S3 to boto3 and a presigned URL, and stops cleanly."""
    proc, endpoint = start(binary, cwd)
    try:
        s3 = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1",
                          aws_access_key_id="s3sandbox", aws_secret_access_key="s3sandbox-secret",
                          config=Config(s3={"addressing_style": "path"},
                                        signature_version="s3v4"))
        s3.create_bucket(Bucket="smoke")
        s3.put_object(Bucket="smoke", Key="hello.txt", Body=b"hello from the artifact",
                      ChecksumAlgorithm="CRC32C")  # ISA-L's CRC32C
        url = s3.generate_presigned_url("get_object", Params={"Bucket": "smoke",
                                                              "Key": "hello.txt"})
        with urllib.request.urlopen(url, timeout=10) as res:
            assert res.read() == b"hello from the artifact"
        with urllib.request.urlopen(endpoint + "/_sandbox/health", timeout=10) as res:
            assert res.status == 200
    finally:
        log = stop(proc)
    assert "PutObject" in log or "PUT" in log, log


@pytest.fixture
def empty_dir(tmp_path):
    d = tmp_path / "empty"
    d.mkdir()
    return d


def time_it(fn):
    t0 = time.monotonic()
    fn()
    return time.monotonic() - t0
