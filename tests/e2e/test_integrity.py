"""Upload integrity end to end: checksums (every algorithm, headers and aws-chunked trailers),
Content-MD5, aws-chunked framing with chunk and trailer signatures, conditional writes, and
GetObjectAttributes; with Debian's boto3 and aws CLI at their defaults plus raw requests for the
wire formats they do not send over plain HTTP. Every refusal leaves nothing stored."""

import base64
import hashlib
import json
import threading
import zlib

import pytest
import requests
from botocore.exceptions import ClientError

from aws_chunked_client import Signer, crc32_b64, signed_body, unsigned_trailer_body
from conftest import ACCESS_KEY, SECRET_KEY, error_code, headers_of, status_of


def b64(raw):
    return base64.b64encode(raw).decode()


def sha256_b64(data):
    return b64(hashlib.sha256(data).digest())


def assert_absent(s3, bucket, key):
    with pytest.raises(ClientError) as e:
        s3.head_object(Bucket=bucket, Key=key)
    assert status_of(e.value) == 404, f"{key} must not have been stored"


def with_headers(s3, operation, headers):
    """Registers a handler adding raw headers to one boto3 operation before it is signed."""

    def add(request, **_):
        for name, value in headers.items():
            del request.headers[name]  # botocore's headers append on assignment
            request.headers[name] = value

    s3.meta.events.register_first(f"before-sign.s3.{operation}", add)
    return lambda: s3.meta.events.unregister(f"before-sign.s3.{operation}", add)


def error_of(response):
    import xml.etree.ElementTree as ET

    return ET.fromstring(response.content).findtext("Code")


# ---- checksums through boto3 --------------------------------------------------------------------


def test_default_upload_gets_s3s_crc64nvme(s3, bucket):
    put = s3.put_object(Bucket=bucket, Key="plain", Body=b"hello world")
    headers = headers_of(put)
    # S3 adds a CRC64NVME checksum to uploads that carry none (since December 2024).
    assert headers["x-amz-checksum-crc64nvme"] == "jSnVw/bqjr4="
    assert headers["x-amz-checksum-type"] == "FULL_OBJECT"


@pytest.mark.parametrize("algorithm", ["CRC32", "CRC32C", "SHA1", "SHA256"])
def test_checksum_algorithm_is_verified_stored_and_returned(s3, bucket, algorithm):
    body = b"checksummed " * 1000
    put = s3.put_object(Bucket=bucket, Key=algorithm, Body=body, ChecksumAlgorithm=algorithm)
    field = f"Checksum{algorithm}"
    assert put[field]
    got = s3.get_object(Bucket=bucket, Key=algorithm, ChecksumMode="ENABLED")
    assert got[field] == put[field]
    assert got["Body"].read() == body  # botocore validates the returned checksum while reading
    head = s3.head_object(Bucket=bucket, Key=algorithm, ChecksumMode="ENABLED")
    assert head[field] == put[field]
    plain = s3.head_object(Bucket=bucket, Key=algorithm)
    assert field not in plain, "checksums are returned only with x-amz-checksum-mode: ENABLED"


def test_sha256_value_is_the_documented_digest(s3, bucket):
    body = b"known bytes"
    put = s3.put_object(Bucket=bucket, Key="k", Body=body, ChecksumSHA256=sha256_b64(body))
    assert put["ChecksumSHA256"] == sha256_b64(body)


def test_wrong_checksum_is_bad_digest_and_nothing_is_stored(s3, bucket):
    with pytest.raises(ClientError) as e:
        s3.put_object(Bucket=bucket, Key="wrong", Body=b"body", ChecksumSHA256=sha256_b64(b"other"))
    assert error_code(e.value) == "BadDigest"
    assert status_of(e.value) == 400
    assert "SHA256" in headers_of(e.value)["x-s3sandbox-diagnosis"]
    assert_absent(s3, bucket, "wrong")


