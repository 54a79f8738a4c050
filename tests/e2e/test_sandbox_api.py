"""The sandbox's clock API and the command line: help, version, bad options, environment,
fixtures. (Health and data-dir modes: test_health.py.)"""
import subprocess

import requests

from conftest import BINARY, REPO


def test_clock_offset_can_be_read_and_set(start_sandbox):
    sandbox = start_sandbox("--clock-offset", "+2h")
    assert requests.get(sandbox.endpoint + "/_sandbox/clock").json()["offset_seconds"] == 7200
    r = requests.put(sandbox.endpoint + "/_sandbox/clock?offset=-30m")
    assert r.status_code == 200
    assert r.json()["offset_seconds"] == -1800


def test_help_version_and_bad_options():
    help_run = subprocess.run([BINARY, "--help"], capture_output=True, text=True)
    assert help_run.returncode == 0
    assert "--listen" in help_run.stdout and "S3SANDBOX_LISTEN" in help_run.stdout
    version = subprocess.run([BINARY, "--version"], capture_output=True, text=True)
    assert version.returncode == 0 and version.stdout.startswith("s3sandbox ")
    bad = subprocess.run([BINARY, "--listen", "nowhere"], capture_output=True, text=True)
    assert bad.returncode == 2
    assert "--listen" in bad.stderr


def test_environment_configures_the_server(tmp_path):
    env = {"S3SANDBOX_LISTEN": "127.0.0.1:0", "S3SANDBOX_EPHEMERAL": "1",
           "S3SANDBOX_CREDENTIALS": "envkey:envsecret", "PATH": "/usr/bin:/bin"}
    proc = subprocess.Popen([BINARY], env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                            text=True)
    try:
        line = proc.stdout.readline()
        assert line.startswith("s3sandbox ready http://127.0.0.1:")
    finally:
        proc.terminate()
        assert proc.wait(timeout=10) == 0


def test_fixtures_are_imported_at_start(start_sandbox):
    sandbox = start_sandbox("--fixtures", str(REPO / "fixtures"))
    s3 = sandbox.client()
    got = s3.get_object(Bucket="demo-bucket", Key="hello.txt")
    assert got["Body"].read() == b"Hello from s3sandbox fixtures!\n"
    assert got["ContentType"] == "text/plain; charset=utf-8"
    assert got["Metadata"] == {"source": "fixtures"}
    keys = [o["Key"] for o in s3.list_objects_v2(Bucket="demo-bucket")["Contents"]]
    assert keys == ["docs/info.json", "hello.txt", "images/pixel.svg"]


def test_start_up_failures_say_what_failed_on_which_path(tmp_path):
    """A bad --data-dir or --fixtures names the path and the system's reason, not S3's generic
    "We encountered an internal error"."""
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    run = subprocess.run([BINARY, "--listen", "127.0.0.1:0", "--data-dir", str(blocker / "data")],
                         capture_output=True, text=True, timeout=10)
    assert run.returncode != 0
    assert f"cannot use the data directory {blocker / 'data'}" in run.stderr
    assert "Not a directory" in run.stderr
    assert "internal error" not in run.stderr

    run = subprocess.run([BINARY, "--listen", "127.0.0.1:0", "--ephemeral", "--fixtures",
                          str(tmp_path / "missing")], capture_output=True, text=True, timeout=10)
    assert run.returncode != 0
    assert f"cannot import fixtures from {tmp_path / 'missing'}: no such directory" in run.stderr
