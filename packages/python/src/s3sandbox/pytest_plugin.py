"""pytest plugin (entry point pytest11, loaded when the package is installed).

Fixtures:
  s3sandbox          (session) one Sandbox for the whole test session;
  s3                 (function) a boto3 S3 client for it (one per sandbox, shared by its tests),
                     each test starting from a clean state:
                     the data reset (or a snapshot restored, see below), the clock back to real
                     time, every fault rule removed, the request journal and the event record
                     emptied (one request, POST /_sandbox/clean), and s3sandbox.log() reading
                     from the test's start;
  s3sandbox_factory  (function) start(*args, **options) -> a started Sandbox of its own (other
                     command-line flags, a data dir, other accounts), stopped after the test;
  s3sandbox_options  (session) override it in your conftest.py to give every sandbox the plugin
                     starts the same Sandbox keyword arguments, e.g.
                         @pytest.fixture(scope="session")
                         def s3sandbox_options():
                             return {"client_config": {"retries": {"total_max_attempts": 1}}}

A module (or a conftest.py of a directory) that needs its own server replaces the session's:
    from s3sandbox.pytest_plugin import sandbox_fixture
    s3sandbox = sandbox_fixture("--min-part-size", "5120")   # s3 then uses this one

A test (or module, with pytestmark) marked @pytest.mark.s3sandbox_snapshot("NAME") starts from
the snapshot NAME instead of an empty sandbox (save it once with s3sandbox.snapshot("NAME"),
e.g. in a session fixture that loads your seed data).

Every sandbox the plugin started must exit 0 on SIGTERM when it is stopped (a crash, or a
sanitizer's report, is an error of the test that stops it), unless the test stopped or killed
it itself. A failing test's report shows what the server logged during the test.

ini options: s3sandbox_args (extra server arguments, e.g. "--fixtures tests/fixtures").
S3SANDBOX_BIN picks the binary (by default the one bundled in the package).
"""
import shlex

import pytest

from .sandbox import Sandbox

_TEST_LOG_SECTION = "s3sandbox log"


def pytest_addoption(parser):
    parser.addini("s3sandbox_args", "extra s3sandbox command-line arguments", default="")


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "s3sandbox_snapshot(name): the s3 fixture restores this sandbox snapshot "
        "instead of resetting to empty")


def start_sandbox_for(request, *args, **options):
    """A started Sandbox for a fixture of your own (`request` is its request): the
    s3sandbox_options, then these options, these args after theirs; the log in pytest's tmp dir.
    Stop it with stop_sandbox_checked."""
    merged = dict(request.getfixturevalue("s3sandbox_options"))
    merged.update(options)
    merged["args"] = [*merged.get("args", ()), *(str(a) for a in args)]
    if "log_path" not in merged:
        log_dir = request.getfixturevalue("tmp_path_factory").mktemp("s3sandbox-logs")
        merged["log_path"] = log_dir / "s3sandbox.log"
    return Sandbox(**merged).start()


def stop_sandbox_checked(sandbox):
    """Stops a sandbox (SIGTERM); pytest.fail unless it exits 0, or the test stopped it itself."""
    if sandbox.proc is None:
        return  # stopped or killed by the test, on purpose
    code = sandbox.stop()
    if code != 0:
        pytest.fail(f"s3sandbox must exit 0 on SIGTERM, exited {code}; args={sandbox.command}; "
                    f"log:\n{sandbox.log_tail()}", pytrace=False)


def sandbox_fixture(*args, scope="module", **options):
    """A fixture starting its own Sandbox with these command-line args and Sandbox options,
    for `scope`. Named s3sandbox in a test module, it replaces the session's there."""

    @pytest.fixture(scope=scope)
    def own_sandbox(request):
        sandbox = start_sandbox_for(request, *args, **options)
        yield sandbox
        stop_sandbox_checked(sandbox)

    return own_sandbox


@pytest.fixture(scope="session")
def s3sandbox_options():
    """Keyword arguments of every Sandbox the plugin starts (override it in conftest.py)."""
    return {}


@pytest.fixture(scope="session")
def s3sandbox(request):
    """One s3sandbox server for the session (ephemeral data, a free port)."""
    sandbox = start_sandbox_for(request, *shlex.split(request.config.getini("s3sandbox_args")))
    yield sandbox
    stop_sandbox_checked(sandbox)


@pytest.fixture
def s3(s3sandbox, request):
    """A path-style boto3 S3 client, the sandbox cleaned for this test. It is the same client
    object for every test of that sandbox (making one costs 5 ms on a quiet machine, 60 ms on a
    busy one, per test): a test that registers event handlers on it should unregister them, or
    take its own with s3sandbox.client()."""
    marker = request.node.get_closest_marker("s3sandbox_snapshot")
    s3sandbox.clean(snapshot=marker.args[0] if marker else None)
    request.node._s3sandbox_for_report = s3sandbox
    client = getattr(s3sandbox, "_plugin_s3_client", None)
    if client is None:
        client = s3sandbox._plugin_s3_client = s3sandbox.client()
    return client


@pytest.fixture
def s3sandbox_factory(request):
    """start(*args, **options) -> a started Sandbox (args: its command-line flags; options:
    Sandbox keyword arguments), stopped after the test with its exit code checked."""
    started = []

    def start(*args, **options):
        sandbox = start_sandbox_for(request, *args, **options)
        started.append(sandbox)
        return sandbox

    yield start
    failures = []
    for sandbox in started:
        try:
            stop_sandbox_checked(sandbox)
        except pytest.fail.Exception as e:
            failures.append(str(e))
    if failures:
        pytest.fail("\n\n".join(failures), pytrace=False)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """A failed test that used `s3`: its report gets what the server logged during it."""
    outcome = yield
    report = outcome.get_result()
    sandbox = getattr(item, "_s3sandbox_for_report", None)
    if sandbox is not None and report.failed and call.when == "call":
        lines = sandbox.log().splitlines()
        text = "\n".join(lines[-200:]) or "(nothing)"
        report.sections.append((_TEST_LOG_SECTION, text))