def test_wrong_checksum_does_not_replace_the_existing_object(s3, bucket):
    s3.put_object(Bucket=bucket, Key="keep", Body=b"original")
    with pytest.raises(ClientError):
        s3.put_object(Bucket=bucket, Key="keep", Body=b"changed", ChecksumCRC32="AAAAAA==")
    assert s3.get_object(Bucket=bucket, Key="keep")["Body"].read() == b"original"


def test_malformed_checksum_value_is_invalid_request(s3, bucket):
    undo = with_headers(s3, "PutObject", {"x-amz-checksum-crc32": "not base64!"})
    try:
        with pytest.raises(ClientError) as e:
            s3.put_object(Bucket=bucket, Key="k", Body=b"x")
    finally:
        undo()
    assert error_code(e.value) == "InvalidRequest"
    assert "x-amz-checksum-crc32" in e.value.response["Error"]["Message"]
    assert_absent(s3, bucket, "k")


def test_two_checksum_algorithms_are_invalid_request(s3, bucket):
    body = b"x"
    undo = with_headers(
        s3,
        "PutObject",
        {"x-amz-checksum-crc32": crc32_b64(body), "x-amz-checksum-sha256": sha256_b64(body)},
    )
    try:
        with pytest.raises(ClientError) as e:
            s3.put_object(Bucket=bucket, Key="k", Body=body)
    finally:
        undo()
    assert error_code(e.value) == "InvalidRequest"
    assert "Multiple checksum Types" in e.value.response["Error"]["Message"]


def test_sdk_algorithm_without_its_checksum_is_invalid_request(s3, bucket):
    undo = with_headers(s3, "PutObject", {"x-amz-sdk-checksum-algorithm": "CRC32"})
    try:
        with pytest.raises(ClientError) as e:
            s3.put_object(Bucket=bucket, Key="k", Body=b"x")
    finally:
        undo()
    assert error_code(e.value) == "InvalidRequest"
    assert_absent(s3, bucket, "k")


# ---- Content-MD5 --------------------------------------------------------------------------------


def test_correct_content_md5_is_accepted(s3, bucket):
    body = b"md5 checked"
    put = s3.put_object(Bucket=bucket, Key="k", Body=body, ContentMD5=b64(hashlib.md5(body).digest()))
    assert put["ETag"] == f'"{hashlib.md5(body).hexdigest()}"'


def test_mismatched_content_md5_is_bad_digest(s3, bucket):
    with pytest.raises(ClientError) as e:
        s3.put_object(Bucket=bucket, Key="k", Body=b"body", ContentMD5=b64(hashlib.md5(b"x").digest()))
    assert error_code(e.value) == "BadDigest"
    assert_absent(s3, bucket, "k")


def test_malformed_content_md5_is_invalid_digest(s3, bucket):
    with pytest.raises(ClientError) as e:
        s3.put_object(Bucket=bucket, Key="k", Body=b"body", ContentMD5="too-short")
    assert error_code(e.value) == "InvalidDigest"
    assert_absent(s3, bucket, "k")


# ---- aws-chunked on the wire --------------------------------------------------------------------


@pytest.fixture
def signer():
    return Signer(ACCESS_KEY, SECRET_KEY)


def chunked_put(endpoint, bucket, key, signer, mode, body_fn, data, extra=None):
    """Sends a PUT whose body is built by body_fn(seed) in aws-chunked framing."""
    url = f"{endpoint}/{bucket}/{key}"
    headers = {
        "content-encoding": "aws-chunked",
        "x-amz-decoded-content-length": str(len(data)),
        **(extra or {}),
    }
    seed = signer.sign("PUT", url, headers, mode)
    body = body_fn(seed)
    return requests.put(url, data=body, headers=headers, timeout=30)


DATA = bytes(range(256)) * 700  # 179200 bytes: two full 64 KiB chunks and a short last one


