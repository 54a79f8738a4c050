"""Server-side encryption with boto3 and the aws CLI (issue #17, part 5): SSE-S3 named on every
PUT, GET, HEAD, copy and multipart answer; SSE-KMS accepted and echoed; the bucket's default
encryption (Put/Get/DeleteBucketEncryption); SSE-C with S3's April 2026 default (blocked on new
buckets until PutBucketEncryption unblocks it), its key checks on PUT, UploadPart, presigned PUT,
GET, HEAD and copies, and its refusal over plain HTTP unless --allow-ssec-over-http.
boto3 1.26 does not know BlockedEncryptionTypes, so unblocking SSE-C is sent as a signed raw
request (aws-sdk-js sends it natively: tests/e2e/js/encryption.test.mjs).
"""
import base64
import hashlib
import os

import pytest
import requests
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from botocore.exceptions import ClientError

from conftest import ACCESS_KEY, REGION, SECRET_KEY, error_code, headers_of, sandbox_fixture, \
    status_of, unique_bucket_name

ALLOW_SSEC = (b"<ServerSideEncryptionConfiguration><Rule><ApplyServerSideEncryptionByDefault>"
              b"<SSEAlgorithm>AES256</SSEAlgorithm></ApplyServerSideEncryptionByDefault>"
              b"<BlockedEncryptionTypes><EncryptionType>NONE</EncryptionType>"
              b"</BlockedEncryptionTypes></Rule></ServerSideEncryptionConfiguration>")
KEY = bytes(range(32))
OTHER_KEY = bytes(range(1, 33))


def signed(method, url, body=b"", headers=None):
    """A request signed with SigV4 by botocore, sent with requests."""
    headers = dict(headers or {})
    headers["x-amz-content-sha256"] = hashlib.sha256(body).hexdigest()
    if body:
        headers["Content-MD5"] = base64.b64encode(hashlib.md5(body).digest()).decode()
    request = AWSRequest(method=method, url=url, data=body, headers=headers)
    SigV4Auth(Credentials(ACCESS_KEY, SECRET_KEY), "s3", REGION).add_auth(request)
    return requests.request(method, url, data=body, headers=dict(request.headers.items()))


def allow_ssec(endpoint, bucket):
    r = signed("PUT", f"{endpoint}/{bucket}?encryption", ALLOW_SSEC)
    assert r.status_code == 200, r.text


ssec_sandbox = sandbox_fixture("--allow-ssec-over-http")


@pytest.fixture
def ssec_bucket(ssec_sandbox):
    s3 = ssec_sandbox.client()
    name = unique_bucket_name("ssec")
    s3.create_bucket(Bucket=name)
    allow_ssec(ssec_sandbox.endpoint, name)
    return s3, name


