"""Object operations with boto3: round trips, metadata, keys, ranges, conditionals, presigned
response overrides, copy, delete, limits and the headers every response carries."""
import datetime
import hashlib
import io
import os

import pytest
import requests
from botocore.exceptions import ClientError

from conftest import error_code, headers_of, status_of


def md5_etag(data):
    return '"' + hashlib.md5(data).hexdigest() + '"'


def test_round_trip_bytes_and_etag(s3, bucket):
    data = os.urandom(100_000)
    put = s3.put_object(Bucket=bucket, Key="blob.bin", Body=data)
    assert status_of(put) == 200
    assert put["ETag"] == md5_etag(data)
    got = s3.get_object(Bucket=bucket, Key="blob.bin")
    assert got["Body"].read() == data
    assert got["ETag"] == md5_etag(data)
    assert got["ContentLength"] == len(data)
    assert got["ContentType"] == "binary/octet-stream"  # S3's default when none was given
    assert headers_of(got)["accept-ranges"] == "bytes"
    assert got["LastModified"].tzinfo is not None


def test_head_reports_size_etag_and_no_body(s3, bucket):
    data = b"seventeen bytes.."
    s3.put_object(Bucket=bucket, Key="h", Body=data)
    head = s3.head_object(Bucket=bucket, Key="h")
    assert head["ContentLength"] == len(data)
    assert head["ETag"] == md5_etag(data)


def test_overwrite_replaces_bytes(s3, bucket):
    s3.put_object(Bucket=bucket, Key="o", Body=b"first version")
    s3.put_object(Bucket=bucket, Key="o", Body=b"second")
    got = s3.get_object(Bucket=bucket, Key="o")
    assert got["Body"].read() == b"second"
    assert got["ETag"] == md5_etag(b"second")


def test_empty_object(s3, bucket):
    put = s3.put_object(Bucket=bucket, Key="empty", Body=b"")
    assert put["ETag"] == '"d41d8cd98f00b204e9800998ecf8427e"'
    got = s3.get_object(Bucket=bucket, Key="empty")
    assert got["ContentLength"] == 0
    assert got["Body"].read() == b""


def test_20_mib_object_round_trip(s3, bucket):
    data = os.urandom(20 * 1024 * 1024)
    put = s3.put_object(Bucket=bucket, Key="big", Body=data)
    assert put["ETag"] == md5_etag(data)
    got = s3.get_object(Bucket=bucket, Key="big")
    assert got["ContentLength"] == len(data)
    assert hashlib.sha256(got["Body"].read()).digest() == hashlib.sha256(data).digest()


EXPIRES = datetime.datetime(2030, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc)


@pytest.fixture
def doc(s3, bucket):
    s3.put_object(Bucket=bucket, Key="doc", Body=b"<p>hi</p>", ContentType="text/html",
                  ContentDisposition='attachment; filename="doc.html"',
                  ContentEncoding="identity", ContentLanguage="en-GB",
                  CacheControl="max-age=60", Expires=EXPIRES,
                  Metadata={"owner": "Alice", "Project-Name": "x y"})
    return bucket


@pytest.mark.parametrize("method", ["get_object", "head_object"])
def test_content_headers_and_metadata_round_trip(s3, doc, method):
    response = getattr(s3, method)(Bucket=doc, Key="doc")
    assert response["ContentType"] == "text/html"
    assert response["ContentDisposition"] == 'attachment; filename="doc.html"'
    assert response["ContentEncoding"] == "identity"
    assert response["ContentLanguage"] == "en-GB"
    assert response["CacheControl"] == "max-age=60"
    assert response["Expires"] == EXPIRES
    # S3 stores user metadata names in lower case; values keep their case.
    assert response["Metadata"] == {"owner": "Alice", "project-name": "x y"}


@pytest.mark.parametrize("key", [
    "with space.txt", "unicodé/ключ/鍵.txt", "plus+sign", "100%", "%2F-not-a-slash",
    "../escape", "a/../../etc/passwd", "dir//double", "./dot", "tilde~", "q?mark#hash&amp",
    "trailing/", " leading space", "trailing space ", "line\nbreak", "carriage\rreturn",
])
def test_unusual_key_round_trips_and_lists_verbatim(s3, bucket, key):
    s3.put_object(Bucket=bucket, Key=key, Body=key.encode())
    assert s3.get_object(Bucket=bucket, Key=key)["Body"].read() == key.encode()
    assert [o["Key"] for o in s3.list_objects_v2(Bucket=bucket)["Contents"]] == [key]


