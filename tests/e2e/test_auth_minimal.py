"""Minimal authentication checks with real clients: unsigned and unknown-key requests are refused
as S3 refuses them; boto3's presigned URLs work from a plain HTTP client."""
import hashlib
import xml.etree.ElementTree as ET

import pytest
import requests
from botocore.exceptions import ClientError

from conftest import error_code, make_client, status_of

SIGNATURES = [None, "s3v4"]  # None: boto3's default for presigning (SigV2 in Debian's 1.26)
SIG_IDS = ["default", "s3v4"]


def error_of(response):
    """(Code, root element) of an S3 XML error body."""
    root = ET.fromstring(response.content)
    assert root.tag == "Error"
    return root.findtext("Code"), root


@pytest.fixture
def obj(s3, bucket):
    s3.put_object(Bucket=bucket, Key="dir/hello world.txt", Body=b"hello")
    return bucket, "dir/hello world.txt"


def test_unsigned_request_is_access_denied(sandbox, obj):
    bucket, key = obj
    for url in (f"{sandbox.endpoint}/", f"{sandbox.endpoint}/{bucket}",
                f"{sandbox.endpoint}/{bucket}/dir/hello%20world.txt"):
        r = requests.get(url, timeout=10)
        assert r.status_code == 403, url
        code, _ = error_of(r)
        assert code == "AccessDenied"
        assert r.headers["Content-Type"].startswith("application/xml")


def test_unsigned_put_is_refused_and_stores_nothing(sandbox, s3, bucket):
    r = requests.put(f"{sandbox.endpoint}/{bucket}/sneaky", data=b"x", timeout=10)
    assert r.status_code == 403
    assert error_of(r)[0] == "AccessDenied"
    assert s3.list_objects_v2(Bucket=bucket)["KeyCount"] == 0


def test_unknown_access_key_is_invalid_access_key_id(sandbox, bucket):
    stranger = make_client(sandbox.endpoint, access_key="AKIANOTKNOWN00000000")
    with pytest.raises(ClientError) as e:
        stranger.list_objects_v2(Bucket=bucket)
    assert error_code(e.value) == "InvalidAccessKeyId"
    assert status_of(e.value) == 403
    assert e.value.response["Error"]["AWSAccessKeyId"] == "AKIANOTKNOWN00000000"


def test_wrong_secret_is_signature_does_not_match(sandbox, bucket):
    wrong = make_client(sandbox.endpoint, secret_key="not-the-secret")
    with pytest.raises(ClientError) as e:
        wrong.list_objects_v2(Bucket=bucket)
    assert error_code(e.value) == "SignatureDoesNotMatch"
    assert status_of(e.value) == 403


def test_extra_credential_is_accepted(start_sandbox):
    sandbox = start_sandbox("--credential", "AKIAEXTRA:extra-secret")
    extra = make_client(sandbox.endpoint, access_key="AKIAEXTRA", secret_key="extra-secret")
    extra.create_bucket(Bucket="extra-bucket")
    assert "extra-bucket" in [b["Name"] for b in extra.list_buckets()["Buckets"]]


@pytest.mark.parametrize("signature_version", SIGNATURES, ids=SIG_IDS)
def test_presigned_get_works_with_requests(sandbox, obj, signature_version):
    bucket, key = obj
    kwargs = {"signature_version": signature_version} if signature_version else {}
    url = sandbox.client(**kwargs).generate_presigned_url(
        "get_object", Params={"Bucket": bucket, "Key": key}, ExpiresIn=300)
    if signature_version == "s3v4":
        assert "X-Amz-Signature=" in url
    r = requests.get(url, timeout=10)
    assert r.status_code == 200, r.text
    assert r.content == b"hello"
    assert r.headers["ETag"] == '"5d41402abc4b2a76b9719d911017c592"'


@pytest.mark.parametrize("signature_version", SIGNATURES, ids=SIG_IDS)
def test_presigned_put_works_with_requests(sandbox, s3, bucket, signature_version):
    kwargs = {"signature_version": signature_version} if signature_version else {}
    url = sandbox.client(**kwargs).generate_presigned_url(
        "put_object", Params={"Bucket": bucket, "Key": "up/loaded é.bin"}, ExpiresIn=300)
    data = bytes(range(256)) * 100
    r = requests.put(url, data=data, timeout=10)
    assert r.status_code == 200, r.text
    assert r.headers["ETag"] == '"' + hashlib.md5(data).hexdigest() + '"'
    assert s3.get_object(Bucket=bucket, Key="up/loaded é.bin")["Body"].read() == data


@pytest.mark.parametrize("signature_version", SIGNATURES, ids=SIG_IDS)
def test_presigned_put_with_signed_content_type(sandbox, s3, bucket, signature_version):
    kwargs = {"signature_version": signature_version} if signature_version else {}
    url = sandbox.client(**kwargs).generate_presigned_url(
        "put_object", Params={"Bucket": bucket, "Key": "typed", "ContentType": "image/png"},
        ExpiresIn=300)
    ok = requests.put(url, data=b"png", headers={"Content-Type": "image/png"}, timeout=10)
    assert ok.status_code == 200, ok.text
    assert s3.head_object(Bucket=bucket, Key="typed")["ContentType"] == "image/png"
    other = requests.put(url, data=b"png", headers={"Content-Type": "image/jpeg"}, timeout=10)
    assert other.status_code == 403
    assert error_of(other)[0] == "SignatureDoesNotMatch"


@pytest.mark.parametrize("signature_version", SIGNATURES, ids=SIG_IDS)
def test_tampered_presigned_url_is_signature_does_not_match(sandbox, obj, signature_version):
    bucket, key = obj
    kwargs = {"signature_version": signature_version} if signature_version else {}
    url = sandbox.client(**kwargs).generate_presigned_url(
        "get_object", Params={"Bucket": bucket, "Key": key}, ExpiresIn=300)
    r = requests.get(url.replace("hello%20world", "hello%20World"), timeout=10)
    assert r.status_code == 403
    assert error_of(r)[0] == "SignatureDoesNotMatch"


@pytest.mark.parametrize("signature_version", SIGNATURES, ids=SIG_IDS)
def test_expired_presigned_url_is_access_denied(start_sandbox, tmp_path, signature_version):
    # The server's clock runs 2 h ahead, so a URL valid for 1 h is already expired. The object
    # comes from --fixtures: header-signed calls would be refused as too skewed.
    (tmp_path / "fx" / "expiry").mkdir(parents=True)
    (tmp_path / "fx" / "expiry" / "k").write_bytes(b"x")
    sandbox = start_sandbox("--clock-offset", "+2h", "--fixtures", tmp_path / "fx")
    kwargs = {"signature_version": signature_version} if signature_version else {}
    url = sandbox.client(**kwargs).generate_presigned_url(
        "get_object", Params={"Bucket": "expiry", "Key": "k"}, ExpiresIn=3600)
    r = requests.get(url, timeout=10)
    assert r.status_code == 403
    code, root = error_of(r)
    assert code == "AccessDenied"
    assert root.findtext("Message").split(" [s3sandbox: ")[0] == "Request has expired"


def test_header_signed_request_with_skewed_clock_is_request_time_too_skewed(start_sandbox):
    sandbox = start_sandbox("--clock-offset", "+2h")
    with pytest.raises(ClientError) as e:
        sandbox.client().list_buckets()
    assert error_code(e.value) == "RequestTimeTooSkewed"
    assert status_of(e.value) == 403
