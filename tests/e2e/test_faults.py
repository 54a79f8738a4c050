"""Fault injection with real clients: boto3's retries turn an injected 503 SlowDown into a
success, a multipart upload whose part 2 fails once completes byte-exact, a GET reset mid-body
makes download_file retry, throttling slows a transfer both ways, truncation leaves the client
an incomplete body, a seeded probability repeats, and a faulted PUT stores nothing."""
import hashlib
import os
import subprocess
import time

import boto3
import botocore.exceptions
import pytest
import requests
import s3transfer.utils
from boto3.s3.transfer import TransferConfig
from botocore.config import Config

from conftest import ACCESS_KEY, BINARY, REGION, SECRET_KEY, error_code, headers_of, status_of


def retrying_client(endpoint, attempts=5):
    """boto3 as applications use it: with its standard retries."""
    cfg = Config(s3={"addressing_style": "path"},
                 retries={"mode": "standard", "max_attempts": attempts})
    return boto3.client("s3", endpoint_url=endpoint, aws_access_key_id=ACCESS_KEY,
                        aws_secret_access_key=SECRET_KEY, region_name=REGION, config=cfg)


def add_fault(sandbox, **rule):
    r = requests.post(sandbox.endpoint + "/_sandbox/faults", json=rule)
    assert r.status_code == 201, r.text
    return r.json()


def fault(sandbox, rule_id):
    r = requests.get(f"{sandbox.endpoint}/_sandbox/faults/{rule_id}")
    assert r.status_code == 200, r.text
    return r.json()


@pytest.fixture(autouse=True)
def no_rules_left(sandbox):
    yield
    requests.delete(sandbox.endpoint + "/_sandbox/faults")


def test_boto3_retries_one_slowdown_into_success(sandbox, bucket):
    rule = add_fault(sandbox, operation="PutObject", bucket=bucket, times=1, error="SlowDown")
    s3 = retrying_client(sandbox.endpoint)
    s3.put_object(Bucket=bucket, Key="k", Body=b"data")
    assert s3.get_object(Bucket=bucket, Key="k")["Body"].read() == b"data"
    listed = fault(sandbox, rule["id"])
    assert listed["hits"] == 1 and listed["remaining"] == 0 and not listed["active"]
    assert sandbox.wait_for_log(f"fault #{rule['id']} ")


def test_the_faulted_answer_is_marked_and_says_why(sandbox, s3, bucket):
    rule = add_fault(sandbox, operation="GetObject", key="marked/*", error="InternalError",
                     message="injected by the test")
    s3.put_object(Bucket=bucket, Key="marked/x", Body=b"x")
    with pytest.raises(botocore.exceptions.ClientError) as refused:
        s3.get_object(Bucket=bucket, Key="marked/x")
    assert status_of(refused.value) == 500
    assert error_code(refused.value) == "InternalError"
    assert refused.value.response["Error"]["Message"].split(" [s3sandbox: ")[0] == "injected by the test"
    headers = headers_of(refused.value)
    assert headers["x-s3sandbox-fault"] == f"#{rule['id']} {rule['spec']}"
    assert f"DELETE /_sandbox/faults/{rule['id']}" in headers["x-s3sandbox-diagnosis"]
    assert requests.delete(f"{sandbox.endpoint}/_sandbox/faults/{rule['id']}").status_code == 200
    assert s3.get_object(Bucket=bucket, Key="marked/x")["Body"].read() == b"x"


def test_multipart_upload_whose_part_2_fails_once_completes_byte_exact(start_sandbox, tmp_path):
    sandbox = start_sandbox(
        "--min-part-size", "1048576",
        "--fault", "operation=UploadPart,part=2,times=1,error=InternalError,when=after-body")
    s3 = retrying_client(sandbox.endpoint)
    s3.create_bucket(Bucket="multipart")
    source = tmp_path / "source.bin"
    data = os.urandom(11 * 1024 * 1024 + 123)
    source.write_bytes(data)
    # s3transfer never cuts parts below 5 MiB: three parts, the second one faulted once.
    config = TransferConfig(multipart_threshold=1024 * 1024, multipart_chunksize=5 * 1024 * 1024)
    s3.upload_file(str(source), "multipart", "big.bin", Config=config)
    head = s3.head_object(Bucket="multipart", Key="big.bin")
    assert head["ETag"].endswith('-3"')
    assert s3.get_object(Bucket="multipart", Key="big.bin")["Body"].read() == data
    [rule] = requests.get(sandbox.endpoint + "/_sandbox/faults").json()["faults"]
    assert rule["hits"] == 1
    assert sandbox.wait_for_log(" 500 ")
    [failed] = [line for line in sandbox.log().splitlines() if " 500 " in line]
    assert "partNumber=2" in failed and "UploadPart" in failed


