"""Fixtures for the end-to-end tests: the built s3sandbox binary driven by real clients.

Only what Debian packages is used: /usr/bin/python3 with python3-boto3 (1.26), python3-requests,
python3-pytest, and the aws CLI v2 at /usr/bin/aws. Run from the repository root with
    /usr/bin/python3 -m pytest tests/e2e -q
S3SANDBOX_BIN overrides the binary (default build/s3sandbox); AWS_CLI overrides the CLI.

The server's stderr goes to a log file, never to an unread pipe: the access log writes one line
per request and a full pipe would block the server.
"""
import os
import re
import select
import signal
import subprocess
import time
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
READY_TIMEOUT = 15.0
STOP_TIMEOUT = 10.0
# Object bodies up to this size live in the index (meta.db), not as files under data/; parts and
# multipart objects are always files (SqliteOptions::inline_limit).
INLINE_LIMIT = 16 * 1024


def has_data_file(listed_object):
    """Whether a ListObjectsV2 entry's body is a file under data/ rather than in the index."""
    return listed_object["Size"] > INLINE_LIMIT or "-" in listed_object["ETag"]
# With HTTPS (--tls), the CA to trust comes first on a line of its own (--tls auto only) and the
# ready line gives the https:// endpoint after the http:// one.
READY_LINE = re.compile(
    rb"^(?:s3sandbox tls ca (\S+)\n)?s3sandbox ready (http://\S+)(?: (https://\S+))?\n$")


def make_client(endpoint, access_key=ACCESS_KEY, secret_key=SECRET_KEY, region=REGION,
                **config):
    """A boto3 S3 client for the sandbox: path style, no retries (an error is an answer)."""
    cfg = Config(s3={"addressing_style": "path"}, retries={"max_attempts": 1}, **config)
    return boto3.client("s3", endpoint_url=endpoint, aws_access_key_id=access_key,
                        aws_secret_access_key=secret_key, region_name=region, config=cfg)


class Sandbox:
    """One running s3sandbox process, started and waited for its ready line."""

    def __init__(self, log_dir, *args):
        if not os.access(BINARY, os.X_OK):
            raise RuntimeError(f"no executable s3sandbox at {BINARY}: build it (ninja -C build) "
                               f"or point S3SANDBOX_BIN at one")
        args = [str(a) for a in args]
        self.args = [BINARY, "--listen", "127.0.0.1:0", *args]
        if "--data-dir" not in args and "--ephemeral" not in args:
            self.args.append("--ephemeral")
        self.log_path = Path(log_dir) / f"s3sandbox-{uuid.uuid4().hex[:8]}.log"
        self._log = open(self.log_path, "wb")
        self.proc = subprocess.Popen(self.args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                     stderr=self._log)
        self.ca_path = self.tls_endpoint = None
        self.endpoint = self._read_ready_line()
        self.port = int(self.endpoint.rsplit(":", 1)[1])

    def _read_ready_line(self):
        fd = self.proc.stdout.fileno()
        deadline = time.monotonic() + READY_TIMEOUT
        out = b""
        while not (out.endswith(b"\n") and b"s3sandbox ready " in out):
            remaining = deadline - time.monotonic()
            readable, _, _ = select.select([fd], [], [], max(remaining, 0))
            chunk = os.read(fd, 4096) if readable else b""
            if not chunk:
                self.proc.kill()
                self.proc.wait()
                self._close()
                why = "timed out" if not readable else f"exited with {self.proc.returncode}"
                raise RuntimeError(f"s3sandbox {why} before its ready line; stdout={out!r}; "
                                   f"args={self.args}; log:\n{self.log_tail()}")
            out += chunk
        match = READY_LINE.match(out)
        if not match:
            self.kill()
            raise AssertionError(f"ready line must be exactly one line, got {out!r}")
        if match.group(1):
            self.ca_path = match.group(1).decode()
        if match.group(3):
            self.tls_endpoint = match.group(3).decode()
        return match.group(2).decode()

    def client(self, **kwargs):
        return make_client(self.endpoint, **kwargs)

    def log(self):
        """Everything the server wrote on stderr so far (the access log among it)."""
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return "<no log>"

    def wait_for_log(self, text, timeout=5.0):
        """True once `text` appears in the log. The access-log line of a request is written
        after its response has been sent, so a client can see the answer before the line."""
        deadline = time.monotonic() + timeout
        while text not in self.log():
            if time.monotonic() > deadline:
                return False
            time.sleep(0.02)
        return True

    def log_tail(self, lines=30):
        return "\n".join(self.log().splitlines()[-lines:])

    @property
    def running(self):
        return self.proc.poll() is None

    def stop(self, sig=signal.SIGTERM):
        """Sends sig, then returns the exit code (None when it did not exit within
        STOP_TIMEOUT; the process is then killed)."""
        if self.running:
            self.proc.send_signal(sig)
        try:
            return self.proc.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            return None
        finally:
            self._close()

    def kill(self):
        """SIGKILL: the crash tests' power cut."""
        if self.running:
            self.proc.kill()
        self.proc.wait(timeout=STOP_TIMEOUT)
        self._close()

    def _close(self):
        if not self.proc.stdout.closed:
            self.proc.stdout.close()
        if not self._log.closed:
            self._log.close()


