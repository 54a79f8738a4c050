"""S3 versioning with boto3 and the aws CLI: Put/GetBucketVersioning, version ids on every
write, GET/HEAD/DELETE/GetObjectAttributes/tagging of a version, delete markers (405 by id,
404 with x-amz-delete-marker when latest), Suspended mode's null version, ListObjectVersions
paging (boto3's paginator and the CLI), CopyObject and UploadPartCopy from a version,
DeleteObjects with version ids, a presigned GET of a version, and BucketNotEmpty.
"""
import json

import pytest
import requests
from botocore.exceptions import ClientError

from conftest import error_code, headers_of, status_of


def enable(s3, bucket, status="Enabled"):
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": status})


def body(s3, bucket, key, version_id=None):
    kwargs = {"VersionId": version_id} if version_id else {}
    return s3.get_object(Bucket=bucket, Key=key, **kwargs)["Body"].read()


def test_a_new_bucket_answers_an_empty_versioning_configuration(s3, bucket):
    got = s3.get_bucket_versioning(Bucket=bucket)
    assert "Status" not in got and "MFADelete" not in got
    enable(s3, bucket)
    assert s3.get_bucket_versioning(Bucket=bucket)["Status"] == "Enabled"
    enable(s3, bucket, "Suspended")
    assert s3.get_bucket_versioning(Bucket=bucket)["Status"] == "Suspended"


def test_mfa_delete_without_mfa_is_access_denied(s3, bucket):
    with pytest.raises(ClientError) as e:
        s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={
            "Status": "Enabled", "MFADelete": "Enabled"})
    assert error_code(e.value) == "AccessDenied"
    assert "Mfa Authentication must be used" in e.value.response["Error"]["Message"]
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={
        "Status": "Enabled", "MFADelete": "Disabled"})
    got = s3.get_bucket_versioning(Bucket=bucket)
    assert got["Status"] == "Enabled" and got["MFADelete"] == "Disabled"


def test_an_unversioned_bucket_sends_no_version_headers(s3, bucket):
    put = s3.put_object(Bucket=bucket, Key="k", Body=b"1")
    assert "VersionId" not in put
    assert "x-amz-version-id" not in headers_of(s3.head_object(Bucket=bucket, Key="k"))
    deleted = s3.delete_object(Bucket=bucket, Key="k")
    assert "x-amz-version-id" not in headers_of(deleted)
    assert "x-amz-delete-marker" not in headers_of(deleted)


def test_every_version_is_kept_and_readable(s3, bucket):
    s3.put_object(Bucket=bucket, Key="k", Body=b"before")
    enable(s3, bucket)
    v1 = s3.put_object(Bucket=bucket, Key="k", Body=b"one")["VersionId"]
    v2 = s3.put_object(Bucket=bucket, Key="k", Body=b"two")["VersionId"]
    assert v1 != v2
    assert body(s3, bucket, "k") == b"two"
    assert body(s3, bucket, "k", v1) == b"one"
    assert body(s3, bucket, "k", "null") == b"before"
    head = s3.head_object(Bucket=bucket, Key="k", VersionId=v1)
    assert head["VersionId"] == v1 and head["ContentLength"] == 3
    assert s3.get_object(Bucket=bucket, Key="k")["VersionId"] == v2
    attrs = s3.get_object_attributes(Bucket=bucket, Key="k", VersionId=v1,
                                     ObjectAttributes=["ObjectSize"])
    assert attrs["ObjectSize"] == 3 and attrs["VersionId"] == v1


def test_bad_and_missing_version_ids(s3, bucket):
    enable(s3, bucket)
    s3.put_object(Bucket=bucket, Key="k", Body=b"1")
    with pytest.raises(ClientError) as e:
        s3.get_object(Bucket=bucket, Key="k", VersionId="not-a-version")
    assert error_code(e.value) == "InvalidArgument"
    assert e.value.response["Error"]["Message"].startswith("Invalid version id specified")
    with pytest.raises(ClientError) as e:
        s3.get_object(Bucket=bucket, Key="k", VersionId="0" * 32)
    assert error_code(e.value) == "NoSuchVersion"
    assert status_of(e.value) == 404