def test_signed_chunks_upload_byte_identical(s3, bucket, endpoint, signer):
    r = chunked_put(
        endpoint, bucket, "signed", signer, "STREAMING-AWS4-HMAC-SHA256-PAYLOAD",
        lambda seed: signed_body(signer, seed, DATA), DATA,
    )
    assert r.status_code == 200, r.text
    assert r.headers["ETag"] == f'"{hashlib.md5(DATA).hexdigest()}"'
    got = s3.get_object(Bucket=bucket, Key="signed")
    assert got["Body"].read() == DATA
    assert "ContentEncoding" not in got, "aws-chunked is framing, not a stored encoding"


def test_tampered_chunk_is_signature_mismatch_and_nothing_is_stored(s3, bucket, endpoint, signer):
    def tampered(seed):
        body = bytearray(signed_body(signer, seed, DATA))
        body[70000] ^= 1  # a data byte of the second chunk
        return bytes(body)

    r = chunked_put(endpoint, bucket, "tampered", signer, "STREAMING-AWS4-HMAC-SHA256-PAYLOAD",
                    tampered, DATA)
    assert r.status_code == 403
    assert error_of(r) == "SignatureDoesNotMatch"
    assert "chunk 2" in r.headers["x-s3sandbox-diagnosis"]
    assert_absent(s3, bucket, "tampered")


def test_signed_trailer_upload_verifies_trailer_checksum(s3, bucket, endpoint, signer):
    trailer = [("x-amz-checksum-crc32", crc32_b64(DATA))]
    r = chunked_put(
        endpoint, bucket, "trailer", signer, "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER",
        lambda seed: signed_body(signer, seed, DATA, trailers=trailer), DATA,
        {"x-amz-trailer": "x-amz-checksum-crc32"},
    )
    assert r.status_code == 200, r.text
    assert r.headers["x-amz-checksum-crc32"] == crc32_b64(DATA)
    got = s3.get_object(Bucket=bucket, Key="trailer", ChecksumMode="ENABLED")
    assert got["ChecksumCRC32"] == crc32_b64(DATA)
    assert got["Body"].read() == DATA


def test_unsigned_trailer_upload_like_the_sdks(s3, bucket, endpoint, signer):
    trailer = [("x-amz-checksum-crc32", crc32_b64(DATA))]
    r = chunked_put(
        endpoint, bucket, "unsigned", signer, "STREAMING-UNSIGNED-PAYLOAD-TRAILER",
        lambda seed: unsigned_trailer_body(DATA, trailer), DATA,
        {"x-amz-trailer": "x-amz-checksum-crc32"},
    )
    assert r.status_code == 200, r.text
    assert s3.get_object(Bucket=bucket, Key="unsigned")["Body"].read() == DATA


def test_unsigned_trailer_with_wrong_checksum_is_bad_digest(s3, bucket, endpoint, signer):
    trailer = [("x-amz-checksum-crc32", crc32_b64(b"something else"))]
    r = chunked_put(
        endpoint, bucket, "badtrailer", signer, "STREAMING-UNSIGNED-PAYLOAD-TRAILER",
        lambda seed: unsigned_trailer_body(DATA, trailer), DATA,
        {"x-amz-trailer": "x-amz-checksum-crc32"},
    )
    assert r.status_code == 400
    assert error_of(r) == "BadDigest"
    assert "trailer" in r.headers["x-s3sandbox-diagnosis"]
    assert_absent(s3, bucket, "badtrailer")


def test_truncated_chunked_body_is_incomplete_and_nothing_is_stored(s3, bucket, endpoint, signer):
    r = chunked_put(
        endpoint, bucket, "cut", signer, "STREAMING-AWS4-HMAC-SHA256-PAYLOAD",
        lambda seed: signed_body(signer, seed, DATA)[:-100], DATA,
    )
    assert r.status_code == 400
    assert error_of(r) == "IncompleteBody"
    assert_absent(s3, bucket, "cut")


def test_decoded_length_mismatch_is_refused(s3, bucket, endpoint, signer):
    r = chunked_put(
        endpoint, bucket, "len", signer, "STREAMING-AWS4-HMAC-SHA256-PAYLOAD",
        lambda seed: signed_body(signer, seed, DATA), DATA + b"promised but not sent",
    )
    assert r.status_code == 400
    assert error_of(r) == "IncompleteBody"
    assert_absent(s3, bucket, "len")


