"""Presigned URLs and SSE-C, over HTTPS as S3 requires (no --allow-ssec-over-http): the User
Guide's "Presigned URLs and SSE-C" has the presigned URL's signature cover the SSE-C algorithm
and the client send all the encryption headers. boto3's SigV4 presigner (generate_presigned_url
with SSECustomerAlgorithm and SSECustomerKey) puts the three headers in X-Amz-SignedHeaders,
never the key in the URL; requests then sends them. Each way of getting it wrong is refused with
a diagnosis that says what to change: the URL without its headers, headers the URL did not
sign, and the key in the query string (boto3's SigV2 presigner)."""
import base64
import hashlib
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from conftest import sandbox_fixture, unique_bucket_name
from test_https import ALLOW_SSEC, signed

s3sandbox = sandbox_fixture(tls=True)

KEY = bytes(range(32))
KEY_HEADERS = {
    "x-amz-server-side-encryption-customer-algorithm": "AES256",
    "x-amz-server-side-encryption-customer-key": base64.b64encode(KEY).decode(),
    "x-amz-server-side-encryption-customer-key-MD5":
        base64.b64encode(hashlib.md5(KEY).digest()).decode(),
}
SSEC_PARAMS = {"SSECustomerAlgorithm": "AES256", "SSECustomerKey": KEY}


@pytest.fixture
def ssec_bucket(s3, sandbox):
    name = unique_bucket_name("ssec-url")
    s3.create_bucket(Bucket=name)
    r = signed("PUT", f"{sandbox.tls_endpoint}/{name}?encryption", ALLOW_SSEC,
               verify=sandbox.ca_bundle)
    assert r.status_code == 200, r.text
    return name


def presign(sandbox, method, bucket, key, version="s3v4", **params):
    client = sandbox.client(signature_version=version)
    return client.generate_presigned_url(method, Params={"Bucket": bucket, "Key": key, **params},
                                         ExpiresIn=300)


def test_boto3_presigned_put_get_head_with_the_key_headers(sandbox, s3, ssec_bucket):
    put = presign(sandbox, "put_object", ssec_bucket, "doc.txt", **SSEC_PARAMS)
    assert put.startswith("https://")
    query = parse_qs(urlsplit(put).query)
    assert "x-amz-server-side-encryption-customer-key" in query["X-Amz-SignedHeaders"][0]
    assert KEY_HEADERS["x-amz-server-side-encryption-customer-key"] not in put  # not in the URL
    r = requests.put(put, data=b"sealed", headers=KEY_HEADERS, verify=sandbox.ca_bundle)
    assert r.status_code == 200, r.text
    assert r.headers["x-amz-server-side-encryption-customer-algorithm"] == "AES256"

    get = presign(sandbox, "get_object", ssec_bucket, "doc.txt", **SSEC_PARAMS)
    r = requests.get(get, headers=KEY_HEADERS, verify=sandbox.ca_bundle)
    assert r.status_code == 200 and r.content == b"sealed"
    head = presign(sandbox, "head_object", ssec_bucket, "doc.txt", **SSEC_PARAMS)
    assert requests.head(head, headers=KEY_HEADERS, verify=sandbox.ca_bundle).status_code == 200
    # The object needs the key: boto3 with it reads it, without it is refused.
    assert s3.get_object(Bucket=ssec_bucket, Key="doc.txt", **SSEC_PARAMS)["Body"].read() == \
        b"sealed"


def test_the_url_without_its_headers_says_to_send_them(sandbox, s3, ssec_bucket):
    s3.put_object(Bucket=ssec_bucket, Key="doc.txt", Body=b"sealed", **SSEC_PARAMS)
    get = presign(sandbox, "get_object", ssec_bucket, "doc.txt", **SSEC_PARAMS)
    r = requests.get(get, verify=sandbox.ca_bundle)  # as a browser's address bar would
    assert r.status_code == 403, r.text
    assert "<Code>SignatureDoesNotMatch</Code>" in r.text
    why = r.headers["x-s3sandbox-diagnosis"]
    assert "x-amz-server-side-encryption-customer-key" in why
    assert "A URL presigned for SSE-C is used with the key" in why


def test_key_headers_the_url_does_not_sign_are_headers_not_signed(sandbox, s3, ssec_bucket):
    s3.put_object(Bucket=ssec_bucket, Key="doc.txt", Body=b"sealed", **SSEC_PARAMS)
    get = presign(sandbox, "get_object", ssec_bucket, "doc.txt")  # presigned without the key
    r = requests.get(get, headers=KEY_HEADERS, verify=sandbox.ca_bundle)
    assert r.status_code == 403, r.text
    assert "<Code>AccessDenied</Code>" in r.text
    assert "There were headers present in the request which were not signed" in r.text
    assert "<HeadersNotSigned>" in r.text
    assert "SSECustomerKey in generate_presigned_url's Params" in \
        r.headers["x-s3sandbox-diagnosis"]


def test_the_key_in_the_query_string_is_refused_saying_what_to_change(sandbox, s3, ssec_bucket):
    # boto3's SigV2 presigner moves every x-amz-* header into the query, the key with them.
    put = presign(sandbox, "put_object", ssec_bucket, "v2.txt", version="s3", **SSEC_PARAMS)
    assert "x-amz-server-side-encryption-customer-key=" in put
    r = requests.put(put, data=b"sealed", verify=sandbox.ca_bundle)
    assert r.status_code == 400, r.text
    assert "<Code>InvalidRequest</Code>" in r.text
    why = r.headers["x-s3sandbox-diagnosis"]
    assert "X-Amz-SignedHeaders" in why and "signature_version='s3v4'" in why
    assert "treat that key as exposed" in why
    listed = s3.list_objects_v2(Bucket=ssec_bucket)
    assert "Contents" not in listed  # never stored unencrypted