def stop_cleanly(sandbox):
    if sandbox.proc.returncode is not None and sandbox._log.closed:
        return  # already killed or stopped on purpose by the test
    code = sandbox.stop()
    assert code == 0, (f"s3sandbox must exit 0 within {STOP_TIMEOUT}s of SIGTERM, got {code}; "
                       f"log:\n{sandbox.log_tail()}")


@pytest.fixture
def start_sandbox(tmp_path_factory):
    """Factory: start_sandbox(*extra_args) -> Sandbox. Each is stopped at teardown with SIGTERM
    and must exit 0 within 10 s (unless the test already killed or stopped it)."""
    started = []
    log_dir = tmp_path_factory.mktemp("sandbox-logs")

    def start(*args):
        sandbox = Sandbox(log_dir, *args)
        started.append(sandbox)
        return sandbox

    yield start
    for sandbox in started:
        stop_cleanly(sandbox)


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory):
    """An ephemeral server shared by the tests of one module."""
    server = Sandbox(tmp_path_factory.mktemp("sandbox-logs"))
    yield server
    stop_cleanly(server)


@pytest.fixture(scope="module")
def endpoint(sandbox):
    return sandbox.endpoint


@pytest.fixture(scope="module")
def s3(sandbox):
    return sandbox.client()


def unique_bucket_name(prefix="e2e"):
    return f"{prefix}-{uuid.uuid4().hex[:20]}"


@pytest.fixture
def bucket_name():
    """A fresh bucket name, not created."""
    return unique_bucket_name()


@pytest.fixture
def bucket(s3):
    """A fresh, empty, created bucket."""
    name = unique_bucket_name()
    s3.create_bucket(Bucket=name)
    return name


@pytest.fixture
def aws_env(tmp_path):
    """Environment for /usr/bin/aws: the default keys and nothing from the user's config."""
    return {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "LANG": "C.UTF-8",
        "AWS_ACCESS_KEY_ID": ACCESS_KEY,
        "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
        "AWS_DEFAULT_REGION": REGION,
        "AWS_CONFIG_FILE": "/dev/null",
        "AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
        "AWS_PAGER": "",
        "AWS_MAX_ATTEMPTS": "1",
    }


@pytest.fixture
def aws(sandbox, aws_env):
    """Runs the aws CLI against the module's sandbox: aws("s3", "ls") -> CompletedProcess."""

    def run(*args, check=True, cwd=None, timeout=120):
        command = [AWS_CLI, "--endpoint-url", sandbox.endpoint, *map(str, args)]
        try:
            result = subprocess.run(command, env=aws_env, capture_output=True, text=True,
                                    timeout=timeout, cwd=cwd)
        except subprocess.TimeoutExpired as e:
            raise AssertionError(f"aws {' '.join(map(str, args))} still running after {timeout}s"
                                 f"\nserver log:\n{sandbox.log_tail()}") from e
        if check and result.returncode != 0:
            raise AssertionError(f"aws {' '.join(map(str, args))} exited {result.returncode}:\n"
                                 f"{result.stderr}\nserver log:\n{sandbox.log_tail()}")
        return result

    return run


def error_code(exc):
    """The S3 error code as botocore exposes it."""
    return exc.response["Error"]["Code"]


def status_of(exc_or_response):
    response = getattr(exc_or_response, "response", exc_or_response)
    return response["ResponseMetadata"]["HTTPStatusCode"]


def headers_of(exc_or_response):
    response = getattr(exc_or_response, "response", exc_or_response)
    return response["ResponseMetadata"]["HTTPHeaders"]
