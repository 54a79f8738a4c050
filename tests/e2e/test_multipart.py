"""Multipart uploads end to end, as S3 does them: the aws CLI and boto3's transfer manager at their
defaults, presigned part URLs (SigV4 and boto3's default SigV2) sent with plain requests, GET/HEAD
by part number, the errors of CompleteMultipartUpload (none of which creates the object or ends
the upload), listings with their pagination, UploadPartCopy, composite checksums, restarts and
conditional completion.

The module's server runs with --min-part-size MIN_PART so tests can use small parts; the aws CLI
test runs a server at the default (S3's 5 MiB minimum).
"""

import base64
import hashlib
import os
import subprocess
import xml.etree.ElementTree as ET

import pytest
import requests
from boto3.s3.transfer import TransferConfig
from botocore.exceptions import ClientError

from conftest import AWS_CLI, error_code, headers_of, sandbox_fixture, status_of

MIN_PART = 5 * 1024
MiB = 1024 * 1024


# Replaces the session's server in this module: it accepts parts of MIN_PART bytes.
s3sandbox = sandbox_fixture("--min-part-size", MIN_PART)


# ---- helpers ------------------------------------------------------------------------------------


def md5_hex(data):
    return hashlib.md5(data).hexdigest()


def b64(raw):
    return base64.b64encode(raw).decode()


def multipart_etag(parts):
    """S3's ETag of a completed upload: md5 of the concatenated binary part md5s, "-<count>"."""
    digests = b"".join(hashlib.md5(p).digest() for p in parts)
    return f'"{hashlib.md5(digests).hexdigest()}-{len(parts)}"'


def split(data, size):
    return [data[i:i + size] for i in range(0, len(data), size)]


def create(s3, bucket, key, **kwargs):
    return s3.create_multipart_upload(Bucket=bucket, Key=key, **kwargs)["UploadId"]


def upload(s3, bucket, key, upload_id, number, body, **kwargs):
    """Uploads one part; returns the CompletedPart entry for it."""
    response = s3.upload_part(Bucket=bucket, Key=key, UploadId=upload_id, PartNumber=number,
                              Body=body, **kwargs)
    return {"PartNumber": number, "ETag": response["ETag"]}


def upload_all(s3, bucket, key, parts, **create_kwargs):
    """Creates an upload and uploads parts 1..n; returns (upload id, completed parts)."""
    upload_id = create(s3, bucket, key, **create_kwargs)
    completed = [upload(s3, bucket, key, upload_id, n, body) for n, body in enumerate(parts, 1)]
    return upload_id, completed


def complete(s3, bucket, key, upload_id, completed):
    return s3.complete_multipart_upload(Bucket=bucket, Key=key, UploadId=upload_id,
                                        MultipartUpload={"Parts": completed})


def assert_absent(s3, bucket, key):
    with pytest.raises(ClientError) as e:
        s3.head_object(Bucket=bucket, Key=key)
    assert status_of(e.value) == 404, f"{key} must not have been created"


def with_headers(s3, operation, headers):
    """Adds raw headers to one boto3 operation before it is signed; returns the undo."""

    def add(request, **_):
        for name, value in headers.items():
            del request.headers[name]
            request.headers[name] = value

    s3.meta.events.register_first(f"before-sign.s3.{operation}", add)
    return lambda: s3.meta.events.unregister(f"before-sign.s3.{operation}", add)


def error_of(response):
    return ET.fromstring(response.content).findtext("Code")


def complete_xml(completed):
    parts = "".join(f"<Part><PartNumber>{p['PartNumber']}</PartNumber><ETag>{p['ETag']}</ETag>"
                    f"</Part>" for p in completed)
    return f"<CompleteMultipartUpload>{parts}</CompleteMultipartUpload>".encode()


# ---- real clients at their defaults -------------------------------------------------------------


