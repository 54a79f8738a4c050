"""Object operations with boto3: round trips, metadata, keys, ranges, conditionals, copy, delete."""
import datetime
import hashlib
import os

import pytest
import requests
from botocore.exceptions import ClientError

from conftest import error_code, status_of


def md5_etag(data):
    return '"' + hashlib.md5(data).hexdigest() + '"'


def test_round_trip_bytes_and_etag(s3, bucket):
    data = os.urandom(100_000)
    put = s3.put_object(Bucket=bucket, Key="blob.bin", Body=data)
    assert put["ETag"] == md5_etag(data)
    got = s3.get_object(Bucket=bucket, Key="blob.bin")
    assert got["Body"].read() == data
    assert got["ETag"] == md5_etag(data)
    assert got["ContentLength"] == len(data)
    assert got["ContentType"] == "binary/octet-stream"


def test_empty_object(s3, bucket):
    put = s3.put_object(Bucket=bucket, Key="empty", Body=b"")
    assert put["ETag"] == '"d41d8cd98f00b204e9800998ecf8427e"'
    assert s3.get_object(Bucket=bucket, Key="empty")["Body"].read() == b""


def test_large_object_round_trip(s3, bucket):
    data = os.urandom(20 * 1024 * 1024)
    s3.put_object(Bucket=bucket, Key="big", Body=data)
    got = s3.get_object(Bucket=bucket, Key="big")["Body"].read()
    assert hashlib.sha256(got).digest() == hashlib.sha256(data).digest()


def test_content_headers_and_metadata_round_trip(s3, bucket):
    expires = datetime.datetime(2030, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc)
    s3.put_object(Bucket=bucket, Key="doc", Body=b"<p>hi</p>", ContentType="text/html",
                  ContentDisposition='attachment; filename="doc.html"', ContentEncoding="identity",
                  ContentLanguage="en-GB", CacheControl="max-age=60", Expires=expires,
                  Metadata={"owner": "Alice", "Project": "x"})
    for response in (s3.get_object(Bucket=bucket, Key="doc"), s3.head_object(Bucket=bucket, Key="doc")):
        assert response["ContentType"] == "text/html"
        assert response["ContentDisposition"] == 'attachment; filename="doc.html"'
        assert response["ContentEncoding"] == "identity"
        assert response["ContentLanguage"] == "en-GB"
        assert response["CacheControl"] == "max-age=60"
        assert response["Expires"] == expires
        assert response["Metadata"] == {"owner": "Alice", "project": "x"}


@pytest.mark.parametrize("key", ["with space.txt", "unicodé/ключ/鍵.txt", "plus+sign", "100%",
                                 "a", "a/b", "../escape", "dir//double", "./dot", "tilde~"])
def test_unusual_keys_round_trip(s3, bucket, key):
    s3.put_object(Bucket=bucket, Key=key, Body=key.encode())
    assert s3.get_object(Bucket=bucket, Key=key)["Body"].read() == key.encode()
    keys = [o["Key"] for o in s3.list_objects_v2(Bucket=bucket)["Contents"]]
    assert keys == [key]


def test_a_and_a_slash_b_coexist(s3, bucket):
    s3.put_object(Bucket=bucket, Key="a", Body=b"1")
    s3.put_object(Bucket=bucket, Key="a/b", Body=b"2")
    assert s3.get_object(Bucket=bucket, Key="a")["Body"].read() == b"1"
    assert s3.get_object(Bucket=bucket, Key="a/b")["Body"].read() == b"2"


def test_missing_key_is_no_such_key_with_key(s3, bucket):
    with pytest.raises(ClientError) as e:
        s3.get_object(Bucket=bucket, Key="nope/x")
    assert error_code(e.value) == "NoSuchKey"
    assert status_of(e.value) == 404
    assert e.value.response["Error"]["Key"] == "nope/x"
    with pytest.raises(ClientError) as e:
        s3.head_object(Bucket=bucket, Key="nope/x")
    assert status_of(e.value) == 404


