"""The sandbox clock with real clients: offset, freeze, advance, unfreeze; what boto3 sees when
the clock is moved more than 15 minutes (RequestTimeTooSkewed, with a diagnosis naming the
sandbox clock); and the pattern that works for expiry: presign, advance, advance back."""
import datetime
import time
import xml.etree.ElementTree as ET

import botocore.exceptions
import pytest
import requests

from conftest import unique_bucket_name


def clock(sandbox, **params):
    r = requests.put(sandbox.endpoint + "/_sandbox/clock", params=params)
    assert r.status_code == 200, r.text
    return r.json()


def clock_json(sandbox, body):
    return requests.put(sandbox.endpoint + "/_sandbox/clock", json=body)


def error_of(r):
    root = ET.fromstring(r.content)
    return {child.tag: child.text for child in root}


def parse(iso):
    return datetime.datetime.strptime(iso, "%Y-%m-%dT%H:%M:%S.%fZ")


def test_freeze_advance_unfreeze(start_sandbox):
    sandbox = start_sandbox()
    state = clock(sandbox, freeze="2030-01-01T00:00:00Z")
    assert state["frozen"] is True
    assert state["now"] == "2030-01-01T00:00:00.000Z"
    # A frozen clock stands still.
    assert requests.get(sandbox.endpoint + "/_sandbox/clock").json()["now"] == state["now"]
    # '+' unencoded reads as a space in a query: the sandbox takes it back.
    state = clock(sandbox, advance="+90s")
    assert state["now"] == "2030-01-01T00:01:30.000Z"
    state = clock(sandbox, unfreeze="1")
    assert state["frozen"] is False and state["frozen_at"] is None
    assert parse(state["now"]) >= datetime.datetime(2030, 1, 1, 0, 1, 30)
    state = clock(sandbox, offset="0")
    assert state["offset_seconds"] == 0 and state["frozen"] is False
    assert abs(parse(state["now"]) - parse(state["real_now"])) < datetime.timedelta(seconds=2)


def test_json_body_and_refusals(start_sandbox):
    sandbox = start_sandbox()
    r = clock_json(sandbox, {"freeze": "now", "advance": 3600})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["frozen"] is True and body["offset_seconds"] == 3600
    r = clock_json(sandbox, {"advance": "soon"})
    assert r.status_code == 400 and r.json()["error"]["code"] == "InvalidClockAdvance"
    r = clock_json(sandbox, {"speed": 2})
    assert r.status_code == 400 and r.json()["error"]["code"] == "UnknownClockField"
    r = requests.put(sandbox.endpoint + "/_sandbox/clock?freeze=now&unfreeze=1")
    assert r.status_code == 400 and r.json()["error"]["code"] == "InvalidClockChange"
    r = requests.put(sandbox.endpoint + "/_sandbox/clock")
    assert r.status_code == 400 and r.json()["error"]["code"] == "MissingClockChange"
    # A refused change changed nothing.
    assert requests.get(sandbox.endpoint + "/_sandbox/clock").json()["offset_seconds"] == 3600


def test_clock_freeze_flag(start_sandbox):
    sandbox = start_sandbox("--clock-freeze", "2031-06-01T12:00:00Z")
    state = requests.get(sandbox.endpoint + "/_sandbox/clock").json()
    assert state["frozen"] is True and state["now"] == "2031-06-01T12:00:00.000Z"
    s3 = sandbox.client()
    clock(sandbox, offset="0")
    bucket = unique_bucket_name()
    s3.create_bucket(Bucket=bucket)
    # Frozen 10 minutes in the past: Last-Modified is the sandbox clock's.
    # boto3 signs with the real time: a presigned URL is checked for expiry, not skew.
    url = s3.generate_presigned_url("put_object", Params={"Bucket": bucket, "Key": "t.txt"},
                                    ExpiresIn=3600)
    clock(sandbox, offset="0")
    clock(sandbox, freeze="now")
    clock(sandbox, advance="-600s")
    assert requests.put(url, data=b"x").status_code == 200
    clock(sandbox, offset="0")
    head = s3.head_object(Bucket=bucket, Key="t.txt")
    age = datetime.datetime.now(datetime.timezone.utc) - head["LastModified"]
    assert datetime.timedelta(minutes=9) < age < datetime.timedelta(minutes=11)


def test_skewed_clock_refuses_boto3_and_says_the_sandbox_clock_moved(start_sandbox):
    sandbox = start_sandbox()
    s3 = sandbox.client()
    bucket = unique_bucket_name()
    s3.create_bucket(Bucket=bucket)
    clock(sandbox, offset="+2h")
    try:
        with pytest.raises(botocore.exceptions.ClientError) as refused:
            s3.list_objects_v2(Bucket=bucket)
        error = refused.value.response["Error"]
        assert error["Code"] == "RequestTimeTooSkewed"
        diagnosis = refused.value.response["ResponseMetadata"]["HTTPHeaders"][
            "x-s3sandbox-diagnosis"]
        assert "SANDBOX clock was moved 2 h ahead" in diagnosis
        assert "PUT /_sandbox/clock?offset=0" in diagnosis
    finally:
        clock(sandbox, offset="0")
    assert s3.list_objects_v2(Bucket=bucket)["KeyCount"] == 0


def test_presign_then_advance_then_advance_back(start_sandbox):
    """The pattern that works: boto3 presigns with the real time; the sandbox clock moves
    past the expiry (the URL is refused, and the diagnosis says the sandbox clock moved); the
    clock moves back and the same URL works again."""
    sandbox = start_sandbox()
    s3 = sandbox.client()
    bucket = unique_bucket_name()
    s3.create_bucket(Bucket=bucket)
    s3.put_object(Bucket=bucket, Key="cat.jpg", Body=b"meow")
    url = s3.generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": "cat.jpg"},
                                    ExpiresIn=300)
    assert requests.get(url).content == b"meow"
    clock(sandbox, advance="+301s")
    r = requests.get(url)
    assert r.status_code == 403
    error = error_of(r)
    assert error["Code"] == "AccessDenied"
    assert error["Message"].split(" [s3sandbox: ")[0] == "Request has expired"
    diagnosis = r.headers["x-s3sandbox-diagnosis"]
    assert "expired" in diagnosis
    assert "SANDBOX clock was moved 5 min 1 s ahead" in diagnosis
    assert "PUT /_sandbox/clock?offset=0" in diagnosis
    clock(sandbox, advance="-301s")
    assert requests.get(url).content == b"meow"


def test_unmoved_clock_adds_nothing_to_an_expiry_diagnosis(start_sandbox):
    sandbox = start_sandbox()
    s3 = sandbox.client()
    bucket = unique_bucket_name()
    s3.create_bucket(Bucket=bucket)
    url = s3.generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": "k"},
                                    ExpiresIn=1)
    clock(sandbox, advance="+5s")
    assert "SANDBOX clock was moved" in requests.get(url).headers["x-s3sandbox-diagnosis"]
    clock(sandbox, offset="0")
    time.sleep(2.1)  # a URL that really expired: nothing about the sandbox clock
    r = requests.get(url)
    assert r.status_code == 403
    assert "SANDBOX" not in r.headers["x-s3sandbox-diagnosis"]