def test_a_and_a_slash_b_coexist(s3, bucket):
    s3.put_object(Bucket=bucket, Key="a", Body=b"1")
    s3.put_object(Bucket=bucket, Key="a/b", Body=b"2")
    assert s3.get_object(Bucket=bucket, Key="a")["Body"].read() == b"1"
    assert s3.get_object(Bucket=bucket, Key="a/b")["Body"].read() == b"2"
    assert [o["Key"] for o in s3.list_objects_v2(Bucket=bucket)["Contents"]] == ["a", "a/b"]


def test_keys_are_bytes_not_normalized_unicode(s3, bucket):
    composed, decomposed = "caf\u00e9", "cafe\u0301"
    s3.put_object(Bucket=bucket, Key=composed, Body=b"composed")
    s3.put_object(Bucket=bucket, Key=decomposed, Body=b"decomposed")
    assert s3.get_object(Bucket=bucket, Key=composed)["Body"].read() == b"composed"
    assert s3.get_object(Bucket=bucket, Key=decomposed)["Body"].read() == b"decomposed"
    assert s3.list_objects_v2(Bucket=bucket)["KeyCount"] == 2


def test_folder_of_an_existing_key_is_not_an_object(s3, bucket):
    s3.put_object(Bucket=bucket, Key="dir/file", Body=b"x")
    for key in ("dir/", "dir"):
        with pytest.raises(ClientError) as e:
            s3.get_object(Bucket=bucket, Key=key)
        assert error_code(e.value) == "NoSuchKey"


def test_missing_key_is_no_such_key_with_key(s3, bucket):
    with pytest.raises(ClientError) as e:
        s3.get_object(Bucket=bucket, Key="nope/x y")
    assert error_code(e.value) == "NoSuchKey"
    assert status_of(e.value) == 404
    assert e.value.response["Error"]["Key"] == "nope/x y"


def test_head_missing_key_is_404(s3, bucket):
    with pytest.raises(ClientError) as e:
        s3.head_object(Bucket=bucket, Key="nope")
    assert status_of(e.value) == 404
    assert error_code(e.value) == "404"  # HEAD errors have no body


def test_key_of_1025_bytes_is_key_too_long(s3, bucket):
    with pytest.raises(ClientError) as e:
        s3.put_object(Bucket=bucket, Key="k" * 1025, Body=b"x")
    assert error_code(e.value) == "KeyTooLongError"
    assert status_of(e.value) == 400


def test_key_of_1024_bytes_is_accepted(s3, bucket):
    key = "é" * 512  # 1024 bytes of UTF-8: the limit counts bytes, not characters
    s3.put_object(Bucket=bucket, Key=key, Body=b"x")
    assert s3.get_object(Bucket=bucket, Key=key)["Body"].read() == b"x"


def test_multibyte_key_over_1024_bytes_is_key_too_long(s3, bucket):
    with pytest.raises(ClientError) as e:
        s3.put_object(Bucket=bucket, Key="é" * 513, Body=b"x")  # 513 chars, 1026 bytes
    assert error_code(e.value) == "KeyTooLongError"


# --- ranges ---------------------------------------------------------------------------------

DATA = bytes(range(256)) * 4  # 1024 bytes


@pytest.fixture
def ranged(s3, bucket):
    s3.put_object(Bucket=bucket, Key="ranged", Body=DATA)
    return bucket


@pytest.mark.parametrize("header,first,last", [
    ("bytes=0-9", 0, 9),          # first bytes
    ("bytes=-5", 1019, 1023),     # suffix
    ("bytes=10-", 10, 1023),      # open
    ("bytes=1000-5000", 1000, 1023),  # end past the size is clamped
    ("bytes=1023-1023", 1023, 1023),
    ("bytes=-5000", 0, 1023),     # suffix longer than the object
])
def test_range(s3, ranged, header, first, last):
    got = s3.get_object(Bucket=ranged, Key="ranged", Range=header)
    assert status_of(got) == 206
    assert got["Body"].read() == DATA[first:last + 1]
    assert got["ContentRange"] == f"bytes {first}-{last}/1024"
    assert got["ContentLength"] == last - first + 1
    assert got["ETag"] == md5_etag(DATA)  # the ETag of the whole object


