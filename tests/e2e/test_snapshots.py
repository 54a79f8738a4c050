"""Reset, snapshots and fixture import with boto3: save, mutate, restore (objects, bytes, tags,
uploads back); reset one bucket or everything; requests in flight across a restore; fixtures
imported once per data dir or at every start."""
import os
import time
from pathlib import Path

import botocore.exceptions
import pytest
import requests

from conftest import unique_bucket_name

MIN_PART = 5 * 1024


def control(sandbox, method, path, **params):
    return requests.request(method, sandbox.endpoint + "/_sandbox/" + path, params=params)


def save(sandbox, name):
    r = control(sandbox, "POST", "snapshots/" + name)
    assert r.status_code == 201, r.text
    return r.json()


def restore(sandbox, name):
    r = control(sandbox, "POST", f"snapshots/{name}/restore")
    assert r.status_code == 200, r.text
    return r.json()


def state_of(s3, bucket):
    """{key: (bytes, tags, content type)} of every object of the bucket."""
    out = {}
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket):
        for o in page.get("Contents", []):
            got = s3.get_object(Bucket=bucket, Key=o["Key"])
            tags = s3.get_object_tagging(Bucket=bucket, Key=o["Key"])["TagSet"]
            out[o["Key"]] = (got["Body"].read(), tags, got["ContentType"])
    return out


def data_files(data_dir):
    return sorted(p.name for p in (Path(data_dir) / "data").rglob("*") if p.is_file())


@pytest.fixture
def persistent(start_sandbox, tmp_path):
    return start_sandbox("--data-dir", tmp_path / "data", "--min-part-size", MIN_PART)


def test_save_mutate_restore_brings_objects_bytes_and_tags_back(persistent, tmp_path):
    sandbox = persistent
    s3 = sandbox.client()
    bucket = unique_bucket_name()
    s3.create_bucket(Bucket=bucket)
    big = os.urandom(200 * 1024)  # a file under data/, not an inline body
    s3.put_object(Bucket=bucket, Key="small.txt", Body=b"small", ContentType="text/plain")
    s3.put_object(Bucket=bucket, Key="big.bin", Body=big)
    s3.put_object(Bucket=bucket, Key="doomed.bin", Body=os.urandom(50 * 1024))
    s3.put_object_tagging(Bucket=bucket, Key="small.txt",
                          Tagging={"TagSet": [{"Key": "color", "Value": "red"}]})
    before = state_of(s3, bucket)
    info = save(sandbox, "baseline")
    assert info["name"] == "baseline"
    assert info["objects"] == 3
    assert info["bytes"] == 5 + len(big) + 50 * 1024

    s3.put_object(Bucket=bucket, Key="small.txt", Body=b"changed")
    s3.put_object(Bucket=bucket, Key="big.bin", Body=os.urandom(300 * 1024))
    s3.delete_object(Bucket=bucket, Key="doomed.bin")
    s3.put_object(Bucket=bucket, Key="new.bin", Body=os.urandom(40 * 1024))
    other = unique_bucket_name()
    s3.create_bucket(Bucket=other)
    assert state_of(s3, bucket) != before

    restored = restore(sandbox, "baseline")
    assert restored["restored"]["objects"] == 3
    assert state_of(s3, bucket) == before
    assert other not in [b["Name"] for b in s3.list_buckets()["Buckets"]]
    # The bodies only the replaced state named are gone from data/; the snapshot's stay.
    assert len(data_files(tmp_path / "data")) == 2

    # Restorable again, after more changes, and listed.
    s3.delete_object(Bucket=bucket, Key="big.bin")
    restore(sandbox, "baseline")
    assert state_of(s3, bucket) == before
    listed = control(sandbox, "GET", "snapshots").json()["snapshots"]
    assert [(s["name"], s["objects"]) for s in listed] == [("baseline", 3)]

    # Deleting the snapshot keeps the live objects' files and drops what only it named.
    s3.delete_object(Bucket=bucket, Key="big.bin")
    assert len(data_files(tmp_path / "data")) == 2  # big.bin's body: still the snapshot's
    assert control(sandbox, "DELETE", "snapshots/baseline").status_code == 200
    assert len(data_files(tmp_path / "data")) == 1
    assert s3.get_object(Bucket=bucket, Key="doomed.bin")["Body"].read() == before[
        "doomed.bin"][0]
    assert control(sandbox, "GET", "snapshots").json()["snapshots"] == []