def test_streaming_without_decoded_length_is_missing_content_length(s3, bucket, endpoint, signer):
    url = f"{endpoint}/{bucket}/nolen"
    headers = {"content-encoding": "aws-chunked"}
    seed = signer.sign("PUT", url, headers, "STREAMING-AWS4-HMAC-SHA256-PAYLOAD")
    r = requests.put(url, data=signed_body(signer, seed, DATA), headers=headers, timeout=30)
    assert r.status_code == 411
    assert error_of(r) == "MissingContentLength"


def test_chunked_transfer_encoding_with_aws_chunked_is_accepted(s3, bucket, endpoint, signer):
    """aws-sdk-js streams bodies of unknown wire length with Transfer-Encoding: chunked."""
    url = f"{endpoint}/{bucket}/te"
    headers = {"content-encoding": "aws-chunked", "x-amz-decoded-content-length": str(len(DATA)),
               "x-amz-trailer": "x-amz-checksum-crc32"}
    signer.sign("PUT", url, headers, "STREAMING-UNSIGNED-PAYLOAD-TRAILER")
    body = unsigned_trailer_body(DATA, [("x-amz-checksum-crc32", crc32_b64(DATA))])
    pieces = (body[i : i + 10000] for i in range(0, len(body), 10000))  # a generator: HTTP chunked
    r = requests.put(url, data=pieces, headers=headers, timeout=30)
    assert r.status_code == 200, r.text
    assert s3.get_object(Bucket=bucket, Key="te")["Body"].read() == DATA


# ---- the aws CLI --------------------------------------------------------------------------------


@pytest.mark.parametrize("algorithm", ["CRC32C", "SHA256"])
def test_aws_cli_put_with_checksum_algorithm(aws, s3, bucket, tmp_path, algorithm):
    # Debian's aws CLI 2.9 has --checksum-algorithm on s3api put-object (s3 cp gained it later).
    source = tmp_path / "file.bin"
    data = bytes(range(256)) * 4096
    source.write_bytes(data)
    out = aws("s3api", "put-object", "--bucket", bucket, "--key", "cli", "--body", source,
              "--checksum-algorithm", algorithm)
    reported = json.loads(out.stdout)[f"Checksum{algorithm}"]
    target = tmp_path / "back.bin"
    got = aws("s3api", "get-object", "--bucket", bucket, "--key", "cli", "--checksum-mode",
              "ENABLED", target)
    assert json.loads(got.stdout)[f"Checksum{algorithm}"] == reported
    assert target.read_bytes() == data
    if algorithm == "SHA256":
        assert reported == sha256_b64(data)


# ---- conditional writes -------------------------------------------------------------------------


def test_if_none_match_star_refuses_an_existing_key(s3, bucket):
    undo = with_headers(s3, "PutObject", {"If-None-Match": "*"})
    try:
        s3.put_object(Bucket=bucket, Key="once", Body=b"first")
        with pytest.raises(ClientError) as e:
            s3.put_object(Bucket=bucket, Key="once", Body=b"second")
    finally:
        undo()
    assert error_code(e.value) == "PreconditionFailed"
    assert status_of(e.value) == 412
    assert s3.get_object(Bucket=bucket, Key="once")["Body"].read() == b"first"


def test_if_match_replaces_only_the_expected_version(s3, bucket):
    etag = s3.put_object(Bucket=bucket, Key="v", Body=b"one")["ETag"]
    undo = with_headers(s3, "PutObject", {"If-Match": etag})
    try:
        s3.put_object(Bucket=bucket, Key="v", Body=b"two")
        with pytest.raises(ClientError) as e:
            s3.put_object(Bucket=bucket, Key="v", Body=b"three")  # etag is now stale
    finally:
        undo()
    assert error_code(e.value) == "PreconditionFailed"
    assert s3.get_object(Bucket=bucket, Key="v")["Body"].read() == b"two"