@pytest.mark.parametrize("header", ["bytes=abc", "bytes=9-3", "items=0-1", "bytes=0-1,4-5"])
def test_malformed_or_multiple_range_is_ignored(s3, ranged, header):
    # S3 ignores a Range it cannot honour (and multiple ranges): 200 with the whole object.
    got = s3.get_object(Bucket=ranged, Key="ranged", Range=header)
    assert status_of(got) == 200
    assert got["Body"].read() == DATA
    assert "ContentRange" not in got


@pytest.mark.parametrize("header", ["bytes=1024-", "bytes=2000-3000"])
def test_unsatisfiable_range_is_invalid_range_416(s3, ranged, header):
    with pytest.raises(ClientError) as e:
        s3.get_object(Bucket=ranged, Key="ranged", Range=header)
    assert error_code(e.value) == "InvalidRange"
    assert status_of(e.value) == 416
    assert headers_of(e.value)["content-range"] == "bytes */1024"


def test_range_on_head(s3, ranged):
    head = s3.head_object(Bucket=ranged, Key="ranged", Range="bytes=0-9")
    assert status_of(head) == 206
    assert head["ContentLength"] == 10
    assert headers_of(head)["content-range"] == "bytes 0-9/1024"


# --- conditionals ---------------------------------------------------------------------------

@pytest.fixture
def cond(s3, bucket):
    s3.put_object(Bucket=bucket, Key="c", Body=b"0123456789")
    head = s3.head_object(Bucket=bucket, Key="c")
    return bucket, head["ETag"], head["LastModified"]


HOUR = datetime.timedelta(hours=1)


def conditional_cases(etag, modified):
    """(headers, expected status) per S3's documented rules (RFC 7232 plus S3's combinations)."""
    return [
        ({"IfMatch": etag}, 200),
        ({"IfMatch": '"00000000000000000000000000000000"'}, 412),
        ({"IfUnmodifiedSince": modified + HOUR}, 200),
        ({"IfNoneMatch": etag}, 304),
        ({"IfNoneMatch": '"00000000000000000000000000000000"'}, 200),
        ({"IfModifiedSince": modified}, 304),
        ({"IfModifiedSince": modified - HOUR}, 200),
        ({"IfUnmodifiedSince": modified}, 200),
        ({"IfUnmodifiedSince": modified - HOUR}, 412),
        # If-Match true wins over If-Unmodified-Since false: 200.
        ({"IfMatch": etag, "IfUnmodifiedSince": modified - HOUR}, 200),
        # If-None-Match false and If-Modified-Since true: 304.
        ({"IfNoneMatch": etag, "IfModifiedSince": modified - HOUR}, 304),
        # If-Match false beats everything: 412.
        ({"IfMatch": '"0000"', "IfNoneMatch": '"1111"'}, 412),
    ]


@pytest.mark.parametrize("case", range(12))
@pytest.mark.parametrize("method", ["get_object", "head_object"])
def test_conditional_request(s3, cond, method, case):
    bucket, etag, modified = cond
    headers, expected = conditional_cases(etag, modified)[case]
    call = getattr(s3, method)
    if expected == 200:
        response = call(Bucket=bucket, Key="c", **headers)
        assert status_of(response) == 200
        assert response["ETag"] == etag
        if method == "get_object":
            assert response["Body"].read() == b"0123456789"
        return
    with pytest.raises(ClientError) as e:
        call(Bucket=bucket, Key="c", **headers)
    assert status_of(e.value) == expected, headers
    if expected == 412 and method == "get_object":
        assert error_code(e.value) == "PreconditionFailed"
    if expected == 304:
        # A 304 carries the validators and no body.
        assert headers_of(e.value)["etag"] == etag


# --- presigned GET with response-* overrides ------------------------------------------------

