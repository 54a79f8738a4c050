"""Fixtures for end-to-end tests: the built s3sandbox binary driven by real clients.

Uses only what Debian packages: /usr/bin/python3 with python3-boto3, python3-requests,
python3-pytest, and the aws CLI at /usr/bin/aws (AWS_CLI overrides).
"""
import os
import re
import signal
import subprocess
import tempfile
import uuid
from pathlib import Path

import boto3
import pytest
from botocore.config import Config

REPO = Path(__file__).resolve().parents[2]
BINARY = os.environ.get("S3SANDBOX_BIN", str(REPO / "build" / "s3sandbox"))
AWS_CLI = os.environ.get("AWS_CLI", "/usr/bin/aws")
ACCESS_KEY = "s3sandbox"
SECRET_KEY = "s3sandbox-secret"
REGION = "us-east-1"


class Sandbox:
    """One running s3sandbox process."""

    def __init__(self, *args):
        self.args = [BINARY, "--listen", "127.0.0.1:0", *args]
        if "--data-dir" not in args:
            self.args.append("--ephemeral")
        # The access log goes to a file: a pipe nobody reads would fill up and stall the server.
        self.log_file = tempfile.NamedTemporaryFile(prefix="s3sandbox-e2e-", suffix=".log")
        self.proc = subprocess.Popen(
            self.args, stdout=subprocess.PIPE, stderr=self.log_file, text=True
        )
        line = self.proc.stdout.readline()
        match = re.match(r"s3sandbox ready (http://\S+)", line)
        if not match:
            self.proc.kill()
            raise RuntimeError(f"server did not start: {line!r} {self.log()}")
        self.endpoint = match.group(1)
        self.port = int(self.endpoint.rsplit(":", 1)[1])

    def client(self, signature_version=None, region=REGION, **config):
        cfg = Config(
            s3={"addressing_style": "path"},
            retries={"max_attempts": 1},
            signature_version=signature_version,
            **config,
        )
        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
            region_name=region,
            config=cfg,
        )

    def log(self):
        with open(self.log_file.name, encoding="utf-8", errors="replace") as f:
            return f.read()

    def stop(self, sig=signal.SIGTERM):
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            return self.proc.wait(timeout=10)
        finally:
            self.proc.stdout.close()

    def kill(self):
        self.proc.kill()
        self.proc.wait(timeout=10)
        self.proc.stdout.close()


@pytest.fixture
def start_sandbox():
    """Factory: start_sandbox(*args) -> Sandbox; all are stopped (and checked) at teardown."""
    started = []

    def start(*args):
        sandbox = Sandbox(*args)
        started.append(sandbox)
        return sandbox

    yield start
    for sandbox in started:
        if sandbox.proc.returncode is None:
            assert sandbox.stop() == 0, "s3sandbox exits 0 on SIGTERM"


@pytest.fixture(scope="module")
def sandbox():
    """A server shared by the tests of one module."""
    server = Sandbox()
    yield server
    assert server.stop() == 0, "s3sandbox exits 0 on SIGTERM"


@pytest.fixture(scope="module")
def s3(sandbox):
    return sandbox.client()


@pytest.fixture
def bucket(s3):
    name = "b-" + uuid.uuid4().hex[:20]
    s3.create_bucket(Bucket=name)
    return name


@pytest.fixture
def aws(sandbox, tmp_path):
    """Runs Debian's aws CLI against the sandbox: aws("s3", "ls") -> CompletedProcess."""
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "AWS_ACCESS_KEY_ID": ACCESS_KEY,
        "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
        "AWS_DEFAULT_REGION": REGION,
        "AWS_CONFIG_FILE": "/dev/null",
        "AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
        "AWS_PAGER": "",
    }

    def run(*args, check=True):
        result = subprocess.run(
            [AWS_CLI, "--endpoint-url", sandbox.endpoint, *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        if check and result.returncode != 0:
            raise AssertionError(f"aws {' '.join(args)} failed: {result.stderr}")
        return result

    return run


def error_code(exc):
    return exc.response["Error"]["Code"]


def status_of(exc):
    return exc.response["ResponseMetadata"]["HTTPStatusCode"]