def test_twenty_concurrent_creators_exactly_one_wins(sandbox, bucket):
    statuses = []
    lock = threading.Lock()
    barrier = threading.Barrier(20)

    def create(i):
        client = sandbox.client()
        client.meta.events.register_first(
            "before-sign.s3.PutObject",
            lambda request, **_: request.headers.__setitem__("If-None-Match", "*"),
        )
        barrier.wait()
        try:
            client.put_object(Bucket=bucket, Key="race", Body=f"writer {i}".encode())
            status = 200
        except ClientError as e:
            status = status_of(e)
        with lock:
            statuses.append((status, i))

    threads = [threading.Thread(target=create, args=(i,)) for i in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    winners = [i for status, i in statuses if status == 200]
    assert len(winners) == 1, statuses
    assert sorted(status for status, _ in statuses if status != 200) == [412] * 19
    body = sandbox.client().get_object(Bucket=bucket, Key="race")["Body"].read()
    assert body == f"writer {winners[0]}".encode()


# ---- GetObjectAttributes ------------------------------------------------------------------------


def test_get_object_attributes_reports_checksum_size_and_etag(s3, bucket):
    body = b"attributes" * 100
    s3.put_object(Bucket=bucket, Key="a", Body=body, ChecksumAlgorithm="SHA256", StorageClass="STANDARD_IA")
    attrs = s3.get_object_attributes(
        Bucket=bucket, Key="a", ObjectAttributes=["ETag", "Checksum", "ObjectSize", "StorageClass"]
    )
    assert attrs["ETag"] == hashlib.md5(body).hexdigest()
    assert attrs["Checksum"]["ChecksumSHA256"] == sha256_b64(body)
    assert attrs["ObjectSize"] == len(body)
    assert attrs["StorageClass"] == "STANDARD_IA"
    assert "ObjectParts" not in attrs


def test_get_object_attributes_returns_only_what_was_asked(s3, bucket):
    s3.put_object(Bucket=bucket, Key="a", Body=b"x")
    attrs = s3.get_object_attributes(Bucket=bucket, Key="a", ObjectAttributes=["ObjectSize"])
    assert attrs["ObjectSize"] == 1
    assert "ETag" not in attrs and "Checksum" not in attrs


def test_get_object_attributes_of_missing_key_is_no_such_key(s3, bucket):
    with pytest.raises(ClientError) as e:
        s3.get_object_attributes(Bucket=bucket, Key="missing", ObjectAttributes=["ETag"])
    assert error_code(e.value) == "NoSuchKey"


# ---- copies and deletes -------------------------------------------------------------------------


def test_copy_keeps_the_source_checksum_algorithm(s3, bucket):
    body = b"copy me"
    s3.put_object(Bucket=bucket, Key="src", Body=body, ChecksumAlgorithm="SHA1")
    copied = s3.copy_object(Bucket=bucket, Key="dst", CopySource={"Bucket": bucket, "Key": "src"})
    assert copied["CopyObjectResult"]["ChecksumSHA1"] == b64(hashlib.sha1(body).digest())


def test_delete_objects_with_wrong_content_md5_deletes_nothing(s3, bucket):
    s3.put_object(Bucket=bucket, Key="stay", Body=b"x")
    undo = with_headers(s3, "DeleteObjects", {"Content-MD5": b64(hashlib.md5(b"no").digest())})
    try:
        with pytest.raises(ClientError) as e:
            s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": "stay"}]})
    finally:
        undo()
    assert error_code(e.value) == "BadDigest"
    assert s3.head_object(Bucket=bucket, Key="stay")["ContentLength"] == 1


def test_crc32_helper_matches_zlib():
    """The test's own CRC32 encoding is S3's: big-endian bytes, base64."""
    assert crc32_b64(b"") == "AAAAAA=="
    assert base64.b64decode(crc32_b64(b"abc")) == zlib.crc32(b"abc").to_bytes(4, "big")