def test_delete_markers(s3, bucket):
    enable(s3, bucket)
    v1 = s3.put_object(Bucket=bucket, Key="k", Body=b"one")["VersionId"]
    deleted = s3.delete_object(Bucket=bucket, Key="k")
    assert deleted["DeleteMarker"] is True
    marker = deleted["VersionId"]
    assert marker != v1

    # The latest is a marker: 404 NoSuchKey with x-amz-delete-marker.
    with pytest.raises(ClientError) as e:
        s3.get_object(Bucket=bucket, Key="k")
    assert error_code(e.value) == "NoSuchKey"
    assert headers_of(e.value)["x-amz-delete-marker"] == "true"
    with pytest.raises(ClientError) as e:
        s3.head_object(Bucket=bucket, Key="k")
    assert status_of(e.value) == 404
    assert headers_of(e.value)["x-amz-delete-marker"] == "true"

    # The marker by its id: 405 MethodNotAllowed with the marker headers.
    with pytest.raises(ClientError) as e:
        s3.get_object(Bucket=bucket, Key="k", VersionId=marker)
    assert status_of(e.value) == 405
    assert error_code(e.value) == "MethodNotAllowed"
    h = headers_of(e.value)
    assert h["x-amz-delete-marker"] == "true" and h["allow"] == "DELETE"
    assert "last-modified" in h
    with pytest.raises(ClientError) as e:
        s3.head_object(Bucket=bucket, Key="k", VersionId=marker)
    assert status_of(e.value) == 405

    # ListObjects hides the key; the old version is still there.
    assert "Contents" not in s3.list_objects_v2(Bucket=bucket)
    assert body(s3, bucket, "k", v1) == b"one"

    # Deleting the marker by id brings the object back.
    removed = s3.delete_object(Bucket=bucket, Key="k", VersionId=marker)
    assert removed["DeleteMarker"] is True and removed["VersionId"] == marker
    assert body(s3, bucket, "k") == b"one"


def test_suspended_mode_keeps_one_null_version(s3, bucket):
    enable(s3, bucket)
    v1 = s3.put_object(Bucket=bucket, Key="k", Body=b"one")["VersionId"]
    enable(s3, bucket, "Suspended")
    s3.put_object(Bucket=bucket, Key="k", Body=b"null-a")
    s3.put_object(Bucket=bucket, Key="k", Body=b"null-b")
    assert s3.get_object(Bucket=bucket, Key="k")["VersionId"] == "null"
    versions = s3.list_object_versions(Bucket=bucket)["Versions"]
    assert [(v["VersionId"], v["IsLatest"]) for v in versions] == [("null", True), (v1, False)]
    assert body(s3, bucket, "k", "null") == b"null-b"
    deleted = s3.delete_object(Bucket=bucket, Key="k")
    assert deleted["DeleteMarker"] is True and deleted["VersionId"] == "null"
    listed = s3.list_object_versions(Bucket=bucket)
    assert [m["VersionId"] for m in listed["DeleteMarkers"]] == ["null"]
    assert [v["VersionId"] for v in listed["Versions"]] == [v1]


def test_list_object_versions_pages_in_s3_order(s3, bucket):
    enable(s3, bucket)
    ids = {}
    for key in ["a", "b/x", "b/y", "c"]:
        ids[key] = [s3.put_object(Bucket=bucket, Key=key, Body=b"%d" % i)["VersionId"]
                    for i in range(2)]
    marker = s3.delete_object(Bucket=bucket, Key="c")["VersionId"]
    pages = s3.get_paginator("list_object_versions").paginate(
        Bucket=bucket, PaginationConfig={"PageSize": 2})
    entries = []
    for page in pages:
        assert len(page.get("Versions", [])) + len(page.get("DeleteMarkers", [])) <= 2
        for v in page.get("Versions", []):
            entries.append((v["Key"], v["VersionId"], v["IsLatest"]))
        for m in page.get("DeleteMarkers", []):
            entries.append((m["Key"], m["VersionId"], m["IsLatest"]))
    # boto3 splits each page into Versions and DeleteMarkers; S3's order is key ascending,
    # newest first within a key.
    entries.sort(key=lambda e: (e[0], 0 if e[1] == marker else 1))
    expected = []
    for key in ["a", "b/x", "b/y"]:
        expected += [(key, ids[key][1], True), (key, ids[key][0], False)]
    expected += [("c", marker, True), ("c", ids["c"][1], False), ("c", ids["c"][0], False)]
    assert sorted(entries) == sorted(expected)

    rolled = s3.list_object_versions(Bucket=bucket, Delimiter="/")
    assert [p["Prefix"] for p in rolled["CommonPrefixes"]] == ["b/"]
    only_b = s3.list_object_versions(Bucket=bucket, Prefix="b/", MaxKeys=3)
    assert only_b["IsTruncated"] is True
    assert only_b["NextKeyMarker"] == "b/y"
    assert only_b["NextVersionIdMarker"] == ids["b/y"][1]
    rest = s3.list_object_versions(Bucket=bucket, Prefix="b/", KeyMarker=only_b["NextKeyMarker"],
                                   VersionIdMarker=only_b["NextVersionIdMarker"])
    assert [v["VersionId"] for v in rest["Versions"]] == [ids["b/y"][0]]
    assert rest["IsTruncated"] is False


