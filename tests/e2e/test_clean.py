"""The per-test clean in one control call, POST /_sandbox/clean, as the pytest plugin's `s3`
fixture runs it (Sandbox.clean): buckets emptied, the clock real again, fault rules gone, the
request journal and the event record emptied; with a snapshot, the snapshot restored instead.
And the Sandbox's own log file: removed by a clean stop, kept after a failure."""
import os
import signal
import time

import pytest
import requests
from botocore.exceptions import ClientError

from s3sandbox import ControlError, Sandbox
from conftest import BINARY, unique_bucket_name

QUEUE = "arn:aws:sqs:us-east-1:123456789012:uploads"


def dirty(s3, sandbox):
    """What a test leaves behind: a bucket with an object and a notification configuration (so an
    event is recorded), a moved and frozen clock, a fault rule, journal entries."""
    bucket = unique_bucket_name("clean")
    s3.create_bucket(Bucket=bucket)
    s3.put_bucket_notification_configuration(
        Bucket=bucket, NotificationConfiguration={"QueueConfigurations": [
            {"QueueArn": QUEUE, "Events": ["s3:ObjectCreated:*"]}]})
    s3.put_object(Bucket=bucket, Key="k", Body=b"left behind")
    sandbox.clock.offset("+5m")  # within the 15 min skew S3 allows
    sandbox.clock.freeze()
    sandbox.faults.add(operation="HeadBucket", error="SlowDown")
    assert sandbox.requests(bucket=bucket)
    events = sandbox._control.call("GET", "events")["events"]
    assert [e["event"] for e in events] == ["s3:TestEvent", "ObjectCreated:Put"]
    return bucket


def assert_clean(sandbox):
    clock = sandbox.clock.get()
    assert clock["offset_seconds"] == 0 and clock["frozen"] is False
    assert sandbox.faults.list() == []
    assert sandbox.requests() == []
    assert sandbox._control.call("GET", "events")["events"] == []


def control_lines_since(sandbox, offset):
    with open(sandbox.log_path, "rb") as f:
        f.seek(offset)
        text = f.read().decode(errors="replace")
    return [line for line in text.splitlines() if " /_sandbox/" in line]


def test_one_call_cleans_buckets_clock_faults_journal_and_events(s3, s3sandbox, monkeypatch):
    bucket = dirty(s3, s3sandbox)
    time.sleep(0.2)  # the access log is written in 50 ms batches: dirty()'s lines are out
    offset = os.path.getsize(s3sandbox.log_path)
    calls = []
    real_call = s3sandbox._control.call
    monkeypatch.setattr(s3sandbox._control, "call",
                        lambda method, path, **kw: calls.append((method, path)) or
                        real_call(method, path, **kw))
    answer = s3sandbox.clean()
    monkeypatch.undo()
    assert calls == [("POST", "clean")]
    # One logged control action, as every control call is logged.
    deadline = time.monotonic() + 5
    while not control_lines_since(s3sandbox, offset) and time.monotonic() < deadline:
        time.sleep(0.02)
    time.sleep(0.2)
    lines = control_lines_since(s3sandbox, offset)
    assert len(lines) == 1 and "POST /_sandbox/clean?log-mark=" in lines[0], lines

    assert answer["data"] == "reset" and answer["faults_deleted"] == 1
    assert answer["journal_cleared"] is True and answer["events_cleared"] is True
    assert_clean(s3sandbox)
    assert s3.list_buckets()["Buckets"] == []
    with pytest.raises(ClientError) as e:
        s3.head_bucket(Bucket=bucket)  # the fault rule would have made this a 503
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404


def test_the_log_starts_after_the_clean_with_every_earlier_line_before_it(s3, s3sandbox):
    # Answered just before the clean, on boto3's connection and on eight new ones, so their lines
    # are still in the server's 50 ms batches when the clean is made, in more than one worker's
    # batch when the connections were spread over workers (each writes only its own). Which
    # worker a connection gets is not the test's to choose: three rounds make a spread likely.
    for round_ in range(3):
        bucket = f"before-clean-{round_}"
        s3.create_bucket(Bucket=bucket)
        for i in range(8):
            with requests.Session() as fresh_connection:
                r = fresh_connection.get(f"{s3sandbox.endpoint}/{bucket}/k{i}")
                assert r.status_code == 403
        s3sandbox.clean()
        s3.create_bucket(Bucket=f"after-clean-{round_}")
        assert s3sandbox.wait_for_log(f"PUT /after-clean-{round_} 200")
        assert bucket not in s3sandbox.log()
        whole = s3sandbox.log(whole=True)
        last_clean = whole.rindex("POST /_sandbox/clean?log-mark=")
        assert all(whole.index(f"GET /{bucket}/k{i} 403") < last_clean for i in range(8))