# s3transfer retries a body that breaks off mid-download; which breaks it retries depends on its
# version: an early end (IncompleteReadError) always, a reset (botocore's ResponseStreamingError)
# only in releases newer than Debian 12's 0.6.0 (boto/boto3#3876).
RETRIES_RESETS = hasattr(botocore.exceptions, "ResponseStreamingError") and \
    botocore.exceptions.ResponseStreamingError in s3transfer.utils.S3_RETRYABLE_DOWNLOAD_ERRORS


def download_once_broken(sandbox, bucket, tmp_path, **action):
    s3 = retrying_client(sandbox.endpoint)
    data = os.urandom(3 * 1024 * 1024)
    s3.put_object(Bucket=bucket, Key="big", Body=data)
    rule = add_fault(sandbox, operation="GetObject", bucket=bucket, times=1, **action)
    target = tmp_path / "big.out"

    def download():
        s3.download_file(bucket, "big", str(target),
                         Config=TransferConfig(multipart_threshold=64 * 1024 * 1024))
        assert hashlib.sha256(target.read_bytes()).digest() == hashlib.sha256(data).digest()

    return rule, download


def test_get_cut_mid_body_makes_download_file_retry(sandbox, bucket, tmp_path):
    rule, download = download_once_broken(sandbox, bucket, tmp_path, truncate="1MiB")
    download()
    assert fault(sandbox, rule["id"])["hits"] == 1
    assert sandbox.wait_for_log("out=1048576 ")


def test_get_reset_mid_body_makes_download_file_retry(sandbox, bucket, tmp_path):
    rule, download = download_once_broken(sandbox, bucket, tmp_path, **{"reset-after": "1MiB"})
    if RETRIES_RESETS:
        download()
    else:
        # Debian's s3transfer gives up on a reset: the client saw one, and the next try works.
        with pytest.raises(botocore.exceptions.ResponseStreamingError,
                           match="Connection reset by peer"):
            download()
        download()
    assert fault(sandbox, rule["id"])["hits"] == 1


def test_throttle_slows_downloads_and_uploads(sandbox, s3, bucket):
    data = os.urandom(512 * 1024)
    s3.put_object(Bucket=bucket, Key="slow", Body=data)
    add_fault(sandbox, operation="GetObject", bucket=bucket, throttle="256KiB/s")
    began = time.monotonic()
    assert s3.get_object(Bucket=bucket, Key="slow")["Body"].read() == data
    assert time.monotonic() - began >= 1.5  # 2 s at the rate; generous for a loaded machine
    add_fault(sandbox, operation="PutObject", bucket=bucket, throttle="256KiB/s",
              direction="request")
    began = time.monotonic()
    s3.put_object(Bucket=bucket, Key="slow-up", Body=data)
    assert time.monotonic() - began >= 1.5
    assert s3.get_object(Bucket=bucket, Key="slow-up")["Body"].read() == data


def test_truncation_leaves_an_incomplete_body(sandbox, s3, bucket):
    s3.put_object(Bucket=bucket, Key="cut", Body=b"x" * 10000)
    add_fault(sandbox, operation="GetObject", bucket=bucket, truncate=100)
    body = s3.get_object(Bucket=bucket, Key="cut")["Body"]
    # botocore names it IncompleteReadError, or ResponseStreamingError when urllib3 does.
    with pytest.raises((botocore.exceptions.IncompleteReadError,
                        botocore.exceptions.ResponseStreamingError), match="100 bytes read"):
        body.read()
    # A plain HTTP client gets fewer bytes than Content-Length promised (urllib3 1.x returns
    # them; 2.x raises).
    url = s3.generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": "cut"})
    try:
        r = requests.get(url)
        assert r.headers["Content-Length"] == "10000" and r.content == b"x" * 100
    except requests.exceptions.ChunkedEncodingError:
        pass


def test_probability_with_a_seed_is_reproducible(sandbox, s3, bucket):
    s3.put_object(Bucket=bucket, Key="p", Body=b"p")

    def pattern():
        add_fault(sandbox, operation="HeadObject", bucket=bucket, error="SlowDown",
                  probability=0.5, seed=7)
        seen = []
        for _ in range(40):
            try:
                s3.head_object(Bucket=bucket, Key="p")
                seen.append(False)
            except botocore.exceptions.ClientError as e:
                assert status_of(e) == 503
                seen.append(True)
        requests.delete(sandbox.endpoint + "/_sandbox/faults")
        return seen

    first = pattern()
    assert first == pattern()
    assert 5 < sum(first) < 35


