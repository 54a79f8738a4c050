"""No silent acceptance (issue #17, part 8) and Content-Encoding fidelity (part 10), with boto3
and the aws CLI: every header that asks for something s3sandbox does not do is refused with S3's
answer and a diagnosis naming it; the headers S3 simply accepts are accepted (and
x-amz-website-redirect-location is stored and returned). SSE-C key headers are no longer dropped:
see test_encryption.py.
"""
import datetime
import hashlib

import pytest
from botocore.exceptions import ClientError

from conftest import ACCESS_KEY, error_code, headers_of, status_of, unique_bucket_name


def account_id(access_key):
    """s3sandbox's account id for an access key (app/accounts.cpp), the one policies name."""
    digest = hashlib.sha256(f"s3sandbox-account:{access_key}".encode()).hexdigest()
    return f"{int(digest[:15], 16) % 10**12:012d}"


def test_object_lock_headers_on_put_are_refused(s3, bucket):
    with pytest.raises(ClientError) as e:
        s3.put_object(Bucket=bucket, Key="locked", Body=b"x", ObjectLockMode="GOVERNANCE",
                      ObjectLockRetainUntilDate=datetime.datetime(2030, 1, 1))
    assert status_of(e.value) == 400
    assert error_code(e.value) == "InvalidRequest"
    message = e.value.response["Error"]["Message"]
    assert message.split(" [s3sandbox: ")[0] == "Bucket is missing ObjectLockConfiguration"
    assert "x-amz-object-lock-mode" in headers_of(e.value)["x-s3sandbox-diagnosis"]
    with pytest.raises(ClientError) as e:
        s3.put_object(Bucket=bucket, Key="held", Body=b"x", ObjectLockLegalHoldStatus="ON")
    assert error_code(e.value) == "InvalidRequest"
    with pytest.raises(ClientError) as e:
        s3.create_multipart_upload(Bucket=bucket, Key="m", ObjectLockLegalHoldStatus="ON")
    assert error_code(e.value) == "InvalidRequest"
    assert s3.list_objects_v2(Bucket=bucket)["KeyCount"] == 0


@pytest.mark.parametrize("param,header,value", [
    ("ObjectLockMode", "x-amz-object-lock-mode", "COMPLIANCE"),
    ("ObjectLockRetainUntilDate", "x-amz-object-lock-retain-until-date",
     datetime.datetime(2030, 1, 1)),
    ("ObjectLockLegalHoldStatus", "x-amz-object-lock-legal-hold", "ON"),
])
def test_each_object_lock_header_alone_is_refused_on_put_and_copy(s3, bucket, param, header,
                                                                   value):
    """One test per header issue #17 part 8 found dropped: each alone is refused, naming it."""
    with pytest.raises(ClientError) as e:
        s3.put_object(Bucket=bucket, Key="one", Body=b"x", **{param: value})
    assert (status_of(e.value), error_code(e.value)) == (400, "InvalidRequest")
    assert header in headers_of(e.value)["x-s3sandbox-diagnosis"]
    s3.put_object(Bucket=bucket, Key="src", Body=b"x")
    with pytest.raises(ClientError) as e:
        s3.copy_object(Bucket=bucket, Key="copy", CopySource={"Bucket": bucket, "Key": "src"},
                       **{param: value})
    assert (status_of(e.value), error_code(e.value)) == (400, "InvalidRequest")
    assert [o["Key"] for o in s3.list_objects_v2(Bucket=bucket)["Contents"]] == ["src"]


def test_create_bucket_with_object_lock_is_not_implemented(s3, aws):
    name = unique_bucket_name()
    with pytest.raises(ClientError) as e:
        s3.create_bucket(Bucket=name, ObjectLockEnabledForBucket=True)
    assert status_of(e.value) == 501
    assert error_code(e.value) == "NotImplemented"
    assert "x-amz-bucket-object-lock-enabled" in headers_of(e.value)["x-s3sandbox-diagnosis"]
    with pytest.raises(ClientError):
        s3.head_bucket(Bucket=name)
    result = aws("s3api", "create-bucket", "--bucket", name, "--object-lock-enabled-for-bucket",
                 check=False)
    assert result.returncode != 0
    assert "NotImplemented" in result.stderr