def test_snapshots_survive_a_restart_and_the_orphan_sweep(start_sandbox, tmp_path):
    args = ("--data-dir", tmp_path / "data")
    sandbox = start_sandbox(*args)
    s3 = sandbox.client()
    bucket = unique_bucket_name()
    s3.create_bucket(Bucket=bucket)
    body = os.urandom(100 * 1024)
    s3.put_object(Bucket=bucket, Key="k", Body=body)
    save(sandbox, "before")
    s3.delete_object(Bucket=bucket, Key="k")
    assert sandbox.stop() == 0
    sandbox = start_sandbox(*args)  # the start-up sweep must keep the snapshot's body
    restore(sandbox, "before")
    assert sandbox.client().get_object(Bucket=bucket, Key="k")["Body"].read() == body


def test_reset_one_bucket_and_everything(start_sandbox):
    sandbox = start_sandbox()
    s3 = sandbox.client()
    a, b = unique_bucket_name(), unique_bucket_name()
    for name in (a, b):
        s3.create_bucket(Bucket=name)
        s3.put_object(Bucket=name, Key="x", Body=b"x" * 30000)
        s3.put_object(Bucket=name, Key="y", Body=b"y")
    upload = s3.create_multipart_upload(Bucket=a, Key="mp")["UploadId"]
    s3.put_bucket_cors(Bucket=a, CORSConfiguration={"CORSRules": [
        {"AllowedMethods": ["GET"], "AllowedOrigins": ["https://app.example"]}]})

    r = control(sandbox, "POST", "reset", bucket=a)
    assert r.status_code == 200 and r.json()["reset"] == a
    assert s3.list_objects_v2(Bucket=a)["KeyCount"] == 0
    assert s3.list_multipart_uploads(Bucket=a).get("Uploads", []) == []
    assert s3.get_bucket_cors(Bucket=a)["CORSRules"]  # the bucket's configuration stays
    assert s3.list_objects_v2(Bucket=b)["KeyCount"] == 2
    with pytest.raises(botocore.exceptions.ClientError) as gone:
        s3.upload_part(Bucket=a, Key="mp", UploadId=upload, PartNumber=1, Body=b"p")
    assert gone.value.response["Error"]["Code"] == "NoSuchUpload"

    r = control(sandbox, "POST", "reset", bucket="no-such-bucket-here")
    assert r.status_code == 404 and r.json()["error"]["code"] == "NoSuchBucket"

    assert control(sandbox, "POST", "reset").json()["reset"] == "all"
    assert s3.list_buckets()["Buckets"] == []


def test_get_streaming_during_a_restore_finishes_with_its_bytes(start_sandbox):
    sandbox = start_sandbox()
    s3 = sandbox.client()
    bucket = unique_bucket_name()
    s3.create_bucket(Bucket=bucket)
    save(sandbox, "empty-bucket")
    body = os.urandom(32 * 1024 * 1024)
    s3.put_object(Bucket=bucket, Key="movie.mp4", Body=body)
    url = s3.generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": "movie.mp4"})
    with requests.get(url, stream=True) as r:
        first = r.raw.read(64 * 1024)
        restore(sandbox, "empty-bucket")  # the object is gone from the restored state
        rest = r.raw.read()
    assert first + rest == body
    with pytest.raises(botocore.exceptions.ClientError) as gone:
        s3.head_object(Bucket=bucket, Key="movie.mp4")
    assert gone.value.response["Error"]["Code"] == "404"


def test_multipart_upload_across_a_restore(persistent):
    """The snapshot holds the upload with the parts it had then: a part uploaded after it is
    gone (completion naming it is InvalidPart, as on S3 for a part never uploaded); an upload
    started after the snapshot is NoSuchUpload."""
    sandbox = persistent
    s3 = sandbox.client()
    bucket = unique_bucket_name()
    s3.create_bucket(Bucket=bucket)
    part1, part2 = os.urandom(MIN_PART), os.urandom(MIN_PART)
    upload = s3.create_multipart_upload(Bucket=bucket, Key="mp")["UploadId"]
    e1 = s3.upload_part(Bucket=bucket, Key="mp", UploadId=upload, PartNumber=1,
                        Body=part1)["ETag"]
    save(sandbox, "one-part")
    e2 = s3.upload_part(Bucket=bucket, Key="mp", UploadId=upload, PartNumber=2,
                        Body=part2)["ETag"]
    later = s3.create_multipart_upload(Bucket=bucket, Key="later")["UploadId"]
    restore(sandbox, "one-part")

    parts = [{"PartNumber": 1, "ETag": e1}, {"PartNumber": 2, "ETag": e2}]
    with pytest.raises(botocore.exceptions.ClientError) as refused:
        s3.complete_multipart_upload(Bucket=bucket, Key="mp", UploadId=upload,
                                     MultipartUpload={"Parts": parts})
    assert refused.value.response["Error"]["Code"] == "InvalidPart"
    with pytest.raises(botocore.exceptions.ClientError) as refused:
        s3.upload_part(Bucket=bucket, Key="later", UploadId=later, PartNumber=1, Body=b"x")
    assert refused.value.response["Error"]["Code"] == "NoSuchUpload"

    # The upload as saved goes on: upload part 2 again, complete, byte-exact.
    e2 = s3.upload_part(Bucket=bucket, Key="mp", UploadId=upload, PartNumber=2,
                        Body=part2)["ETag"]
    s3.complete_multipart_upload(Bucket=bucket, Key="mp", UploadId=upload,
                                 MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": e1},
                                                            {"PartNumber": 2, "ETag": e2}]})
    assert s3.get_object(Bucket=bucket, Key="mp")["Body"].read() == part1 + part2