def test_a_snapshot_is_restored_instead_of_emptying(s3, s3sandbox):
    s3.create_bucket(Bucket="seeded")
    s3.put_object(Bucket="seeded", Key="fixture.txt", Body=b"seed")
    s3sandbox.snapshot("clean-e2e-seed")
    try:
        s3.delete_object(Bucket="seeded", Key="fixture.txt")
        dirty(s3, s3sandbox)
        answer = s3sandbox.clean(snapshot="clean-e2e-seed")
        assert answer["data"] == "restored"
        assert answer["snapshot"]["name"] == "clean-e2e-seed"
        assert_clean(s3sandbox)
        assert [b["Name"] for b in s3.list_buckets()["Buckets"]] == ["seeded"]
        assert s3.get_object(Bucket="seeded", Key="fixture.txt")["Body"].read() == b"seed"
    finally:
        s3sandbox.delete_snapshot("clean-e2e-seed")


def test_an_unknown_snapshot_is_refused_and_changes_nothing(s3, s3sandbox):
    bucket = dirty(s3, s3sandbox)
    r = requests.post(s3sandbox.endpoint + "/_sandbox/clean?snapshot=no-such-snapshot")
    assert r.status_code == 404 and r.json()["error"]["code"] == "NoSuchSnapshot", r.text
    with pytest.raises(ControlError) as e:  # the same through the plugin's Sandbox
        s3sandbox.clean(snapshot="no-such-snapshot")
    assert e.value.status == 404 and e.value.code == "NoSuchSnapshot"
    assert s3.get_object(Bucket=bucket, Key="k")["Body"].read() == b"left behind"
    assert s3sandbox.clock.get()["frozen"] is True
    assert len(s3sandbox.faults.list()) == 1
    s3sandbox.clean()


def test_clean_is_a_control_call_under_the_access_rule(s3, s3sandbox):
    """Like every /_sandbox/ endpoint but health: refused to a non-local Host name (a DNS
    rebinding page), so nothing is cleaned."""
    s3.create_bucket(Bucket="kept")
    r = requests.post(s3sandbox.endpoint + "/_sandbox/clean",
                      headers={"Host": "attacker.example:80"})
    assert r.status_code == 403 and r.json()["error"]["code"] == "ControlAccessDenied"
    assert [b["Name"] for b in s3.list_buckets()["Buckets"]] == ["kept"]
    # From here (loopback, a local name) the same request cleans.
    r = requests.post(s3sandbox.endpoint + "/_sandbox/clean")
    assert r.status_code == 200 and r.json()["data"] == "reset", r.text
    assert s3.list_buckets()["Buckets"] == []


def test_a_clean_stop_leaves_no_log_file(s3):
    sandbox = Sandbox(binary=BINARY).start()
    try:
        path = sandbox.log_path
        sandbox.client().create_bucket(Bucket="logged")
        assert sandbox.wait_for_log("CreateBucket")
    finally:
        code = sandbox.stop()
    assert code == 0
    assert not os.path.exists(path), "a clean stop removes the Sandbox's own temporary log"


def test_keep_log_or_a_log_path_keeps_it(s3, tmp_path):
    kept = Sandbox(binary=BINARY, keep_log=True).start()
    assert kept.stop() == 0
    try:
        assert os.path.exists(kept.log_path)
    finally:
        os.unlink(kept.log_path)
    given = tmp_path / "mine.log"
    sandbox = Sandbox(binary=BINARY, log_path=given).start()
    assert sandbox.stop() == 0
    assert given.exists()


def test_a_failed_start_keeps_the_log_and_names_it(s3, tmp_path, capsys):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    sandbox = Sandbox(binary=BINARY, data_dir=blocker / "data")
    with pytest.raises(RuntimeError) as e:
        sandbox.start()
    try:
        assert sandbox.log_path in str(e.value)
        assert os.path.exists(sandbox.log_path)
        assert str(blocker) in open(sandbox.log_path).read()  # the reason is there
    finally:
        os.unlink(sandbox.log_path)


def test_a_failed_stop_keeps_the_log_and_prints_its_path(s3, capsys):
    sandbox = Sandbox(binary=BINARY).start()
    assert sandbox.stop(sig=signal.SIGKILL) == -signal.SIGKILL
    try:
        assert os.path.exists(sandbox.log_path)
        assert sandbox.log_path in capsys.readouterr().err
    finally:
        os.unlink(sandbox.log_path)