OVERRIDES = {
    "ResponseContentType": ("Content-Type", "application/x-digits"),
    "ResponseContentDisposition": ("Content-Disposition", 'attachment; filename="d.txt"'),
    "ResponseCacheControl": ("Cache-Control", "no-store"),
    "ResponseContentLanguage": ("Content-Language", "fr-CA"),
    "ResponseContentEncoding": ("Content-Encoding", "identity"),
    "ResponseExpires": ("Expires", "Thu, 01 Dec 2044 16:00:00 GMT"),
}


@pytest.mark.parametrize("signature_version", [None, "s3v4"], ids=["default", "s3v4"])
def test_presigned_get_applies_response_overrides(sandbox, doc, signature_version):
    kwargs = {"signature_version": signature_version} if signature_version else {}
    s3 = sandbox.client(**kwargs)
    params = {"Bucket": doc, "Key": "doc"}
    params.update({name: value for name, (_, value) in OVERRIDES.items()})
    params["ResponseExpires"] = datetime.datetime(2044, 12, 1, 16, tzinfo=datetime.timezone.utc)
    url = s3.generate_presigned_url("get_object", Params=params, ExpiresIn=600)
    r = requests.get(url, timeout=30)
    assert r.status_code == 200, r.text
    assert r.content == b"<p>hi</p>"
    for header, value in OVERRIDES.values():
        assert r.headers[header] == value, header


def test_response_overrides_on_signed_get(s3, doc):
    got = s3.get_object(Bucket=doc, Key="doc", ResponseContentType="text/plain",
                        ResponseCacheControl="no-cache")
    assert got["ContentType"] == "text/plain"
    assert got["CacheControl"] == "no-cache"
    assert got["ContentLanguage"] == "en-GB"  # not overridden: the stored value


# --- copy -----------------------------------------------------------------------------------

def test_copy_keeps_metadata_by_default(s3, bucket):
    s3.put_object(Bucket=bucket, Key="src", Body=b"payload", ContentType="text/x-src",
                  CacheControl="max-age=5", Metadata={"m": "1"})
    copied = s3.copy_object(Bucket=bucket, Key="dst", CopySource={"Bucket": bucket, "Key": "src"})
    assert copied["CopyObjectResult"]["ETag"] == md5_etag(b"payload")
    assert copied["CopyObjectResult"]["LastModified"].tzinfo is not None
    got = s3.get_object(Bucket=bucket, Key="dst")
    assert got["Body"].read() == b"payload"
    assert got["ContentType"] == "text/x-src"
    assert got["CacheControl"] == "max-age=5"
    assert got["Metadata"] == {"m": "1"}


def test_copy_with_replace_replaces_metadata(s3, bucket):
    s3.put_object(Bucket=bucket, Key="src", Body=b"payload", ContentType="text/x-src",
                  Metadata={"m": "1"})
    s3.copy_object(Bucket=bucket, Key="dst", CopySource={"Bucket": bucket, "Key": "src"},
                   MetadataDirective="REPLACE", Metadata={"n": "2"}, ContentType="text/new")
    head = s3.head_object(Bucket=bucket, Key="dst")
    assert head["Metadata"] == {"n": "2"}
    assert head["ContentType"] == "text/new"
    assert s3.head_object(Bucket=bucket, Key="src")["Metadata"] == {"m": "1"}


def test_copy_onto_itself_with_replace_updates_metadata(s3, bucket):
    s3.put_object(Bucket=bucket, Key="self", Body=b"payload", Metadata={"m": "1"})
    s3.copy_object(Bucket=bucket, Key="self", CopySource={"Bucket": bucket, "Key": "self"},
                   MetadataDirective="REPLACE", Metadata={"m": "2"})
    got = s3.get_object(Bucket=bucket, Key="self")
    assert got["Metadata"] == {"m": "2"}
    assert got["Body"].read() == b"payload"


def test_copy_onto_itself_without_change_is_invalid_request(s3, bucket):
    s3.put_object(Bucket=bucket, Key="self", Body=b"x")
    with pytest.raises(ClientError) as e:
        s3.copy_object(Bucket=bucket, Key="self", CopySource={"Bucket": bucket, "Key": "self"})
    assert error_code(e.value) == "InvalidRequest"
    assert status_of(e.value) == 400


