"""Virtual-hosted-style addressing (`BUCKET.localhost:PORT`, `BUCKET.<--domain>`) alongside path
style, chosen by the Host header, with boto3 at its defaults for virtual addressing and presigned
URLs of both signature versions in both styles.

Browsers resolve *.localhost to loopback; Python's resolver does not, so this module resolves
*.localhost and *.sandbox.test to 127.0.0.1 itself (the requests still carry the real Host)."""

import socket
import uuid

import boto3
import pytest
import requests
from botocore.config import Config
from botocore.exceptions import ClientError

from conftest import ACCESS_KEY, REGION, SECRET_KEY, error_code, sandbox_fixture

DOMAIN = "s3.sandbox.test"


@pytest.fixture(scope="module", autouse=True)
def loopback_wildcards():
    real = socket.getaddrinfo

    def resolve(host, *args, **kwargs):
        if isinstance(host, str) and (host.endswith(".localhost") or host.endswith(".sandbox.test")
                                      or host == DOMAIN):
            host = "127.0.0.1"
        return real(host, *args, **kwargs)

    socket.getaddrinfo = resolve
    yield
    socket.getaddrinfo = real


server = sandbox_fixture("--domain", DOMAIN)


def virtual_client(endpoint, **config):
    return boto3.client(
        "s3", endpoint_url=endpoint, aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY, region_name=REGION,
        config=Config(s3={"addressing_style": "virtual"}, retries={"total_max_attempts": 1}, **config))


@pytest.fixture(scope="module")
def localhost_endpoint(server):
    return f"http://localhost:{server.port}"


@pytest.fixture(scope="module")
def s3v(localhost_endpoint):
    return virtual_client(localhost_endpoint, signature_version="s3v4")


@pytest.fixture
def vbucket(s3v):
    name = f"virt-{uuid.uuid4().hex[:16]}"
    s3v.create_bucket(Bucket=name)
    return name


def test_boto3_virtual_addressing_round_trip(s3v, vbucket):
    s3v.put_object(Bucket=vbucket, Key="dir/a.txt", Body=b"virtual", ContentType="text/plain")
    got = s3v.get_object(Bucket=vbucket, Key="dir/a.txt")
    assert got["Body"].read() == b"virtual"
    assert got["ContentType"] == "text/plain"
    listed = s3v.list_objects_v2(Bucket=vbucket, Prefix="dir/")
    assert [o["Key"] for o in listed["Contents"]] == ["dir/a.txt"]
    s3v.copy_object(Bucket=vbucket, Key="copy.txt", CopySource={"Bucket": vbucket, "Key": "dir/a.txt"})
    assert s3v.head_object(Bucket=vbucket, Key="copy.txt")["ContentLength"] == 7


def test_path_and_virtual_styles_see_the_same_bucket(server, s3v, vbucket):
    s3v.put_object(Bucket=vbucket, Key="shared", Body=b"one bucket")
    path_style = server.client()
    assert path_style.get_object(Bucket=vbucket, Key="shared")["Body"].read() == b"one bucket"


def test_virtual_multipart_upload(s3v, vbucket):
    upload = s3v.create_multipart_upload(Bucket=vbucket, Key="big")["UploadId"]
    part = s3v.upload_part(Bucket=vbucket, Key="big", UploadId=upload, PartNumber=1, Body=b"x" * 100)
    s3v.complete_multipart_upload(Bucket=vbucket, Key="big", UploadId=upload,
                                  MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": part["ETag"]}]})
    assert s3v.get_object(Bucket=vbucket, Key="big")["Body"].read() == b"x" * 100


@pytest.mark.parametrize("signature_version", ["s3v4", "s3"])
def test_presigned_urls_in_virtual_style_validate(localhost_endpoint, s3v, vbucket,
                                                  signature_version):
    presigner = virtual_client(localhost_endpoint, signature_version=signature_version)
    put = presigner.generate_presigned_url(
        "put_object", Params={"Bucket": vbucket, "Key": "pre/sig.bin", "ContentType": "image/png"},
        ExpiresIn=300)
    assert put.startswith(f"http://{vbucket}.localhost:")
    r = requests.put(put, data=b"\x89PNG", headers={"Content-Type": "image/png"}, timeout=10)
    assert r.status_code == 200, r.text
    get = presigner.generate_presigned_url("get_object",
                                           Params={"Bucket": vbucket, "Key": "pre/sig.bin"})
    r = requests.get(get, timeout=10)
    assert r.status_code == 200 and r.content == b"\x89PNG"
    assert r.headers["Content-Type"] == "image/png"


def test_presigned_path_style_url_still_works_next_to_virtual(server, s3v, vbucket):
    s3v.put_object(Bucket=vbucket, Key="p", Body=b"path")
    url = server.client(signature_version="s3v4").generate_presigned_url(
        "get_object", Params={"Bucket": vbucket, "Key": "p"})
    assert "/" + vbucket + "/p?" in url
    assert requests.get(url, timeout=10).content == b"path"


def test_url_signed_for_virtual_host_sent_path_style_is_refused_with_a_diagnosis(
        server, localhost_endpoint, s3v, vbucket):
    s3v.put_object(Bucket=vbucket, Key="k", Body=b"x")
    url = virtual_client(localhost_endpoint, signature_version="s3v4").generate_presigned_url(
        "get_object", Params={"Bucket": vbucket, "Key": "k"})
    query = url.split("?", 1)[1]
    r = requests.get(f"http://127.0.0.1:{server.port}/{vbucket}/k?{query}", timeout=10)
    assert r.status_code == 403
    assert b"<Code>SignatureDoesNotMatch</Code>" in r.content
    assert r.headers.get("x-s3sandbox-diagnosis")


def test_configured_domain_serves_virtual_hosted_buckets(server, s3v, vbucket):
    s3v.put_object(Bucket=vbucket, Key="d", Body=b"domain")
    client = virtual_client(f"http://{DOMAIN}:{server.port}", signature_version="s3v4")
    assert client.get_object(Bucket=vbucket, Key="d")["Body"].read() == b"domain"
    url = client.generate_presigned_url("get_object", Params={"Bucket": vbucket, "Key": "d"})
    assert url.startswith(f"http://{vbucket}.{DOMAIN}:")
    assert requests.get(url, timeout=10).content == b"domain"


def test_missing_virtual_bucket_is_no_such_bucket(s3v):
    with pytest.raises(ClientError) as e:
        s3v.get_object(Bucket=f"absent-{uuid.uuid4().hex[:12]}", Key="k")
    assert error_code(e.value) == "NoSuchBucket"