def test_snapshot_names_are_checked(start_sandbox):
    sandbox = start_sandbox()
    for name in (".hidden", "a%2F..%2Fb", "-dash", "x" * 65, "sp%20ace"):
        r = requests.post(sandbox.endpoint + "/_sandbox/snapshots/" + name)
        assert r.status_code in (400, 404), (name, r.status_code)
        if r.status_code == 400:
            assert r.json()["error"]["code"] == "InvalidSnapshotName"
    r = control(sandbox, "POST", "snapshots/missing/restore")
    assert r.status_code == 404 and r.json()["error"]["code"] == "NoSuchSnapshot"
    assert control(sandbox, "DELETE", "snapshots/missing").status_code == 404


def write_fixtures(root):
    (root / "fixtures" / "assets").mkdir(parents=True)
    (root / "fixtures" / "assets" / "logo.txt").write_bytes(b"original")
    (root / "fixtures" / "other").mkdir(parents=True)
    (root / "fixtures" / "other" / "o.txt").write_bytes(b"other")
    return root / "fixtures"


def test_fixtures_imported_once_per_data_dir(start_sandbox, tmp_path):
    fixtures = write_fixtures(tmp_path)
    args = ("--data-dir", tmp_path / "data", "--fixtures", fixtures)
    sandbox = start_sandbox(*args)
    s3 = sandbox.client()
    assert s3.get_object(Bucket="assets", Key="logo.txt")["Body"].read() == b"original"
    s3.put_object(Bucket="assets", Key="logo.txt", Body=b"edited")
    s3.delete_object(Bucket="other", Key="o.txt")
    assert sandbox.stop() == 0
    sandbox = start_sandbox(*args)  # --fixtures-mode once is the default
    s3 = sandbox.client()
    assert s3.get_object(Bucket="assets", Key="logo.txt")["Body"].read() == b"edited"
    assert s3.list_objects_v2(Bucket="other")["KeyCount"] == 0

    # reset?fixtures=1 brings them back: one bucket's, then all.
    r = control(sandbox, "POST", "reset", bucket="assets", fixtures="1")
    assert r.json() == {"reset": "assets", "fixtures_imported": 1}
    assert s3.get_object(Bucket="assets", Key="logo.txt")["Body"].read() == b"original"
    assert s3.list_objects_v2(Bucket="other")["KeyCount"] == 0
    assert control(sandbox, "POST", "reset", fixtures="1").json()["fixtures_imported"] == 2
    assert s3.get_object(Bucket="other", Key="o.txt")["Body"].read() == b"other"


def test_fixtures_mode_always_reimports_at_every_start(start_sandbox, tmp_path):
    fixtures = write_fixtures(tmp_path)
    args = ("--data-dir", tmp_path / "data", "--fixtures", fixtures, "--fixtures-mode", "always")
    sandbox = start_sandbox(*args)
    sandbox.client().put_object(Bucket="assets", Key="logo.txt", Body=b"edited")
    assert sandbox.stop() == 0
    sandbox = start_sandbox(*args)
    body = sandbox.client().get_object(Bucket="assets", Key="logo.txt")["Body"].read()
    assert body == b"original"


def test_reset_with_fixtures_needs_fixtures(start_sandbox):
    sandbox = start_sandbox()
    r = control(sandbox, "POST", "reset", fixtures="1")
    assert r.status_code == 400 and r.json()["error"]["code"] == "NoFixtures"
