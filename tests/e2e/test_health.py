"""The sandbox's own health endpoint (GET /_sandbox/health answers 200 JSON, unsigned), and the
data dir modes it reports."""
import os
import subprocess

import requests

from conftest import BINARY


def health(sandbox):
    r = requests.get(f"{sandbox.endpoint}/_sandbox/health", timeout=10)
    assert r.status_code == 200
    assert r.headers["Content-Type"].startswith("application/json")
    return r.json()


def test_health_reports_status_version_and_uptime(sandbox):
    body = health(sandbox)
    assert body["status"] == "ok"
    assert isinstance(body["version"], str) and body["version"]
    assert isinstance(body["uptime_seconds"], (int, float))
    assert body["uptime_seconds"] >= 0
    assert body["region"] == "us-east-1"


def test_health_reports_ephemeral_mode(sandbox):
    assert health(sandbox)["data_dir_mode"] == "ephemeral"


def test_ephemeral_data_dir_is_removed_at_exit(start_sandbox):
    sandbox = start_sandbox()
    sandbox.client().create_bucket(Bucket="short-lived")
    data_dir = health(sandbox)["data_dir"]
    assert os.path.isdir(data_dir)
    assert sandbox.stop() == 0
    assert not os.path.exists(data_dir)


def test_health_reports_persistent_data_dir(start_sandbox, tmp_path):
    data_dir = tmp_path / "data dir"
    sandbox = start_sandbox("--data-dir", str(data_dir))
    body = health(sandbox)
    assert body["data_dir_mode"] == "persistent"
    assert body["data_dir"] == str(data_dir)


def test_persistent_data_survives_a_restart(start_sandbox, tmp_path):
    data_dir = tmp_path / "data"
    first = start_sandbox("--data-dir", str(data_dir))
    first.client().create_bucket(Bucket="kept")
    first.client().put_object(Bucket="kept", Key="k", Body=b"still here")
    assert first.stop() == 0
    second = start_sandbox("--data-dir", str(data_dir))
    assert second.client().get_object(Bucket="kept", Key="k")["Body"].read() == b"still here"


def test_health_reports_configured_region(start_sandbox):
    assert health(start_sandbox("--region", "eu-west-3"))["region"] == "eu-west-3"


def test_version_flag_matches_health(sandbox):
    out = subprocess.run([BINARY, "--version"], capture_output=True, text=True, timeout=10)
    assert out.returncode == 0
    assert health(sandbox)["version"] in out.stdout
