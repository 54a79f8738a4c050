"""Fixtures for the end-to-end tests: the built s3sandbox binary driven by real clients.

Servers are started and stopped by the s3sandbox pytest plugin (packages/python: the `s3sandbox`
session server, the function-scoped `s3` client that starts each test from a clean sandbox,
`s3sandbox_factory`, `sandbox_fixture`, the `Sandbox` class): the project tests itself with the
package its users install. In CI (scripts/test.sh) the plugin is the wheel of scripts/package.sh,
installed with pip into a venv; from a checkout without it, this file loads the plugin from
packages/python/src (tests/e2e/README.md).

Only what Debian packages is used: /usr/bin/python3 with python3-boto3 (1.26), python3-requests,
python3-pytest, and the aws CLI v2 at /usr/bin/aws. Run from the repository root with
    /usr/bin/python3 -m pytest tests/e2e -q
S3SANDBOX_BIN overrides the binary (default build/s3sandbox); AWS_CLI overrides the CLI.
"""
import importlib.metadata
import os
import subprocess
import sys
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
STOP_TIMEOUT = 10.0
# Object bodies up to this size live in the index (meta.db), not as files under data/; parts and
# multipart objects are always files (SqliteOptions::inline_limit).
INLINE_LIMIT = 16 * 1024


def _plugin_is_installed():
    """Whether pytest loads the s3sandbox plugin itself (an installed distribution's entry
    point), rather than this file from the checkout."""
    if os.environ.get("PYTEST_DISABLE_PLUGIN_AUTOLOAD"):
        return False
    try:
        importlib.metadata.distribution("s3sandbox")
        return True
    except importlib.metadata.PackageNotFoundError:
        return False


if _plugin_is_installed():
    PLUGIN_SOURCE = "installed"
else:
    if os.environ.get("S3SANDBOX_E2E_REQUIRE_INSTALLED"):
        raise RuntimeError("S3SANDBOX_E2E_REQUIRE_INSTALLED is set but the s3sandbox package is "
                           f"not installed for {sys.executable}: pip install dist/s3sandbox-*.whl")
    sys.path.insert(0, str(REPO / "packages" / "python" / "src"))
    pytest.register_assert_rewrite("s3sandbox")  # imported below, before pytest_plugins loads it
    PLUGIN_SOURCE = "checkout"
    pytest_plugins = ["s3sandbox.pytest_plugin"]

import s3sandbox  # noqa: E402 (after the fallback above)
from s3sandbox import Sandbox  # noqa: E402,F401 (for the test modules)
from s3sandbox.pytest_plugin import sandbox_fixture  # noqa: E402,F401 (for the test modules)


def pytest_report_header(config):
    return (f"s3sandbox plugin: {Path(s3sandbox.__file__).parent} ({PLUGIN_SOURCE}); "
            f"binary: {BINARY}")


def has_data_file(listed_object):
    """Whether a ListObjectsV2 entry's body is a file under data/ rather than in the index."""
    return listed_object["Size"] > INLINE_LIMIT or "-" in listed_object["ETag"]


def make_client(endpoint, access_key=ACCESS_KEY, secret_key=SECRET_KEY, region=REGION,
                **config):
    """A boto3 S3 client for the sandbox: path style, no retries (an error is an answer)."""
    cfg = Config(s3={"addressing_style": "path"}, retries={"total_max_attempts": 1}, **config)
    return boto3.client("s3", endpoint_url=endpoint, aws_access_key_id=access_key,
                        aws_secret_access_key=secret_key, region_name=region, config=cfg)


@pytest.fixture(scope="session")
def s3sandbox_options():
    """Every server the plugin starts: this suite's binary (S3SANDBOX_BIN, or build/'s), and
    clients without retries (an error is an answer)."""
    if not os.access(BINARY, os.X_OK):
        raise RuntimeError(f"no executable s3sandbox at {BINARY}: build it (ninja -C build) "
                           f"or point S3SANDBOX_BIN at one")
    return {"binary": BINARY, "stop_timeout": STOP_TIMEOUT,
            "client_config": {"retries": {"total_max_attempts": 1}}}


@pytest.fixture
def start_sandbox(s3sandbox_factory):
    """The plugin's s3sandbox_factory: start_sandbox(*extra_args, **Sandbox_options) -> Sandbox.
    Each is stopped at teardown with SIGTERM and must exit 0 within 10 s (unless the test
    already killed or stopped it)."""
    return s3sandbox_factory


@pytest.fixture(autouse=True)
def each_test_starts_clean(s3):
    """Every test starts from a clean sandbox (the plugin's `s3` cleans it), before any other
    fixture of the test makes its buckets."""


@pytest.fixture(scope="module")
def sandbox(s3sandbox):
    """The plugin's server for this module: the session's, or the one a module starts for
    itself (`s3sandbox = sandbox_fixture(...)`). Tests that take `s3` start from a clean one."""
    return s3sandbox


@pytest.fixture(scope="module")
def endpoint(sandbox):
    return sandbox.endpoint


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