def test_key_longer_than_1024_bytes_is_refused(s3, bucket):
    with pytest.raises(ClientError) as e:
        s3.put_object(Bucket=bucket, Key="k" * 1025, Body=b"x")
    assert error_code(e.value) == "KeyTooLongError"
    s3.put_object(Bucket=bucket, Key="k" * 1024, Body=b"x")


@pytest.fixture
def digits(s3, bucket):
    s3.put_object(Bucket=bucket, Key="digits", Body=b"0123456789")
    return bucket


@pytest.mark.parametrize("header,body,content_range", [
    ("bytes=0-3", b"0123", "bytes 0-3/10"),
    ("bytes=7-", b"789", "bytes 7-9/10"),
    ("bytes=-2", b"89", "bytes 8-9/10"),
    ("bytes=5-100", b"56789", "bytes 5-9/10"),
])
def test_ranges(s3, digits, header, body, content_range):
    got = s3.get_object(Bucket=digits, Key="digits", Range=header)
    assert got["ResponseMetadata"]["HTTPStatusCode"] == 206
    assert got["Body"].read() == body
    assert got["ContentRange"] == content_range
    assert got["ContentLength"] == len(body)


def test_unsatisfiable_range(s3, digits):
    with pytest.raises(ClientError) as e:
        s3.get_object(Bucket=digits, Key="digits", Range="bytes=10-")
    assert error_code(e.value) == "InvalidRange"
    assert status_of(e.value) == 416
    assert e.value.response["ResponseMetadata"]["HTTPHeaders"]["content-range"] == "bytes */10"


def test_conditionals(s3, digits):
    etag = s3.head_object(Bucket=digits, Key="digits")["ETag"]
    modified = s3.head_object(Bucket=digits, Key="digits")["LastModified"]
    assert s3.get_object(Bucket=digits, Key="digits", IfMatch=etag)["Body"].read() == b"0123456789"
    with pytest.raises(ClientError) as e:
        s3.get_object(Bucket=digits, Key="digits", IfMatch='"0000"')
    assert status_of(e.value) == 412
    assert error_code(e.value) == "PreconditionFailed"
    with pytest.raises(ClientError) as e:
        s3.get_object(Bucket=digits, Key="digits", IfNoneMatch=etag)
    assert status_of(e.value) == 304
    with pytest.raises(ClientError) as e:
        s3.get_object(Bucket=digits, Key="digits", IfModifiedSince=modified)
    assert status_of(e.value) == 304
    earlier = modified - datetime.timedelta(seconds=1)
    assert s3.get_object(Bucket=digits, Key="digits", IfModifiedSince=earlier)["ContentLength"] == 10
    with pytest.raises(ClientError) as e:
        s3.get_object(Bucket=digits, Key="digits", IfUnmodifiedSince=earlier)
    assert status_of(e.value) == 412
    with pytest.raises(ClientError) as e:
        s3.head_object(Bucket=digits, Key="digits", IfNoneMatch=etag)
    assert status_of(e.value) == 304


def test_presigned_get_with_response_overrides(s3, digits):
    url = s3.generate_presigned_url("get_object", Params={
        "Bucket": digits, "Key": "digits", "ResponseContentType": "application/x-digits",
        "ResponseContentDisposition": 'attachment; filename="d.txt"',
        "ResponseCacheControl": "no-store"})
    r = requests.get(url)
    assert r.status_code == 200
    assert r.content == b"0123456789"
    assert r.headers["Content-Type"] == "application/x-digits"
    assert r.headers["Content-Disposition"] == 'attachment; filename="d.txt"'
    assert r.headers["Cache-Control"] == "no-store"


def test_copy_keeps_metadata_by_default(s3, bucket):
    s3.put_object(Bucket=bucket, Key="src key é", Body=b"payload", ContentType="text/x-src",
                  Metadata={"m": "1"})
    copied = s3.copy_object(Bucket=bucket, Key="dst", CopySource={"Bucket": bucket, "Key": "src key é"})
    assert copied["CopyObjectResult"]["ETag"] == md5_etag(b"payload")
    got = s3.get_object(Bucket=bucket, Key="dst")
    assert got["Body"].read() == b"payload"
    assert got["ContentType"] == "text/x-src"
    assert got["Metadata"] == {"m": "1"}