def data_files(data_dir):
    return [os.path.join(d, f) for d, _, files in os.walk(data_dir / "data") for f in files]


def test_nothing_is_half_stored_after_a_faulted_put(start_sandbox, tmp_path):
    data_dir = tmp_path / "data"
    sandbox = start_sandbox("--data-dir", data_dir)
    s3 = sandbox.client()
    s3.create_bucket(Bucket="half")
    body = os.urandom(2 * 1024 * 1024)  # a staged file, not an inline body
    add_fault(sandbox, operation="PutObject", times=1, direction="request",
              **{"reset-after": "256KiB"})
    # A client that does not retry (a browser's presigned PUT): the upload breaks off.
    url = s3.generate_presigned_url("put_object", Params={"Bucket": "half", "Key": "k"})
    with pytest.raises(requests.exceptions.ConnectionError):
        requests.put(url, data=body)
    add_fault(sandbox, operation="PutObject", times=1, error="InternalError", when="after-body")
    refused = requests.put(url, data=body)
    assert refused.status_code == 500 and "x-s3sandbox-fault" in refused.headers
    with pytest.raises(botocore.exceptions.ClientError) as missing:
        s3.head_object(Bucket="half", Key="k")
    assert status_of(missing.value) == 404
    assert s3.list_objects_v2(Bucket="half")["KeyCount"] == 0
    deadline = time.monotonic() + 5
    while data_files(data_dir) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert data_files(data_dir) == []
    # With the rules used up, the same PUT is stored whole.
    s3.put_object(Bucket="half", Key="k", Body=body)
    assert s3.get_object(Bucket="half", Key="k")["Body"].read() == body


def test_boto3_resends_an_upload_reset_midway(sandbox, s3, bucket):
    rule = add_fault(sandbox, operation="PutObject", bucket=bucket, times=1,
                     direction="request", **{"reset-after": "256KiB"})
    body = os.urandom(2 * 1024 * 1024)
    retrying_client(sandbox.endpoint).put_object(Bucket=bucket, Key="k", Body=body)
    assert s3.get_object(Bucket=bucket, Key="k")["Body"].read() == body
    assert fault(sandbox, rule["id"])["hits"] == 1
    assert sandbox.wait_for_log("aborted in=262144 ")


def test_delay_holds_the_answer_back(sandbox, s3, bucket):
    add_fault(sandbox, operation="ListObjectsV2", bucket=bucket, delay="800ms", times=1)
    began = time.monotonic()
    s3.list_objects_v2(Bucket=bucket)
    assert time.monotonic() - began >= 0.7
    began = time.monotonic()
    s3.list_objects_v2(Bucket=bucket)
    assert time.monotonic() - began < 0.7


def test_the_api_lists_and_deletes_rules_and_refuses_bad_ones(sandbox):
    a = add_fault(sandbox, spec="operation=PutObject,error=SlowDown,expires=+10m")
    b = add_fault(sandbox, operation="GetObject", delay="2s", probability=0.5)
    listed = requests.get(sandbox.endpoint + "/_sandbox/faults").json()["faults"]
    assert [r["id"] for r in listed] == [a["id"], b["id"]]
    assert listed[0]["expires"].endswith("Z") and listed[0]["remaining"] is None
    assert "seed" in listed[1]  # chosen, and shown so that the run can be repeated
    bad = requests.post(sandbox.endpoint + "/_sandbox/faults",
                        json={"operation": "GetObjcet", "error": "SlowDown"})
    assert bad.status_code == 400
    assert bad.json()["error"]["code"] == "InvalidFaultRule"
    assert "did you mean GetObject?" in bad.json()["error"]["message"]
    assert requests.delete(f"{sandbox.endpoint}/_sandbox/faults/{a['id']}").json() == {
        "deleted": [a["id"]]}
    assert requests.delete(f"{sandbox.endpoint}/_sandbox/faults/{a['id']}").status_code == 404
    assert requests.delete(sandbox.endpoint + "/_sandbox/faults").json() == {"deleted": 1}


def test_a_bad_fault_on_the_command_line_stops_the_start():
    run = subprocess.run([BINARY, "--listen", "127.0.0.1:0", "--ephemeral",
                          "--fault", "operation=PutObject,eror=SlowDown"],
                         capture_output=True, text=True, timeout=20)
    assert run.returncode != 0
    assert "--fault 'operation=PutObject,eror=SlowDown'" in run.stderr
    assert "did you mean error?" in run.stderr