def test_sse_s3_is_named_on_every_answer(s3, bucket):
    put = s3.put_object(Bucket=bucket, Key="a", Body=b"a")
    assert put["ServerSideEncryption"] == "AES256"
    assert s3.get_object(Bucket=bucket, Key="a")["ServerSideEncryption"] == "AES256"
    assert s3.head_object(Bucket=bucket, Key="a")["ServerSideEncryption"] == "AES256"
    copied = s3.copy_object(Bucket=bucket, Key="b", CopySource={"Bucket": bucket, "Key": "a"})
    assert copied["ServerSideEncryption"] == "AES256"
    mpu = s3.create_multipart_upload(Bucket=bucket, Key="m")
    assert mpu["ServerSideEncryption"] == "AES256"
    part = s3.upload_part(Bucket=bucket, Key="m", UploadId=mpu["UploadId"], PartNumber=1,
                          Body=b"p")
    assert part["ServerSideEncryption"] == "AES256"
    done = s3.complete_multipart_upload(
        Bucket=bucket, Key="m", UploadId=mpu["UploadId"],
        MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": part["ETag"]}]})
    assert done["ServerSideEncryption"] == "AES256"


def test_sse_kms_is_accepted_and_echoed(s3, bucket):
    put = s3.put_object(Bucket=bucket, Key="k", Body=b"k", ServerSideEncryption="aws:kms",
                        BucketKeyEnabled=True)
    assert put["ServerSideEncryption"] == "aws:kms"
    assert put["SSEKMSKeyId"].startswith("arn:aws:kms:us-east-1:")
    assert put["BucketKeyEnabled"] is True
    head = s3.head_object(Bucket=bucket, Key="k")
    assert head["SSEKMSKeyId"] == put["SSEKMSKeyId"]
    named = s3.put_object(Bucket=bucket, Key="n", Body=b"n", ServerSideEncryption="aws:kms",
                          SSEKMSKeyId="1234abcd-12ab-34cd-56ef-1234567890ab")
    assert named["SSEKMSKeyId"].endswith(":key/1234abcd-12ab-34cd-56ef-1234567890ab")
    with pytest.raises(ClientError) as e:
        s3.put_object(Bucket=bucket, Key="x", Body=b"x", SSEKMSKeyId="abc")
    assert error_code(e.value) == "InvalidArgument"


def test_bucket_encryption_put_get_delete(s3, bucket, aws):
    got = s3.get_bucket_encryption(Bucket=bucket)["ServerSideEncryptionConfiguration"]
    assert got["Rules"][0]["ApplyServerSideEncryptionByDefault"]["SSEAlgorithm"] == "AES256"
    s3.put_bucket_encryption(Bucket=bucket, ServerSideEncryptionConfiguration={"Rules": [{
        "ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms",
                                               "KMSMasterKeyID": "my-key"},
        "BucketKeyEnabled": True}]})
    rule = s3.get_bucket_encryption(Bucket=bucket)["ServerSideEncryptionConfiguration"]["Rules"][0]
    assert rule["ApplyServerSideEncryptionByDefault"] == {"SSEAlgorithm": "aws:kms",
                                                          "KMSMasterKeyID": "my-key"}
    assert rule["BucketKeyEnabled"] is True
    put = s3.put_object(Bucket=bucket, Key="d", Body=b"d")
    assert put["ServerSideEncryption"] == "aws:kms"
    assert put["SSEKMSKeyId"].endswith(":key/my-key")
    out = aws("s3api", "get-bucket-encryption", "--bucket", bucket).stdout
    assert "aws:kms" in out
    aws("s3api", "delete-bucket-encryption", "--bucket", bucket)
    assert s3.put_object(Bucket=bucket, Key="d", Body=b"d")["ServerSideEncryption"] == "AES256"
    with pytest.raises(ClientError) as e:
        s3.put_bucket_encryption(Bucket=bucket, ServerSideEncryptionConfiguration={"Rules": [{
            "ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256",
                                                   "KMSMasterKeyID": "k"}}]})
    assert error_code(e.value) == "InvalidArgument"


def test_sse_c_is_blocked_on_a_new_bucket(ssec_sandbox):
    s3 = ssec_sandbox.client()
    name = unique_bucket_name("ssec")
    s3.create_bucket(Bucket=name)
    r = signed("GET", f"{ssec_sandbox.endpoint}/{name}?encryption")
    assert "<EncryptionType>SSE-C</EncryptionType>" in r.text
    with pytest.raises(ClientError) as e:
        s3.put_object(Bucket=name, Key="c", Body=b"c", SSECustomerAlgorithm="AES256",
                      SSECustomerKey=KEY)
    assert status_of(e.value) == 403
    assert error_code(e.value) == "AccessDenied"
    assert "BlockedEncryptionTypes" in headers_of(e.value)["x-s3sandbox-diagnosis"]


def test_sse_c_put_get_head_with_the_key_only(ssec_bucket):
    s3, bucket = ssec_bucket
    put = s3.put_object(Bucket=bucket, Key="c", Body=b"secret", SSECustomerAlgorithm="AES256",
                        SSECustomerKey=KEY)
    assert put["SSECustomerAlgorithm"] == "AES256"
    assert put["SSECustomerKeyMD5"] == base64.b64encode(hashlib.md5(KEY).digest()).decode()
    assert "ServerSideEncryption" not in put
    got = s3.get_object(Bucket=bucket, Key="c", SSECustomerAlgorithm="AES256",
                        SSECustomerKey=KEY)
    assert got["Body"].read() == b"secret"
    head = s3.head_object(Bucket=bucket, Key="c", SSECustomerAlgorithm="AES256",
                          SSECustomerKey=KEY)
    assert head["SSECustomerKeyMD5"] == put["SSECustomerKeyMD5"]
    with pytest.raises(ClientError) as e:
        s3.get_object(Bucket=bucket, Key="c")
    assert status_of(e.value) == 400 and error_code(e.value) == "InvalidRequest"
    with pytest.raises(ClientError) as e:
        s3.head_object(Bucket=bucket, Key="c")
    assert status_of(e.value) == 400
    with pytest.raises(ClientError) as e:
        s3.get_object(Bucket=bucket, Key="c", SSECustomerAlgorithm="AES256",
                      SSECustomerKey=OTHER_KEY)
    assert status_of(e.value) == 403
    # A wrong MD5 is refused on the way in (boto3 computes the right one itself).
    endpoint = s3.meta.endpoint_url
    r = signed("PUT", f"{endpoint}/{bucket}/c2", b"x", {
        "x-amz-server-side-encryption-customer-algorithm": "AES256",
        "x-amz-server-side-encryption-customer-key": base64.b64encode(KEY).decode(),
        "x-amz-server-side-encryption-customer-key-MD5": base64.b64encode(b"0" * 16).decode()})
    assert r.status_code == 400 and "<Code>InvalidArgument</Code>" in r.text