def test_list_object_versions_url_encoding(s3, bucket):
    enable(s3, bucket)
    s3.put_object(Bucket=bucket, Key="a b+c", Body=b"1")
    # Asked by the caller, the encoding is the caller's to undo (botocore leaves it).
    raw = s3.list_object_versions(Bucket=bucket, EncodingType="url")
    assert raw["Versions"][0]["Key"] == "a+b%2Bc"
    assert raw["EncodingType"] == "url"
    # Otherwise botocore asks for it itself and decodes the answer.
    assert s3.list_object_versions(Bucket=bucket)["Versions"][0]["Key"] == "a b+c"


def test_copy_object_from_a_version(s3, bucket):
    enable(s3, bucket)
    v1 = s3.put_object(Bucket=bucket, Key="src", Body=b"old")["VersionId"]
    s3.put_object(Bucket=bucket, Key="src", Body=b"new")
    copied = s3.copy_object(Bucket=bucket, Key="dst",
                            CopySource={"Bucket": bucket, "Key": "src", "VersionId": v1})
    assert copied["CopySourceVersionId"] == v1
    assert copied["VersionId"]
    assert body(s3, bucket, "dst") == b"old"
    # Restoring an old version onto its own key is a copy S3 allows.
    s3.copy_object(Bucket=bucket, Key="src",
                   CopySource={"Bucket": bucket, "Key": "src", "VersionId": v1})
    assert body(s3, bucket, "src") == b"old"

    marker = s3.delete_object(Bucket=bucket, Key="src")["VersionId"]
    with pytest.raises(ClientError) as e:
        s3.copy_object(Bucket=bucket, Key="dst2",
                       CopySource={"Bucket": bucket, "Key": "src", "VersionId": marker})
    assert error_code(e.value) == "InvalidRequest"


