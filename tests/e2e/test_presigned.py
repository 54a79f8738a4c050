"""Presigned URLs from boto3 and their refusals as S3 gives them, with s3sandbox's diagnosis."""
import urllib.parse

import boto3
import pytest
import requests
from botocore.config import Config

from conftest import ACCESS_KEY, SECRET_KEY


@pytest.fixture(scope="module")
def v4(sandbox):
    return sandbox.client(signature_version="s3v4")


@pytest.fixture
def photo_bucket(v4):
    import uuid
    name = "photos-" + uuid.uuid4().hex[:12]
    v4.create_bucket(Bucket=name)
    return name


def error_parts(response):
    import xml.etree.ElementTree as ET
    root = ET.fromstring(response.content)
    return {child.tag: child.text for child in root}


def presigned_put(client, bucket, key, **params):
    return client.generate_presigned_url(
        "put_object", Params={"Bucket": bucket, "Key": key, **params}, ExpiresIn=300)


def test_v4_put_with_signed_headers_sent_succeeds(v4, photo_bucket):
    url = presigned_put(v4, photo_bucket, "cat.jpg", ContentType="image/jpeg",
                        ContentDisposition="inline")
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(url).query)
    assert query["X-Amz-SignedHeaders"] == ["content-disposition;content-type;host"]
    r = requests.put(url, data=b"jpeg bytes",
                     headers={"Content-Type": "image/jpeg", "Content-Disposition": "inline"})
    assert r.status_code == 200, r.text
    got = v4.get_object(Bucket=photo_bucket, Key="cat.jpg")
    assert got["ContentType"] == "image/jpeg"
    assert got["Body"].read() == b"jpeg bytes"


def test_v4_put_without_signed_header_is_refused_naming_it(v4, photo_bucket):
    url = presigned_put(v4, photo_bucket, "dog.jpg", ContentType="image/jpeg",
                        ContentDisposition="inline")
    r = requests.put(url, data=b"jpeg bytes", headers={"Content-Disposition": "inline"})
    assert r.status_code == 403
    error = error_parts(r)
    assert error["Code"] == "SignatureDoesNotMatch"
    assert error["AWSAccessKeyId"] == ACCESS_KEY
    assert error["StringToSign"].startswith("AWS4-HMAC-SHA256\n")
    assert "content-type" in error["CanonicalRequest"]
    assert "content-type" in r.headers["x-s3sandbox-diagnosis"]
    assert "content-type" in error["Diagnosis"]
    missing = requests.head(v4.generate_presigned_url(
        "head_object", Params={"Bucket": photo_bucket, "Key": "dog.jpg"}))
    assert missing.status_code == 404, "nothing was stored"


def test_v4_put_with_different_content_type_is_refused(v4, photo_bucket):
    url = presigned_put(v4, photo_bucket, "x.png", ContentType="image/png")
    r = requests.put(url, data=b"x", headers={"Content-Type": "image/png; charset=utf-8"})
    assert r.status_code == 403
    assert error_parts(r)["Code"] == "SignatureDoesNotMatch"


def test_sigv2_default_presigned_put_and_get(sandbox, photo_bucket):
    s3 = sandbox.client()  # Debian's boto3 presigns with SigV2 by default
    url = presigned_put(s3, photo_bucket, "v2.txt", ContentType="text/plain")
    assert "AWSAccessKeyId=" in url and "Signature=" in url
    r = requests.put(url, data=b"v2 body", headers={"Content-Type": "text/plain"})
    assert r.status_code == 200, r.text
    get = s3.generate_presigned_url("get_object", Params={"Bucket": photo_bucket, "Key": "v2.txt"})
    assert requests.get(get).content == b"v2 body"


def test_v4_get_with_response_overrides(v4, photo_bucket):
    v4.put_object(Bucket=photo_bucket, Key="o.txt", Body=b"override me")
    url = v4.generate_presigned_url("get_object", Params={
        "Bucket": photo_bucket, "Key": "o.txt", "ResponseContentType": "text/x-over",
        "ResponseContentDisposition": "attachment"})
    r = requests.get(url)
    assert r.status_code == 200
    assert r.headers["Content-Type"] == "text/x-over"
    assert r.headers["Content-Disposition"] == "attachment"


@pytest.mark.parametrize("client_kind", ["v4", "v2"])
def test_tampered_signature_is_signature_does_not_match(sandbox, v4, photo_bucket, client_kind):
    client = v4 if client_kind == "v4" else sandbox.client()
    v4.put_object(Bucket=photo_bucket, Key="t.txt", Body=b"t")
    url = client.generate_presigned_url("get_object", Params={"Bucket": photo_bucket, "Key": "t.txt"})
    name = "X-Amz-Signature=" if client_kind == "v4" else "Signature="
    head, sig = url.split(name, 1)
    sig, _, rest = sig.partition("&")
    tampered = head + name + ("0" * len(sig) if client_kind == "v4" else "AAAA" + sig[4:]) + (
        "&" + rest if rest else "")
    r = requests.get(tampered)
    assert r.status_code == 403
    assert error_parts(r)["Code"] == "SignatureDoesNotMatch"