def test_sse_c_copy_and_multipart(ssec_bucket):
    s3, bucket = ssec_bucket
    s3.put_object(Bucket=bucket, Key="src", Body=b"source", SSECustomerAlgorithm="AES256",
                  SSECustomerKey=KEY)
    with pytest.raises(ClientError) as e:
        s3.copy_object(Bucket=bucket, Key="dst", CopySource={"Bucket": bucket, "Key": "src"})
    assert error_code(e.value) == "InvalidRequest"
    s3.copy_object(Bucket=bucket, Key="dst", CopySource={"Bucket": bucket, "Key": "src"},
                   CopySourceSSECustomerAlgorithm="AES256", CopySourceSSECustomerKey=KEY,
                   SSECustomerAlgorithm="AES256", SSECustomerKey=OTHER_KEY)
    got = s3.get_object(Bucket=bucket, Key="dst", SSECustomerAlgorithm="AES256",
                        SSECustomerKey=OTHER_KEY)
    assert got["Body"].read() == b"source"

    mpu = s3.create_multipart_upload(Bucket=bucket, Key="m", SSECustomerAlgorithm="AES256",
                                     SSECustomerKey=KEY)
    with pytest.raises(ClientError) as e:
        s3.upload_part(Bucket=bucket, Key="m", UploadId=mpu["UploadId"], PartNumber=1, Body=b"p")
    assert error_code(e.value) == "InvalidRequest"
    part = s3.upload_part(Bucket=bucket, Key="m", UploadId=mpu["UploadId"], PartNumber=1,
                          Body=b"p", SSECustomerAlgorithm="AES256", SSECustomerKey=KEY)
    s3.complete_multipart_upload(Bucket=bucket, Key="m", UploadId=mpu["UploadId"],
                                 MultipartUpload={"Parts": [{"PartNumber": 1,
                                                             "ETag": part["ETag"]}]})
    with pytest.raises(ClientError):
        s3.get_object(Bucket=bucket, Key="m")
    assert s3.get_object(Bucket=bucket, Key="m", SSECustomerAlgorithm="AES256",
                         SSECustomerKey=KEY)["Body"].read() == b"p"


def test_sse_c_presigned_put_needs_the_headers(ssec_sandbox, ssec_bucket):
    _, bucket = ssec_bucket
    s3 = ssec_sandbox.client(signature_version="s3v4")
    url = s3.generate_presigned_url("put_object", Params={
        "Bucket": bucket, "Key": "p", "SSECustomerAlgorithm": "AES256", "SSECustomerKey": KEY})
    key_headers = {
        "x-amz-server-side-encryption-customer-algorithm": "AES256",
        "x-amz-server-side-encryption-customer-key": base64.b64encode(KEY).decode(),
        "x-amz-server-side-encryption-customer-key-MD5":
            base64.b64encode(hashlib.md5(KEY).digest()).decode(),
    }
    assert requests.put(url, data=b"presigned", headers=key_headers).status_code == 200
    assert s3.get_object(Bucket=bucket, Key="p", SSECustomerAlgorithm="AES256",
                         SSECustomerKey=KEY)["Body"].read() == b"presigned"
    # Without the headers the signature (which covers them) does not hold.
    assert requests.put(url, data=b"presigned").status_code == 403
    # boto3's SigV2 presigner puts the key in the query, where S3 does not read it: refused,
    # never stored unencrypted.
    v2 = ssec_bucket[0].generate_presigned_url("put_object", Params={
        "Bucket": bucket, "Key": "v2", "SSECustomerAlgorithm": "AES256", "SSECustomerKey": KEY})
    r = requests.put(v2, data=b"x")
    assert r.status_code == 400, r.text
    assert "query" in r.headers["x-s3sandbox-diagnosis"]


def test_sse_c_over_plain_http_is_refused_naming_the_flag(sandbox, s3, bucket):
    allow_ssec(sandbox.endpoint, bucket)
    with pytest.raises(ClientError) as e:
        s3.put_object(Bucket=bucket, Key="c", Body=b"c", SSECustomerAlgorithm="AES256",
                      SSECustomerKey=KEY)
    assert status_of(e.value) == 400
    assert error_code(e.value) == "InvalidRequest"
    assert "--allow-ssec-over-http" in headers_of(e.value)["x-s3sandbox-diagnosis"]