def test_aws_cli_cp_of_40_mib_uses_8_mib_parts_and_round_trips(start_sandbox, aws_env, tmp_path):
    server = start_sandbox()  # S3's default 5 MiB minimum part size
    s3 = server.client()
    s3.create_bucket(Bucket="cli-mp")
    data = os.urandom(40 * MiB)
    src = tmp_path / "big.bin"
    src.write_bytes(data)

    def aws(*args):
        result = subprocess.run([AWS_CLI, "--endpoint-url", server.endpoint, *map(str, args)],
                                env=aws_env, capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, f"{result.stderr}\nserver log:\n{server.log_tail()}"

    aws("s3", "cp", src, "s3://cli-mp/big.bin")
    head = s3.head_object(Bucket="cli-mp", Key="big.bin")
    assert head["ContentLength"] == len(data)
    # The CLI's defaults: multipart above 8 MiB, in 8 MiB parts.
    assert head["ETag"].endswith('-5"')
    assert head["ETag"] == multipart_etag(split(data, 8 * MiB))
    dst = tmp_path / "big.down"
    aws("s3", "cp", "s3://cli-mp/big.bin", dst)
    assert dst.read_bytes() == data


def test_boto3_transfer_manager_round_trips_with_concurrent_parts(s3, bucket, tmp_path):
    # s3transfer raises any chunk size below 5 MiB to 5 MiB, so the parts are 5 MiB.
    config = TransferConfig(multipart_threshold=5 * MiB, multipart_chunksize=5 * MiB,
                            max_concurrency=8)
    data = os.urandom(12 * MiB + 7)
    src = tmp_path / "up.bin"
    src.write_bytes(data)
    s3.upload_file(str(src), bucket, "tm.bin", Config=config)
    head = s3.head_object(Bucket=bucket, Key="tm.bin")
    assert head["ContentLength"] == len(data)
    assert head["ETag"] == multipart_etag(split(data, 5 * MiB))
    dst = tmp_path / "down.bin"
    s3.download_file(bucket, "tm.bin", str(dst), Config=config)
    assert dst.read_bytes() == data


# ---- presigned parts ----------------------------------------------------------------------------


@pytest.fixture(params=["s3v4", "sigv2-default"])
def presigner(request, sandbox):
    if request.param == "s3v4":
        return sandbox.client(signature_version="s3v4"), "X-Amz-Signature="
    return sandbox.client(), "AWSAccessKeyId="  # Debian's boto3 presigns with SigV2 by default


def presigned_part_puts(presign_client, marker, bucket, key, upload_id, parts):
    completed = []
    for number, body in enumerate(parts, 1):
        url = presign_client.generate_presigned_url(
            "upload_part", ExpiresIn=300,
            Params={"Bucket": bucket, "Key": key, "UploadId": upload_id, "PartNumber": number})
        assert marker in url
        r = requests.put(url, data=body, timeout=30)
        assert r.status_code == 200, r.text
        assert r.headers["ETag"] == f'"{md5_hex(body)}"'
        completed.append({"PartNumber": number, "ETag": r.headers["ETag"]})
    return completed


def test_presigned_part_urls_then_complete(s3, bucket, presigner):
    presign_client, marker = presigner
    parts = [os.urandom(MIN_PART), os.urandom(MIN_PART + 1), b"tail"]
    upload_id = create(s3, bucket, "presigned.bin")
    completed = presigned_part_puts(presign_client, marker, bucket, "presigned.bin", upload_id,
                                    parts)
    done = complete(s3, bucket, "presigned.bin", upload_id, completed)
    assert done["ETag"] == multipart_etag(parts)
    got = s3.get_object(Bucket=bucket, Key="presigned.bin")
    assert got["Body"].read() == b"".join(parts)
    assert got["ETag"] == multipart_etag(parts)


def test_presigned_complete_url_with_xml_body(s3, bucket, presigner):
    presign_client, marker = presigner
    parts = [os.urandom(MIN_PART), b"last part"]
    upload_id = create(s3, bucket, "pc.bin")
    completed = presigned_part_puts(presign_client, marker, bucket, "pc.bin", upload_id, parts)
    url = presign_client.generate_presigned_url(
        "complete_multipart_upload", ExpiresIn=300,
        Params={"Bucket": bucket, "Key": "pc.bin", "UploadId": upload_id})
    r = requests.post(url, data=complete_xml(completed), timeout=30)
    assert r.status_code == 200, r.text
    root = ET.fromstring(r.content)
    ns = {"s3": "http://s3.amazonaws.com/doc/2006-03-01/"}
    assert root.tag == "{http://s3.amazonaws.com/doc/2006-03-01/}CompleteMultipartUploadResult"
    assert root.findtext("s3:ETag", namespaces=ns) == multipart_etag(parts)
    assert root.findtext("s3:Key", namespaces=ns) == "pc.bin"
    got = s3.get_object(Bucket=bucket, Key="pc.bin")
    assert got["Body"].read() == b"".join(parts)
    assert got["ETag"] == multipart_etag(parts)


# ---- GET and HEAD by part number ----------------------------------------------------------------


@pytest.fixture
def three_part_object(s3, bucket):
    parts = [os.urandom(MIN_PART), os.urandom(MIN_PART + 100), os.urandom(77)]
    upload_id, completed = upload_all(s3, bucket, "parts.bin", parts)
    complete(s3, bucket, "parts.bin", upload_id, completed)
    return bucket, "parts.bin", parts


def test_get_with_part_number_returns_that_parts_range(s3, three_part_object):
    bucket, key, parts = three_part_object
    total = sum(map(len, parts))
    got = s3.get_object(Bucket=bucket, Key=key, PartNumber=2)
    assert status_of(got) == 206
    first = len(parts[0])
    assert got["ContentRange"] == f"bytes {first}-{first + len(parts[1]) - 1}/{total}"
    assert got["ContentLength"] == len(parts[1])
    assert got["PartsCount"] == 3
    assert headers_of(got)["x-amz-mp-parts-count"] == "3"
    assert got["ETag"] == multipart_etag(parts), "the ETag stays the whole object's"
    assert got["Body"].read() == parts[1]


def test_head_with_part_number_describes_that_part(s3, three_part_object):
    bucket, key, parts = three_part_object
    total = sum(map(len, parts))
    head = s3.head_object(Bucket=bucket, Key=key, PartNumber=3)
    assert status_of(head) == 206
    assert head["ContentLength"] == 77
    # Debian's botocore does not model HeadObject's Content-Range yet: read the header.
    assert headers_of(head)["content-range"] == f"bytes {total - 77}-{total - 1}/{total}"
    assert head["PartsCount"] == 3


def test_whole_object_get_has_no_parts_count(s3, three_part_object):
    bucket, key, parts = three_part_object
    got = s3.get_object(Bucket=bucket, Key=key)
    assert status_of(got) == 200
    assert "x-amz-mp-parts-count" not in headers_of(got), "S3 counts parts only for partNumber"
    assert got["Body"].read() == b"".join(parts)


def test_get_of_part_number_beyond_the_count_is_invalid_part_number(s3, three_part_object):
    bucket, key, _ = three_part_object
    with pytest.raises(ClientError) as e:
        s3.get_object(Bucket=bucket, Key=key, PartNumber=4)
    assert error_code(e.value) == "InvalidPartNumber"
    assert status_of(e.value) == 416


def test_head_of_part_number_beyond_the_count_is_416(s3, three_part_object):
    bucket, key, _ = three_part_object
    with pytest.raises(ClientError) as e:
        s3.head_object(Bucket=bucket, Key=key, PartNumber=4)
    assert status_of(e.value) == 416


# ---- abort and unknown uploads ------------------------------------------------------------------


@pytest.fixture
def aborted(s3, bucket):
    upload_id, _ = upload_all(s3, bucket, "gone", [os.urandom(MIN_PART)])
    response = s3.abort_multipart_upload(Bucket=bucket, Key="gone", UploadId=upload_id)
    assert status_of(response) == 204
    return bucket, "gone", upload_id


def test_list_parts_after_abort_is_no_such_upload(s3, aborted):
    bucket, key, upload_id = aborted
    with pytest.raises(ClientError) as e:
        s3.list_parts(Bucket=bucket, Key=key, UploadId=upload_id)
    assert error_code(e.value) == "NoSuchUpload"
    assert status_of(e.value) == 404


def test_upload_part_after_abort_is_no_such_upload(s3, aborted):
    bucket, key, upload_id = aborted
    with pytest.raises(ClientError) as e:
        upload(s3, bucket, key, upload_id, 2, b"late")
    assert error_code(e.value) == "NoSuchUpload"


def test_aborted_upload_is_not_listed(s3, aborted):
    bucket, _, _ = aborted
    assert s3.list_multipart_uploads(Bucket=bucket).get("Uploads", []) == []


def test_complete_with_unknown_upload_id_is_no_such_upload(s3, bucket):
    upload_id, completed = upload_all(s3, bucket, "k", [b"data"])
    with pytest.raises(ClientError) as e:
        complete(s3, bucket, "k", upload_id + "x", completed)
    assert error_code(e.value) == "NoSuchUpload"
    assert status_of(e.value) == 404
    assert_absent(s3, bucket, "k")


def test_upload_id_of_another_key_is_no_such_upload(s3, bucket):
    upload_id, completed = upload_all(s3, bucket, "mine", [b"data"])
    with pytest.raises(ClientError) as e:
        complete(s3, bucket, "other", upload_id, completed)
    assert error_code(e.value) == "NoSuchUpload"
    assert_absent(s3, bucket, "other")


def test_abort_of_unknown_upload_is_no_such_upload(s3, bucket):
    with pytest.raises(ClientError) as e:
        s3.abort_multipart_upload(Bucket=bucket, Key="k", UploadId="no-such-upload-id")
    assert error_code(e.value) == "NoSuchUpload"


def test_in_progress_upload_is_no_object(s3, bucket):
    upload_all(s3, bucket, "pending", [b"data"])
    assert_absent(s3, bucket, "pending")
    assert s3.list_objects_v2(Bucket=bucket).get("Contents", []) == []


def test_completed_upload_is_gone(s3, bucket):
    upload_id, completed = upload_all(s3, bucket, "k", [b"data"])
    complete(s3, bucket, "k", upload_id, completed)
    assert s3.list_multipart_uploads(Bucket=bucket).get("Uploads", []) == []
    with pytest.raises(ClientError) as e:
        s3.list_parts(Bucket=bucket, Key="k", UploadId=upload_id)
    assert error_code(e.value) == "NoSuchUpload"


@pytest.mark.parametrize("number", [0, 10001])
def test_part_number_outside_1_to_10000_is_invalid_argument(s3, bucket, number):
    upload_id = create(s3, bucket, "k")
    with pytest.raises(ClientError) as e:
        upload(s3, bucket, "k", upload_id, number, b"x")
    assert error_code(e.value) == "InvalidArgument"
    assert status_of(e.value) == 400


# ---- CompleteMultipartUpload refusals: no object, the upload stays ------------------------------


def assert_refused_and_kept(s3, bucket, key, upload_id, completed, code, parts_left):
    with pytest.raises(ClientError) as e:
        complete(s3, bucket, key, upload_id, completed)
    assert error_code(e.value) == code, e.value.response["Error"]
    assert status_of(e.value) == 400
    assert_absent(s3, bucket, key)
    listed = s3.list_parts(Bucket=bucket, Key=key, UploadId=upload_id)
    assert [p["PartNumber"] for p in listed.get("Parts", [])] == parts_left


def test_wrong_etag_is_invalid_part(s3, bucket):
    upload_id, completed = upload_all(s3, bucket, "k", [os.urandom(MIN_PART), b"end"])
    completed[1]["ETag"] = '"' + "0" * 32 + '"'
    assert_refused_and_kept(s3, bucket, "k", upload_id, completed, "InvalidPart", [1, 2])


def test_part_never_uploaded_is_invalid_part(s3, bucket):
    upload_id = create(s3, bucket, "k")
    one = upload(s3, bucket, "k", upload_id, 1, os.urandom(MIN_PART))
    upload(s3, bucket, "k", upload_id, 3, b"three")
    missing = {"PartNumber": 2, "ETag": f'"{md5_hex(b"three")}"'}
    assert_refused_and_kept(s3, bucket, "k", upload_id, [one, missing], "InvalidPart", [1, 3])


def test_descending_part_numbers_are_invalid_part_order(s3, bucket):
    upload_id, completed = upload_all(s3, bucket, "k", [os.urandom(MIN_PART), b"end"])
    assert_refused_and_kept(s3, bucket, "k", upload_id, completed[::-1], "InvalidPartOrder",
                            [1, 2])


def test_non_last_part_below_the_minimum_is_entity_too_small(s3, bucket):
    upload_id, completed = upload_all(s3, bucket, "k", [os.urandom(MIN_PART - 1), b"end"])
    assert_refused_and_kept(s3, bucket, "k", upload_id, completed, "EntityTooSmall", [1, 2])


def test_parts_of_exactly_the_minimum_and_a_small_last_part_complete(s3, bucket):
    parts = [os.urandom(MIN_PART), os.urandom(MIN_PART), b"x"]
    upload_id, completed = upload_all(s3, bucket, "k", parts)
    complete(s3, bucket, "k", upload_id, completed)
    assert s3.get_object(Bucket=bucket, Key="k")["Body"].read() == b"".join(parts)


def test_single_part_below_the_minimum_completes(s3, bucket):
    upload_id, completed = upload_all(s3, bucket, "k", [b"tiny"])
    done = complete(s3, bucket, "k", upload_id, completed)
    assert done["ETag"] == multipart_etag([b"tiny"])
    assert s3.get_object(Bucket=bucket, Key="k")["Body"].read() == b"tiny"


def test_complete_without_parts_is_malformed_xml(s3, bucket):
    upload_id, _ = upload_all(s3, bucket, "k", [b"data"])
    with pytest.raises(ClientError) as e:
        s3.complete_multipart_upload(Bucket=bucket, Key="k", UploadId=upload_id,
                                     MultipartUpload={})
    assert error_code(e.value) == "MalformedXML"
    assert status_of(e.value) == 400
    assert_absent(s3, bucket, "k")
    assert len(s3.list_parts(Bucket=bucket, Key="k", UploadId=upload_id)["Parts"]) == 1


def test_unparsable_complete_body_is_malformed_xml(sandbox, s3, bucket):
    upload_id, _ = upload_all(s3, bucket, "k", [b"data"])
    url = sandbox.client(signature_version="s3v4").generate_presigned_url(
        "complete_multipart_upload", ExpiresIn=300,
        Params={"Bucket": bucket, "Key": "k", "UploadId": upload_id})
    r = requests.post(url, data=b"<CompleteMultipartUpload><Part><PartNumber>1", timeout=30)
    assert r.status_code == 400, r.text
    assert error_of(r) == "MalformedXML"
    assert_absent(s3, bucket, "k")
    assert len(s3.list_parts(Bucket=bucket, Key="k", UploadId=upload_id)["Parts"]) == 1


# ---- re-uploaded parts --------------------------------------------------------------------------


@pytest.fixture
def replaced_part(s3, bucket):
    first, second, tail = os.urandom(MIN_PART), os.urandom(MIN_PART + 3), b"tail"
    upload_id = create(s3, bucket, "re")
    old = upload(s3, bucket, "re", upload_id, 1, first)
    upload(s3, bucket, "re", upload_id, 1, second)
    upload(s3, bucket, "re", upload_id, 2, tail)
    return bucket, upload_id, old, second, tail


def test_reuploaded_part_replaces_the_first_in_list_parts(s3, replaced_part):
    bucket, upload_id, _, second, tail = replaced_part
    parts = s3.list_parts(Bucket=bucket, Key="re", UploadId=upload_id)["Parts"]
    assert [(p["PartNumber"], p["ETag"], p["Size"]) for p in parts] == [
        (1, f'"{md5_hex(second)}"', len(second)), (2, f'"{md5_hex(tail)}"', len(tail))]


def test_completed_object_has_the_reuploaded_bytes(s3, replaced_part):
    bucket, upload_id, _, second, tail = replaced_part
    completed = [{"PartNumber": 1, "ETag": f'"{md5_hex(second)}"'},
                 {"PartNumber": 2, "ETag": f'"{md5_hex(tail)}"'}]
    complete(s3, bucket, "re", upload_id, completed)
    assert s3.get_object(Bucket=bucket, Key="re")["Body"].read() == second + tail


def test_etag_of_the_replaced_part_is_invalid_part(s3, replaced_part):
    bucket, upload_id, old, _, tail = replaced_part
    completed = [old, {"PartNumber": 2, "ETag": f'"{md5_hex(tail)}"'}]
    assert_refused_and_kept(s3, bucket, "re", upload_id, completed, "InvalidPart", [1, 2])


# ---- listings -----------------------------------------------------------------------------------


def test_list_parts_pages_with_max_parts_and_part_number_marker(s3, bucket):
    upload_id = create(s3, bucket, "k")
    bodies = {n: f"part {n}".encode() for n in (5, 3, 1, 4, 2)}  # uploaded out of order
    for number, body in bodies.items():
        upload(s3, bucket, "k", upload_id, number, body)
    pages = []
    marker = 0
    while True:
        page = s3.list_parts(Bucket=bucket, Key="k", UploadId=upload_id, MaxParts=2,
                             PartNumberMarker=marker)
        assert page["MaxParts"] == 2
        pages.append([p["PartNumber"] for p in page["Parts"]])
        if not page["IsTruncated"]:
            break
        assert page["NextPartNumberMarker"] == pages[-1][-1]
        marker = page["NextPartNumberMarker"]
    assert pages == [[1, 2], [3, 4], [5]]
    every = s3.list_parts(Bucket=bucket, Key="k", UploadId=upload_id)["Parts"]
    assert [(p["PartNumber"], p["ETag"], p["Size"]) for p in every] == [
        (n, f'"{md5_hex(bodies[n])}"', len(bodies[n])) for n in range(1, 6)]


UPLOAD_KEYS = ["a/1", "a/2", "b/1", "c", "c", "d/e/f"]


@pytest.fixture
def uploads(s3, bucket):
    """Upload ids by key for UPLOAD_KEYS, created in a shuffled order (two for "c")."""
    created = {}
    for key in ["c", "d/e/f", "a/2", "b/1", "c", "a/1"]:
        created.setdefault(key, []).append(create(s3, bucket, key))
    return bucket, created


def test_list_uploads_with_prefix(s3, uploads):
    bucket, created = uploads
    listed = s3.list_multipart_uploads(Bucket=bucket, Prefix="a/")
    assert [(u["Key"], u["UploadId"]) for u in listed["Uploads"]] == [
        ("a/1", created["a/1"][0]), ("a/2", created["a/2"][0])]
    assert listed["Prefix"] == "a/"


def test_list_uploads_with_delimiter_rolls_up_common_prefixes(s3, uploads):
    bucket, created = uploads
    listed = s3.list_multipart_uploads(Bucket=bucket, Delimiter="/")
    assert [p["Prefix"] for p in listed["CommonPrefixes"]] == ["a/", "b/", "d/"]
    assert [u["Key"] for u in listed["Uploads"]] == ["c", "c"]
    assert {u["UploadId"] for u in listed["Uploads"]} == set(created["c"])


def test_list_uploads_pages_with_max_uploads_and_markers(s3, uploads):
    bucket, created = uploads
    seen = []
    kwargs = {}
    while True:
        page = s3.list_multipart_uploads(Bucket=bucket, MaxUploads=1, **kwargs)
        assert page["MaxUploads"] == 1
        assert len(page["Uploads"]) == 1
        seen.append((page["Uploads"][0]["Key"], page["Uploads"][0]["UploadId"]))
        if not page["IsTruncated"]:
            break
        assert (page["NextKeyMarker"], page["NextUploadIdMarker"]) == seen[-1]
        kwargs = {"KeyMarker": page["NextKeyMarker"],
                  "UploadIdMarker": page["NextUploadIdMarker"]}
    assert [key for key, _ in seen] == sorted(UPLOAD_KEYS)
    assert sorted(seen) == sorted((k, i) for k, ids in created.items() for i in ids)


def test_key_marker_alone_lists_only_greater_keys(s3, uploads):
    bucket, created = uploads
    listed = s3.list_multipart_uploads(Bucket=bucket, KeyMarker="c")
    assert [u["Key"] for u in listed["Uploads"]] == ["d/e/f"]
    assert listed["IsTruncated"] is False


def test_upload_id_marker_continues_within_the_same_key(s3, uploads):
    bucket, created = uploads
    both = [u["UploadId"] for u in s3.list_multipart_uploads(Bucket=bucket, Prefix="c")["Uploads"]]
    assert sorted(both) == sorted(created["c"])
    listed = s3.list_multipart_uploads(Bucket=bucket, KeyMarker="c", UploadIdMarker=both[0])
    assert [(u["Key"], u["UploadId"]) for u in listed["Uploads"]] == [
        ("c", both[1]), ("d/e/f", created["d/e/f"][0])]


# ---- UploadPartCopy -----------------------------------------------------------------------------


@pytest.fixture
def source(s3, bucket):
    data = os.urandom(3 * MIN_PART)
    etag = s3.put_object(Bucket=bucket, Key="src", Body=data)["ETag"]
    return bucket, data, etag


def test_upload_part_copy_with_ranges_builds_the_object(s3, source):
    bucket, data, _ = source
    upload_id = create(s3, bucket, "copied")
    first = s3.upload_part_copy(Bucket=bucket, Key="copied", UploadId=upload_id, PartNumber=1,
                                CopySource={"Bucket": bucket, "Key": "src"},
                                CopySourceRange=f"bytes={MIN_PART}-{2 * MIN_PART - 1}")
    assert first["CopyPartResult"]["ETag"] == f'"{md5_hex(data[MIN_PART:2 * MIN_PART])}"'
    second = s3.upload_part_copy(Bucket=bucket, Key="copied", UploadId=upload_id, PartNumber=2,
                                 CopySource={"Bucket": bucket, "Key": "src"},
                                 CopySourceRange="bytes=0-9")
    assert second["CopyPartResult"]["ETag"] == f'"{md5_hex(data[:10])}"'
    complete(s3, bucket, "copied", upload_id, [
        {"PartNumber": 1, "ETag": first["CopyPartResult"]["ETag"]},
        {"PartNumber": 2, "ETag": second["CopyPartResult"]["ETag"]}])
    got = s3.get_object(Bucket=bucket, Key="copied")
    assert got["Body"].read() == data[MIN_PART:2 * MIN_PART] + data[:10]
    assert got["ETag"] == multipart_etag([data[MIN_PART:2 * MIN_PART], data[:10]])


def test_upload_part_copy_with_failing_if_match_is_precondition_failed(s3, source):
    bucket, _, _ = source
    upload_id = create(s3, bucket, "copied")
    with pytest.raises(ClientError) as e:
        s3.upload_part_copy(Bucket=bucket, Key="copied", UploadId=upload_id, PartNumber=1,
                            CopySource={"Bucket": bucket, "Key": "src"},
                            CopySourceIfMatch='"' + "0" * 32 + '"')
    assert error_code(e.value) == "PreconditionFailed"
    assert status_of(e.value) == 412
    assert s3.list_parts(Bucket=bucket, Key="copied", UploadId=upload_id).get("Parts", []) == []


def test_upload_part_copy_with_failing_if_none_match_is_precondition_failed(s3, source):
    bucket, _, etag = source
    upload_id = create(s3, bucket, "copied")
    with pytest.raises(ClientError) as e:
        s3.upload_part_copy(Bucket=bucket, Key="copied", UploadId=upload_id, PartNumber=1,
                            CopySource={"Bucket": bucket, "Key": "src"},
                            CopySourceIfNoneMatch=etag)
    assert error_code(e.value) == "PreconditionFailed"


# ---- metadata and composite checksums -----------------------------------------------------------


@pytest.fixture
def sha256_object(s3, bucket):
    parts = [os.urandom(MIN_PART), os.urandom(MIN_PART), b"sha256 tail"]
    upload_id = create(s3, bucket, "sum.bin", ContentType="application/x-test",
                       Metadata={"color": "blue"}, ChecksumAlgorithm="SHA256")
    completed = []
    for number, body in enumerate(parts, 1):
        response = s3.upload_part(Bucket=bucket, Key="sum.bin", UploadId=upload_id,
                                  PartNumber=number, Body=body, ChecksumAlgorithm="SHA256")
        assert response["ChecksumSHA256"] == b64(hashlib.sha256(body).digest())
        completed.append({"PartNumber": number, "ETag": response["ETag"],
                          "ChecksumSHA256": response["ChecksumSHA256"]})
    done = complete(s3, bucket, "sum.bin", upload_id, completed)
    composite = b64(hashlib.sha256(b"".join(hashlib.sha256(p).digest() for p in parts)).digest())
    return bucket, "sum.bin", parts, composite, done


def test_completed_object_keeps_content_type_and_metadata(s3, sha256_object):
    bucket, key, parts, _, _ = sha256_object
    head = s3.head_object(Bucket=bucket, Key=key)
    assert head["ContentType"] == "application/x-test"
    assert head["Metadata"] == {"color": "blue"}
    assert head["ContentLength"] == sum(map(len, parts))


def test_complete_answers_the_composite_sha256(sha256_object):
    _, _, parts, composite, done = sha256_object
    assert done["ChecksumSHA256"] == f"{composite}-{len(parts)}"


def test_head_with_checksum_mode_shows_the_composite_sha256(s3, sha256_object):
    bucket, key, parts, composite, _ = sha256_object
    head = s3.head_object(Bucket=bucket, Key=key, ChecksumMode="ENABLED")
    assert head["ChecksumSHA256"] == f"{composite}-{len(parts)}"
    assert headers_of(head)["x-amz-checksum-type"] == "COMPOSITE"


def test_get_object_attributes_shows_the_composite_sha256_and_parts(s3, sha256_object):
    # S3 gives the same composite here without the "-N" suffix; the count is TotalPartsCount.
    bucket, key, parts, composite, _ = sha256_object
    attrs = s3.get_object_attributes(Bucket=bucket, Key=key,
                                     ObjectAttributes=["Checksum", "ObjectParts", "ObjectSize"])
    assert attrs["Checksum"]["ChecksumSHA256"] == composite
    assert attrs["ObjectParts"]["TotalPartsCount"] == len(parts)
    assert attrs["ObjectSize"] == sum(map(len, parts))


def test_list_parts_shows_each_parts_sha256(s3, bucket):
    bodies = [os.urandom(MIN_PART), b"second"]
    upload_id = create(s3, bucket, "k", ChecksumAlgorithm="SHA256")
    for number, body in enumerate(bodies, 1):
        s3.upload_part(Bucket=bucket, Key="k", UploadId=upload_id, PartNumber=number, Body=body,
                       ChecksumAlgorithm="SHA256")
    listed = s3.list_parts(Bucket=bucket, Key="k", UploadId=upload_id)
    assert listed["ChecksumAlgorithm"] == "SHA256"
    assert [p["ChecksumSHA256"] for p in listed["Parts"]] == [
        b64(hashlib.sha256(b).digest()) for b in bodies]


def test_part_with_another_checksum_algorithm_is_invalid_request(s3, bucket):
    upload_id = create(s3, bucket, "k", ChecksumAlgorithm="SHA256")
    with pytest.raises(ClientError) as e:
        s3.upload_part(Bucket=bucket, Key="k", UploadId=upload_id, PartNumber=1, Body=b"x",
                       ChecksumAlgorithm="CRC32")
    assert error_code(e.value) == "InvalidRequest"
    assert "Checksum Type mismatch" in e.value.response["Error"]["Message"]
    assert s3.list_parts(Bucket=bucket, Key="k", UploadId=upload_id).get("Parts", []) == []


def test_complete_without_the_part_checksums_is_invalid_request(s3, bucket):
    upload_id = create(s3, bucket, "k", ChecksumAlgorithm="SHA256")
    response = s3.upload_part(Bucket=bucket, Key="k", UploadId=upload_id, PartNumber=1,
                              Body=b"x", ChecksumAlgorithm="SHA256")
    with pytest.raises(ClientError) as e:
        complete(s3, bucket, "k", upload_id, [{"PartNumber": 1, "ETag": response["ETag"]}])
    assert error_code(e.value) == "InvalidRequest"
    assert "sha256" in e.value.response["Error"]["Message"]
    assert_absent(s3, bucket, "k")


def test_complete_with_a_wrong_part_checksum_is_invalid_part(s3, bucket):
    upload_id = create(s3, bucket, "k", ChecksumAlgorithm="SHA256")
    response = s3.upload_part(Bucket=bucket, Key="k", UploadId=upload_id, PartNumber=1,
                              Body=b"x", ChecksumAlgorithm="SHA256")
    wrong = {"PartNumber": 1, "ETag": response["ETag"],
             "ChecksumSHA256": b64(hashlib.sha256(b"y").digest())}
    assert_refused_and_kept(s3, bucket, "k", upload_id, [wrong], "InvalidPart", [1])


# ---- restart ------------------------------------------------------------------------------------


def test_in_progress_upload_survives_a_restart(start_sandbox, tmp_path):
    args = ("--data-dir", tmp_path / "data", "--min-part-size", MIN_PART)
    first = start_sandbox(*args)
    s3 = first.client()
    s3.create_bucket(Bucket="durable")
    parts = [os.urandom(MIN_PART), os.urandom(MIN_PART), b"after restart"]
    upload_id = create(s3, "durable", "k")
    completed = [upload(s3, "durable", "k", upload_id, n, parts[n - 1]) for n in (1, 2)]
    assert first.stop() == 0

    second = start_sandbox(*args)
    s3 = second.client()
    listed = s3.list_multipart_uploads(Bucket="durable")["Uploads"]
    assert [(u["Key"], u["UploadId"]) for u in listed] == [("k", upload_id)]
    kept = s3.list_parts(Bucket="durable", Key="k", UploadId=upload_id)["Parts"]
    assert [(p["PartNumber"], p["ETag"]) for p in kept] == [
        (c["PartNumber"], c["ETag"]) for c in completed]
    completed.append(upload(s3, "durable", "k", upload_id, 3, parts[2]))
    complete(s3, "durable", "k", upload_id, completed)
    assert s3.get_object(Bucket="durable", Key="k")["Body"].read() == b"".join(parts)


# ---- conditional completion ---------------------------------------------------------------------


def test_complete_with_if_none_match_on_an_existing_key_is_precondition_failed(s3, bucket):
    s3.put_object(Bucket=bucket, Key="taken", Body=b"first writer")
    upload_id, completed = upload_all(s3, bucket, "taken", [b"second writer"])
    undo = with_headers(s3, "CompleteMultipartUpload", {"If-None-Match": "*"})
    try:
        with pytest.raises(ClientError) as e:
            complete(s3, bucket, "taken", upload_id, completed)
    finally:
        undo()
    assert error_code(e.value) == "PreconditionFailed"
    assert status_of(e.value) == 412
    assert s3.get_object(Bucket=bucket, Key="taken")["Body"].read() == b"first writer"


def test_complete_with_if_none_match_on_a_free_key_succeeds(s3, bucket):
    upload_id, completed = upload_all(s3, bucket, "free", [b"only writer"])
    undo = with_headers(s3, "CompleteMultipartUpload", {"If-None-Match": "*"})
    try:
        complete(s3, bucket, "free", upload_id, completed)
    finally:
        undo()
    assert s3.get_object(Bucket=bucket, Key="free")["Body"].read() == b"only writer"
