"""pytest plugin (entry point pytest11, loaded when the package is installed).

Fixtures:
  s3sandbox  (session) one Sandbox for the whole test session;
  s3         (function) a boto3 S3 client for it, each test starting from a clean state: the
             data reset (or a snapshot restored, see below), the clock back to real time and
             every fault rule removed.

A test (or module, with pytestmark) marked @pytest.mark.s3sandbox_snapshot("NAME") starts from
the snapshot NAME instead of an empty sandbox (save it once with s3sandbox.snapshot("NAME"),
e.g. in a session fixture that loads your seed data).

ini options: s3sandbox_args (extra server arguments, e.g. "--fixtures tests/fixtures");
S3SANDBOX_BIN picks a binary when the package has none bundled.
"""
import shlex

import pytest

from .sandbox import Sandbox


def pytest_addoption(parser):
    parser.addini("s3sandbox_args", "extra s3sandbox command-line arguments", default="")


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "s3sandbox_snapshot(name): the s3 fixture restores this sandbox snapshot "
        "instead of resetting to empty")


@pytest.fixture(scope="session")
def s3sandbox(request):
    """One s3sandbox server for the session (ephemeral data, a free port)."""
    args = shlex.split(request.config.getini("s3sandbox_args"))
    with Sandbox(args) as sandbox:
        yield sandbox


@pytest.fixture
def s3(s3sandbox, request):
    """A path-style boto3 S3 client, the sandbox reset for this test."""
    marker = request.node.get_closest_marker("s3sandbox_snapshot")
    if marker:
        s3sandbox.restore(marker.args[0])
    else:
        s3sandbox.reset()
    s3sandbox.clock.reset()
    s3sandbox.faults.clear()
    return s3sandbox.client()