def test_unknown_access_key_is_invalid_access_key_id(sandbox, photo_bucket):
    stranger = boto3.client("s3", endpoint_url=sandbox.endpoint, aws_access_key_id="AKIDUNKNOWN",
                            aws_secret_access_key="whatever", region_name="us-east-1",
                            config=Config(signature_version="s3v4", s3={"addressing_style": "path"}))
    url = stranger.generate_presigned_url("get_object", Params={"Bucket": photo_bucket, "Key": "k"})
    r = requests.get(url)
    assert r.status_code == 403
    error = error_parts(r)
    assert error["Code"] == "InvalidAccessKeyId"
    assert error["AWSAccessKeyId"] == "AKIDUNKNOWN"


def test_url_presigned_for_get_used_for_put_names_the_method(v4, photo_bucket):
    url = v4.generate_presigned_url("get_object", Params={"Bucket": photo_bucket, "Key": "m.txt"})
    r = requests.put(url, data=b"sneaky")
    assert r.status_code == 403
    assert "GET" in r.headers["x-s3sandbox-diagnosis"]


def test_expired_url_via_clock_offset(sandbox, v4, photo_bucket):
    v4.put_object(Bucket=photo_bucket, Key="e.txt", Body=b"e")
    url = v4.generate_presigned_url("get_object", Params={"Bucket": photo_bucket, "Key": "e.txt"},
                                    ExpiresIn=60)
    assert requests.get(url).status_code == 200
    try:
        assert requests.put(sandbox.endpoint + "/_sandbox/clock?offset=%2B61s").status_code == 200
        r = requests.get(url)
        assert r.status_code == 403
        error = error_parts(r)
        assert error["Code"] == "AccessDenied"
        assert error["Message"].split(" [s3sandbox: ")[0] == "Request has expired"
        assert error["X-Amz-Expires"] == "60"
        assert "Expires" in error and "ServerTime" in error
        assert "expired" in r.headers["x-s3sandbox-diagnosis"]
    finally:
        requests.put(sandbox.endpoint + "/_sandbox/clock?offset=0")
    assert requests.get(url).status_code == 200


def test_url_signed_for_another_host_alias_is_diagnosed(start_sandbox):
    sandbox = start_sandbox("--host-alias", "minio:9000")
    setup = sandbox.client(signature_version="s3v4")
    setup.create_bucket(Bucket="aliased")
    setup.put_object(Bucket="aliased", Key="k", Body=b"k")
    signer = boto3.client("s3", endpoint_url="http://minio:9000", aws_access_key_id=ACCESS_KEY,
                          aws_secret_access_key=SECRET_KEY, region_name="us-east-1",
                          config=Config(signature_version="s3v4", s3={"addressing_style": "path"}))
    url = signer.generate_presigned_url("get_object", Params={"Bucket": "aliased", "Key": "k"})
    r = requests.get(url.replace("http://minio:9000", sandbox.endpoint))
    assert r.status_code == 403
    assert error_parts(r)["Code"] == "SignatureDoesNotMatch"
    assert "minio:9000" in r.headers["x-s3sandbox-diagnosis"]


def test_warn_mode_lets_a_bad_signature_through_but_says_so(start_sandbox):
    sandbox = start_sandbox("--auth", "warn")
    s3 = sandbox.client(signature_version="s3v4")
    s3.create_bucket(Bucket="warned")
    s3.put_object(Bucket="warned", Key="k", Body=b"k")
    url = s3.generate_presigned_url("get_object", Params={"Bucket": "warned", "Key": "k"})
    r = requests.get(url.replace("X-Amz-Signature=", "X-Amz-Signature=0"))
    assert r.status_code == 200
    assert "SignatureDoesNotMatch" in r.headers["x-s3sandbox-diagnosis"]
    assert sandbox.wait_for_log("SignatureDoesNotMatch"), sandbox.log_tail()


def test_anonymous_request_is_access_denied(sandbox, photo_bucket):
    r = requests.get(f"{sandbox.endpoint}/{photo_bucket}/anything")
    assert r.status_code == 403
    assert error_parts(r)["Code"] == "AccessDenied"


def test_several_credentials_and_sigv2_header_auth(start_sandbox):
    sandbox = start_sandbox("--credential", "alice:alice-secret", "--credential", "bob:bob-secret")
    for key, secret, version in [("alice", "alice-secret", "s3"), ("bob", "bob-secret", "s3v4")]:
        s3 = boto3.client("s3", endpoint_url=sandbox.endpoint, aws_access_key_id=key,
                          aws_secret_access_key=secret, region_name="us-east-1",
                          config=Config(signature_version=version,
                                        s3={"addressing_style": "path"}))
        s3.create_bucket(Bucket="cred-" + key)
        s3.put_object(Bucket="cred-" + key, Key="k", Body=key.encode())
        assert s3.get_object(Bucket="cred-" + key, Key="k")["Body"].read() == key.encode()
    default = sandbox.client()
    with pytest.raises(Exception) as e:
        default.list_buckets()
    assert e.value.response["Error"]["Code"] == "InvalidAccessKeyId"