@pytest.mark.parametrize("source_key", ["with space é.txt", "ключ/鍵+plus%pct", "../dots"])
def test_copy_source_with_odd_key(s3, bucket, source_key):
    s3.put_object(Bucket=bucket, Key=source_key, Body=b"odd source")
    s3.copy_object(Bucket=bucket, Key="copied", CopySource={"Bucket": bucket, "Key": source_key})
    assert s3.get_object(Bucket=bucket, Key="copied")["Body"].read() == b"odd source"


def test_copy_across_buckets(s3, bucket):
    other = bucket[:-1] + ("0" if bucket[-1] != "0" else "1")
    s3.create_bucket(Bucket=other)
    s3.put_object(Bucket=bucket, Key="src", Body=b"across")
    s3.copy_object(Bucket=other, Key="dst", CopySource={"Bucket": bucket, "Key": "src"})
    assert s3.get_object(Bucket=other, Key="dst")["Body"].read() == b"across"


def test_copy_source_if_match_failing_is_412_and_copies_nothing(s3, bucket):
    s3.put_object(Bucket=bucket, Key="src", Body=b"x")
    with pytest.raises(ClientError) as e:
        s3.copy_object(Bucket=bucket, Key="dst", CopySource={"Bucket": bucket, "Key": "src"},
                       CopySourceIfMatch='"00000000000000000000000000000000"')
    assert status_of(e.value) == 412
    assert error_code(e.value) == "PreconditionFailed"
    with pytest.raises(ClientError) as e:
        s3.head_object(Bucket=bucket, Key="dst")
    assert status_of(e.value) == 404


def test_copy_source_if_match_succeeding_copies(s3, bucket):
    put = s3.put_object(Bucket=bucket, Key="src", Body=b"x")
    s3.copy_object(Bucket=bucket, Key="dst", CopySource={"Bucket": bucket, "Key": "src"},
                   CopySourceIfMatch=put["ETag"])
    assert s3.get_object(Bucket=bucket, Key="dst")["Body"].read() == b"x"


def test_copy_of_missing_source_is_no_such_key(s3, bucket):
    with pytest.raises(ClientError) as e:
        s3.copy_object(Bucket=bucket, Key="dst", CopySource={"Bucket": bucket, "Key": "missing"})
    assert error_code(e.value) == "NoSuchKey"
    assert status_of(e.value) == 404


# --- delete ---------------------------------------------------------------------------------

def test_delete_object_is_idempotent_204(s3, bucket):
    s3.put_object(Bucket=bucket, Key="gone", Body=b"x")
    assert status_of(s3.delete_object(Bucket=bucket, Key="gone")) == 204
    assert status_of(s3.delete_object(Bucket=bucket, Key="gone")) == 204
    assert status_of(s3.delete_object(Bucket=bucket, Key="never-was")) == 204
    with pytest.raises(ClientError) as e:
        s3.get_object(Bucket=bucket, Key="gone")
    assert error_code(e.value) == "NoSuchKey"


@pytest.mark.parametrize("quiet", [False, True], ids=["verbose", "quiet"])
def test_delete_objects(s3, bucket, quiet):
    for k in ("d1", "d 2/é", "keep"):
        s3.put_object(Bucket=bucket, Key=k, Body=b"x")
    result = s3.delete_objects(Bucket=bucket, Delete={
        "Objects": [{"Key": "d1"}, {"Key": "d 2/é"}, {"Key": "never-existed"}], "Quiet": quiet})
    assert status_of(result) == 200
    deleted = sorted(d["Key"] for d in result.get("Deleted", []))
    # Quiet mode reports only errors; verbose reports every key, existing or not.
    assert deleted == ([] if quiet else sorted(["d1", "d 2/é", "never-existed"]))
    assert result.get("Errors", []) == []
    assert [o["Key"] for o in s3.list_objects_v2(Bucket=bucket)["Contents"]] == ["keep"]


def test_delete_objects_of_more_than_1000_keys_is_malformed_xml(s3, bucket):
    s3.put_object(Bucket=bucket, Key="k0", Body=b"x")
    with pytest.raises(ClientError) as e:
        s3.delete_objects(Bucket=bucket, Delete={
            "Objects": [{"Key": f"k{i}"} for i in range(1001)], "Quiet": True})
    assert error_code(e.value) == "MalformedXML"
    assert status_of(e.value) == 400
    assert s3.list_objects_v2(Bucket=bucket)["KeyCount"] == 1  # nothing deleted