def test_expected_bucket_owner(s3, bucket):
    owner = account_id(ACCESS_KEY)
    s3.put_object(Bucket=bucket, Key="k", Body=b"x", ExpectedBucketOwner=owner)
    assert s3.head_object(Bucket=bucket, Key="k", ExpectedBucketOwner=owner)["ContentLength"] == 1
    with pytest.raises(ClientError) as e:
        s3.get_object(Bucket=bucket, Key="k", ExpectedBucketOwner="111122223333")
    assert status_of(e.value) == 403
    assert error_code(e.value) == "AccessDenied"
    assert owner in headers_of(e.value)["x-s3sandbox-diagnosis"]
    with pytest.raises(ClientError) as e:
        s3.list_objects_v2(Bucket=bucket, ExpectedBucketOwner="111122223333")
    assert error_code(e.value) == "AccessDenied"
    with pytest.raises(ClientError) as e:
        s3.copy_object(Bucket=bucket, Key="c", CopySource={"Bucket": bucket, "Key": "k"},
                       ExpectedSourceBucketOwner="111122223333")
    assert error_code(e.value) == "AccessDenied"


def test_request_payer_is_accepted(s3, bucket, aws):
    s3.put_object(Bucket=bucket, Key="k", Body=b"x", RequestPayer="requester")
    assert s3.get_object(Bucket=bucket, Key="k", RequestPayer="requester")["Body"].read() == b"x"
    aws("s3api", "head-object", "--bucket", bucket, "--key", "k", "--request-payer", "requester")


def test_website_redirect_location_is_stored_and_returned(s3, bucket, aws):
    s3.put_object(Bucket=bucket, Key="old.html", Body=b"", WebsiteRedirectLocation="/new.html")
    assert s3.head_object(Bucket=bucket, Key="old.html")["WebsiteRedirectLocation"] == "/new.html"
    assert s3.get_object(Bucket=bucket, Key="old.html")["WebsiteRedirectLocation"] == "/new.html"
    s3.copy_object(Bucket=bucket, Key="copy.html", CopySource={"Bucket": bucket, "Key": "old.html"})
    assert s3.head_object(Bucket=bucket, Key="copy.html")["WebsiteRedirectLocation"] == "/new.html"
    aws("s3api", "put-object", "--bucket", bucket, "--key", "cli.html",
        "--website-redirect-location", "https://example.com/")
    assert (s3.head_object(Bucket=bucket, Key="cli.html")["WebsiteRedirectLocation"]
            == "https://example.com/")
    with pytest.raises(ClientError) as e:
        s3.put_object(Bucket=bucket, Key="bad", Body=b"", WebsiteRedirectLocation="new.html")
    assert error_code(e.value) == "InvalidArgument"


def test_content_encoding_comes_back_exactly_as_sent(s3, bucket):
    s3.put_object(Bucket=bucket, Key="z", Body=b"x", ContentEncoding="deflate, gzip")
    assert s3.head_object(Bucket=bucket, Key="z")["ContentEncoding"] == "deflate, gzip"
    mpu = s3.create_multipart_upload(Bucket=bucket, Key="m", ContentEncoding="gzip,  br")
    part = s3.upload_part(Bucket=bucket, Key="m", UploadId=mpu["UploadId"], PartNumber=1,
                          Body=b"p")
    s3.complete_multipart_upload(Bucket=bucket, Key="m", UploadId=mpu["UploadId"],
                                 MultipartUpload={"Parts": [{"PartNumber": 1,
                                                             "ETag": part["ETag"]}]})
    assert s3.head_object(Bucket=bucket, Key="m")["ContentEncoding"] == "gzip,  br"