def test_wrong_region_is_authorization_header_malformed(sandbox):
    s3 = sandbox.client(signature_version="s3v4", region="eu-west-1")
    with pytest.raises(Exception) as e:
        s3.list_buckets()
    error = e.value.response["Error"]
    assert error["Code"] == "AuthorizationHeaderMalformed"
    assert "us-east-1" in error["Message"]


def tamper_body_after_signing(client, operation, new_body):
    def swap(request, **kwargs):
        request.body = new_body
        request.headers["Content-Length"] = str(len(new_body))
    client.meta.events.register(f"before-send.s3.{operation}", swap)
    return swap


def test_body_changed_after_signing_is_sha256_mismatch_and_stores_nothing(sandbox, photo_bucket):
    s3 = sandbox.client(signature_version="s3v4")
    tamper_body_after_signing(s3, "PutObject", b"not what was signed")
    with pytest.raises(Exception) as e:
        s3.put_object(Bucket=photo_bucket, Key="tampered", Body=b"what was signed!!!!")
    assert e.value.response["Error"]["Code"] == "XAmzContentSHA256Mismatch"
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    clean = sandbox.client(signature_version="s3v4")
    with pytest.raises(Exception) as e:
        clean.head_object(Bucket=photo_bucket, Key="tampered")
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404


def test_delete_document_changed_after_signing_is_refused(sandbox, photo_bucket):
    clean = sandbox.client(signature_version="s3v4")
    clean.put_object(Bucket=photo_bucket, Key="keep-me", Body=b"k")
    s3 = sandbox.client(signature_version="s3v4")
    forged = (b'<Delete xmlns="http://s3.amazonaws.com/doc/2006-03-01/">'
              b"<Object><Key>keep-me</Key></Object></Delete>")
    tamper_body_after_signing(s3, "DeleteObjects", forged)
    with pytest.raises(Exception) as e:
        s3.delete_objects(Bucket=photo_bucket, Delete={"Objects": [{"Key": "other"}]})
    assert e.value.response["Error"]["Code"] == "XAmzContentSHA256Mismatch"
    assert clean.get_object(Bucket=photo_bucket, Key="keep-me")["Body"].read() == b"k"


def test_sigv2_default_put_without_signed_content_type_is_refused_naming_it(sandbox, photo_bucket):
    s3 = sandbox.client()  # boto3's default presigning: SigV2
    url = presigned_put(s3, photo_bucket, "v2-typed.jpg", ContentType="image/jpeg",
                        ContentDisposition="inline")
    refused = requests.put(url, data=b"jpeg")
    assert refused.status_code == 403
    assert error_parts(refused)["Code"] == "SignatureDoesNotMatch"
    assert "content-type" in refused.headers["x-s3sandbox-diagnosis"]
    accepted = requests.put(url, data=b"jpeg", headers={"Content-Type": "image/jpeg"})
    assert accepted.status_code == 200, accepted.text
    assert s3.head_object(Bucket=photo_bucket, Key="v2-typed.jpg")["ContentType"] == "image/jpeg"


@pytest.mark.parametrize("client_kind", ["v4", "v2"])
def test_presigned_head_delete_and_list(sandbox, v4, photo_bucket, client_kind):
    client = v4 if client_kind == "v4" else sandbox.client()
    v4.put_object(Bucket=photo_bucket, Key="ops/one.txt", Body=b"one")
    head = client.generate_presigned_url("head_object",
                                         Params={"Bucket": photo_bucket, "Key": "ops/one.txt"})
    r = requests.head(head)
    assert r.status_code == 200
    assert r.headers["Content-Length"] == "3"
    if client_kind == "v4":  # botocore's SigV2 list URLs are signed wrongly (boto/boto3#4433)
        listing = client.generate_presigned_url("list_objects_v2",
                                                Params={"Bucket": photo_bucket, "Prefix": "ops/"})
        r = requests.get(listing)
        assert r.status_code == 200
        assert b"<Key>ops/one.txt</Key>" in r.content
    delete = client.generate_presigned_url("delete_object",
                                           Params={"Bucket": photo_bucket, "Key": "ops/one.txt"})
    assert requests.delete(delete).status_code == 204
    assert requests.head(head).status_code == 404


def test_presigned_create_multipart_upload_works_and_a_tampered_one_does_not(v4, photo_bucket):
    url = v4.generate_presigned_url("create_multipart_upload",
                                    Params={"Bucket": photo_bucket, "Key": "big.bin"})
    r = requests.post(url)
    assert r.status_code == 200, r.text
    assert b"<UploadId>" in r.content
    tampered = url.replace("X-Amz-Signature=", "X-Amz-Signature=0")
    assert requests.post(tampered).status_code == 403