def test_upload_part_copy_from_a_version(s3, bucket):
    enable(s3, bucket)
    v1 = s3.put_object(Bucket=bucket, Key="src", Body=b"x" * 1000)["VersionId"]
    s3.put_object(Bucket=bucket, Key="src", Body=b"y")
    upload = s3.create_multipart_upload(Bucket=bucket, Key="mp")["UploadId"]
    part = s3.upload_part_copy(Bucket=bucket, Key="mp", UploadId=upload, PartNumber=1,
                               CopySource={"Bucket": bucket, "Key": "src", "VersionId": v1})
    assert part["CopySourceVersionId"] == v1
    done = s3.complete_multipart_upload(
        Bucket=bucket, Key="mp", UploadId=upload,
        MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": part["CopyPartResult"]["ETag"]}]})
    assert done["VersionId"]
    assert body(s3, bucket, "mp") == b"x" * 1000
    assert body(s3, bucket, "mp", done["VersionId"]) == b"x" * 1000


def test_delete_objects_with_version_ids(s3, bucket):
    enable(s3, bucket)
    v1 = s3.put_object(Bucket=bucket, Key="a", Body=b"1")["VersionId"]
    v2 = s3.put_object(Bucket=bucket, Key="a", Body=b"2")["VersionId"]
    s3.put_object(Bucket=bucket, Key="b", Body=b"1")
    result = s3.delete_objects(Bucket=bucket, Delete={"Objects": [
        {"Key": "a", "VersionId": v1}, {"Key": "b"}]})
    deleted = {d["Key"]: d for d in result["Deleted"]}
    assert deleted["a"]["VersionId"] == v1 and "DeleteMarker" not in deleted["a"]
    assert deleted["b"]["DeleteMarker"] is True
    marker = deleted["b"]["DeleteMarkerVersionId"]
    result = s3.delete_objects(Bucket=bucket, Delete={"Objects": [
        {"Key": "b", "VersionId": marker}, {"Key": "a", "VersionId": v2}]})
    deleted = {d["Key"]: d for d in result["Deleted"]}
    assert deleted["b"]["DeleteMarker"] is True
    assert deleted["b"]["DeleteMarkerVersionId"] == marker
    assert body(s3, bucket, "b") == b"1"
    assert "Versions" not in s3.list_object_versions(Bucket=bucket, Prefix="a")


def test_object_tagging_of_a_version(s3, bucket):
    enable(s3, bucket)
    v1 = s3.put_object(Bucket=bucket, Key="k", Body=b"1")["VersionId"]
    s3.put_object(Bucket=bucket, Key="k", Body=b"2")
    put = s3.put_object_tagging(Bucket=bucket, Key="k", VersionId=v1,
                                Tagging={"TagSet": [{"Key": "old", "Value": "yes"}]})
    assert put["VersionId"] == v1
    got = s3.get_object_tagging(Bucket=bucket, Key="k", VersionId=v1)
    assert got["TagSet"] == [{"Key": "old", "Value": "yes"}] and got["VersionId"] == v1
    assert s3.get_object_tagging(Bucket=bucket, Key="k")["TagSet"] == []


def test_presigned_get_of_a_version(s3, bucket):
    enable(s3, bucket)
    v1 = s3.put_object(Bucket=bucket, Key="k", Body=b"first")["VersionId"]
    s3.put_object(Bucket=bucket, Key="k", Body=b"second")
    url = s3.generate_presigned_url("get_object", Params={
        "Bucket": bucket, "Key": "k", "VersionId": v1}, ExpiresIn=300)
    r = requests.get(url, timeout=10)
    assert r.status_code == 200 and r.content == b"first"
    assert r.headers["x-amz-version-id"] == v1
    # The signature covers versionId: another version under the same signature is refused.
    tampered = url.replace(v1, "null")
    assert requests.get(tampered, timeout=10).status_code == 403


def test_a_bucket_with_versions_or_markers_is_not_empty(s3, bucket):
    enable(s3, bucket)
    v1 = s3.put_object(Bucket=bucket, Key="k", Body=b"1")["VersionId"]
    marker = s3.delete_object(Bucket=bucket, Key="k")["VersionId"]
    with pytest.raises(ClientError) as e:
        s3.delete_bucket(Bucket=bucket)
    assert error_code(e.value) == "BucketNotEmpty"
    s3.delete_object(Bucket=bucket, Key="k", VersionId=v1)
    with pytest.raises(ClientError) as e:
        s3.delete_bucket(Bucket=bucket)
    assert error_code(e.value) == "BucketNotEmpty"
    s3.delete_object(Bucket=bucket, Key="k", VersionId=marker)
    s3.delete_bucket(Bucket=bucket)


def test_aws_cli_versions(aws, s3, bucket, tmp_path):
    aws("s3api", "put-bucket-versioning", "--bucket", bucket,
        "--versioning-configuration", "Status=Enabled")
    first = json.loads(aws("s3api", "put-object", "--bucket", bucket, "--key", "doc.txt",
                           "--body", __file__).stdout)["VersionId"]
    s3.put_object(Bucket=bucket, Key="doc.txt", Body=b"newer")
    listed = json.loads(aws("s3api", "list-object-versions", "--bucket", bucket).stdout)
    assert [v["VersionId"] for v in listed["Versions"]][1] == first
    out = tmp_path / "old.txt"
    aws("s3api", "get-object", "--bucket", bucket, "--key", "doc.txt", "--version-id", first,
        str(out))
    assert out.read_bytes() == open(__file__, "rb").read()
    deleted = json.loads(aws("s3api", "delete-objects", "--bucket", bucket, "--delete",
                             json.dumps({"Objects": [{"Key": "doc.txt", "VersionId": first}]})
                             ).stdout)
    assert deleted["Deleted"] == [{"Key": "doc.txt", "VersionId": first}]
    listed = json.loads(aws("s3api", "list-object-versions", "--bucket", bucket).stdout)
    assert len(listed["Versions"]) == 1