# --- protocol hygiene -----------------------------------------------------------------------

def assert_s3_headers(headers):
    assert len(headers["x-amz-request-id"]) > 0
    assert headers["date"].endswith(" GMT")
    datetime.datetime.strptime(headers["date"], "%a, %d %b %Y %H:%M:%S GMT")
    assert headers["server"]


def test_every_response_has_request_id_date_and_server(s3, bucket):
    assert_s3_headers(headers_of(s3.put_object(Bucket=bucket, Key="h", Body=b"x")))
    assert_s3_headers(headers_of(s3.get_object(Bucket=bucket, Key="h")))
    assert_s3_headers(headers_of(s3.head_object(Bucket=bucket, Key="h")))
    assert_s3_headers(headers_of(s3.list_objects_v2(Bucket=bucket)))
    assert_s3_headers(headers_of(s3.delete_object(Bucket=bucket, Key="h")))
    assert_s3_headers(headers_of(s3.list_buckets()))
    for call in (lambda: s3.get_object(Bucket=bucket, Key="missing"),
                 lambda: s3.head_object(Bucket=bucket, Key="missing"),
                 lambda: s3.get_object(Bucket="no-such-" + bucket[:40], Key="k")):
        with pytest.raises(ClientError) as e:
            call()
        assert_s3_headers(headers_of(e.value))


def test_wrong_content_md5_is_bad_digest_and_stores_nothing(s3, bucket):
    with pytest.raises(ClientError) as e:
        s3.put_object(Bucket=bucket, Key="md5", Body=b"data",
                      ContentMD5="1B2M2Y8AsgTpgAmY7PhCfg==")  # the MD5 of b""
    assert error_code(e.value) == "BadDigest"
    assert status_of(e.value) == 400
    with pytest.raises(ClientError) as e:
        s3.head_object(Bucket=bucket, Key="md5")
    assert status_of(e.value) == 404


def test_upload_after_an_empty_file_like_upload_is_not_delayed(sandbox, bucket):
    # botocore sends "Expect: 100-continue" for file-like bodies. When an empty upload is
    # answered without "100 Continue", botocore keeps that early status line for the next
    # request on the same connection and misreads its response until the read times out.
    # One pooled connection, no retries: a desynchronised connection fails with a read timeout.
    s3 = sandbox.client(max_pool_connections=1, read_timeout=5)
    s3.put_object(Bucket=bucket, Key="empty", Body=io.BytesIO(b""))
    data = os.urandom(100_000)
    put = s3.put_object(Bucket=bucket, Key="next", Body=io.BytesIO(data))
    assert put["ETag"] == md5_etag(data)


def test_storage_class_is_kept_and_reported(s3, bucket):
    s3.put_object(Bucket=bucket, Key="ia", Body=b"x", StorageClass="STANDARD_IA")
    s3.put_object(Bucket=bucket, Key="std", Body=b"x")
    assert s3.head_object(Bucket=bucket, Key="ia")["StorageClass"] == "STANDARD_IA"
    assert "StorageClass" not in s3.head_object(Bucket=bucket, Key="std")  # S3 omits STANDARD
    listed = {o["Key"]: o["StorageClass"] for o in s3.list_objects_v2(Bucket=bucket)["Contents"]}
    assert listed == {"ia": "STANDARD_IA", "std": "STANDARD"}
    with pytest.raises(ClientError) as e:
        s3.put_object(Bucket=bucket, Key="bad", Body=b"x", StorageClass="NOT_A_CLASS")
    assert error_code(e.value) == "InvalidStorageClass"


def test_copy_onto_itself_changing_storage_class_is_allowed(s3, bucket):
    s3.put_object(Bucket=bucket, Key="tier", Body=b"x", Metadata={"keep": "me"})
    s3.copy_object(Bucket=bucket, Key="tier", CopySource={"Bucket": bucket, "Key": "tier"},
                   StorageClass="GLACIER_IR")
    head = s3.head_object(Bucket=bucket, Key="tier")
    assert head["StorageClass"] == "GLACIER_IR"
    assert head["Metadata"] == {"keep": "me"}