def test_copy_with_replace_replaces_metadata(s3, bucket):
    s3.put_object(Bucket=bucket, Key="src", Body=b"payload", Metadata={"m": "1"})
    s3.copy_object(Bucket=bucket, Key="src", CopySource={"Bucket": bucket, "Key": "src"},
                   MetadataDirective="REPLACE", Metadata={"n": "2"}, ContentType="text/new")
    head = s3.head_object(Bucket=bucket, Key="src")
    assert head["Metadata"] == {"n": "2"}
    assert head["ContentType"] == "text/new"


def test_copy_onto_itself_without_replace_is_invalid_request(s3, bucket):
    s3.put_object(Bucket=bucket, Key="self", Body=b"x")
    with pytest.raises(ClientError) as e:
        s3.copy_object(Bucket=bucket, Key="self", CopySource={"Bucket": bucket, "Key": "self"})
    assert error_code(e.value) == "InvalidRequest"


def test_copy_source_condition_failure_is_412(s3, bucket):
    s3.put_object(Bucket=bucket, Key="src", Body=b"x")
    with pytest.raises(ClientError) as e:
        s3.copy_object(Bucket=bucket, Key="dst", CopySource={"Bucket": bucket, "Key": "src"},
                       CopySourceIfMatch='"0000"')
    assert status_of(e.value) == 412
    with pytest.raises(ClientError) as e:
        s3.head_object(Bucket=bucket, Key="dst")
    assert status_of(e.value) == 404


def test_copy_of_missing_source_is_no_such_key(s3, bucket):
    with pytest.raises(ClientError) as e:
        s3.copy_object(Bucket=bucket, Key="dst", CopySource={"Bucket": bucket, "Key": "missing"})
    assert error_code(e.value) == "NoSuchKey"


def test_delete_is_idempotent(s3, bucket):
    s3.put_object(Bucket=bucket, Key="gone", Body=b"x")
    assert s3.delete_object(Bucket=bucket, Key="gone")["ResponseMetadata"]["HTTPStatusCode"] == 204
    assert s3.delete_object(Bucket=bucket, Key="gone")["ResponseMetadata"]["HTTPStatusCode"] == 204


@pytest.mark.parametrize("quiet", [False, True])
def test_delete_objects(s3, bucket, quiet):
    for k in ("d1", "d2", "keep"):
        s3.put_object(Bucket=bucket, Key=k, Body=b"x")
    result = s3.delete_objects(Bucket=bucket, Delete={
        "Objects": [{"Key": "d1"}, {"Key": "d2"}, {"Key": "never-existed"}], "Quiet": quiet})
    deleted = sorted(d["Key"] for d in result.get("Deleted", []))
    assert deleted == ([] if quiet else ["d1", "d2", "never-existed"])
    assert "Errors" not in result
    keys = [o["Key"] for o in s3.list_objects_v2(Bucket=bucket)["Contents"]]
    assert keys == ["keep"]


def test_every_response_has_request_id_date_and_server(s3, bucket):
    put = s3.put_object(Bucket=bucket, Key="h", Body=b"x")
    headers = put["ResponseMetadata"]["HTTPHeaders"]
    assert len(headers["x-amz-request-id"]) == 16
    assert headers["date"].endswith("GMT")
    assert headers["server"]
    with pytest.raises(ClientError) as e:
        s3.get_object(Bucket=bucket, Key="missing")
    assert e.value.response["ResponseMetadata"]["RequestId"]


def test_put_with_wrong_content_md5_is_bad_digest_and_stores_nothing(s3, bucket):
    with pytest.raises(ClientError) as e:
        s3.put_object(Bucket=bucket, Key="md5", Body=b"data", ContentMD5="1B2M2Y8AsgTpgAmY7PhCfg==")
    assert error_code(e.value) == "BadDigest"
    with pytest.raises(ClientError) as e:
        s3.head_object(Bucket=bucket, Key="md5")
    assert status_of(e.value) == 404
