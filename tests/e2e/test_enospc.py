"""A full data volume: s3sandbox runs with --data-dir on an 8 MiB tmpfs, uploads fill it, and
every refusal must be a clean S3 error: 500 InternalError (S3 has no "disk full" code), nothing
partial visible, earlier objects intact, staging/ empty, no orphan data file. Once space returns
(objects deleted through S3, or the tmpfs remounted bigger) uploads succeed again without a
restart. Multipart too: an UploadPart, and a CompleteMultipartUpload whose assembly runs out of
space, leave the upload intact and completable later.

Needs root (mount -t tmpfs); skipped with the reason otherwise.
"""
import os
import random
import subprocess

import pytest
from botocore.exceptions import ClientError

from conftest import INLINE_LIMIT, error_code, make_client, status_of

VOLUME = "8m"
BIGGER = "32m"
MIB = 1024 * 1024
FILL_SIZES = (MIB, 256 * 1024, 64 * 1024, 16 * 1024, 4096, 512)


@pytest.fixture
def volume(tmp_path):
    """An 8 MiB tmpfs, unmounted at teardown (after the servers, which are started later)."""
    mount_point = tmp_path / "volume"
    mount_point.mkdir()
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={VOLUME}", "tmpfs",
                             str(mount_point)], capture_output=True, text=True)
    if result.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs (needs root): {result.stderr.strip()}")
    yield mount_point
    if subprocess.run(["umount", str(mount_point)], capture_output=True).returncode != 0:
        subprocess.run(["umount", "-l", str(mount_point)], capture_output=True)


def remount(mount_point, size):
    subprocess.run(["mount", "-o", f"remount,size={size}", str(mount_point)], check=True)


class Disk:
    """A server on the small volume, the client, and the bytes that must still be there."""

    def __init__(self, start_sandbox, volume, *args):
        self.root = volume / "data"
        self.server = start_sandbox("--data-dir", self.root, "--min-part-size", "1024", *args)
        # No retries: one refusal is one request.
        self.s3 = make_client(self.server.endpoint, connect_timeout=10, read_timeout=30)
        self.bucket = "enospc-bucket"
        self.s3.create_bucket(Bucket=self.bucket)
        self.stored = {}  # key -> bytes acknowledged
        self.refusals = []  # ClientError of each refused upload
        self.rng = random.Random(2026)

    def put(self, key, size):
        body = self.rng.randbytes(size)
        self.s3.put_object(Bucket=self.bucket, Key=key, Body=body)
        self.stored[key] = body
        return body

    def fill(self, sizes=FILL_SIZES):
        """Uploads ever smaller objects until the smallest of sizes is refused (512 bytes: the
        volume is full to the last few KiB). Every refusal is checked at once."""
        n = 0
        for size in sizes:
            while True:
                key = f"fill/{n:04d}"
                n += 1
                try:
                    self.put(key, size)
                except ClientError as e:
                    self.refusals.append(e)
                    self.assert_clean_refusal(e, key)
                    break
                assert n < 500, "the volume never filled up"
        assert self.refusals, "nothing was refused"

    def assert_clean_refusal(self, e, key):
        assert status_of(e) == 500 and error_code(e) == "InternalError", e.response
        with pytest.raises(ClientError) as head:
            self.s3.head_object(Bucket=self.bucket, Key=key)
        assert status_of(head.value) == 404, f"refused {key} is visible"
        assert self.staging() == [], "a refused upload left its body in staging/"
        assert self.server.running, self.server.log_tail()

    def staging(self):
        return sorted(os.listdir(self.root / "staging"))

    def data_files(self):
        return [f for _, _, files in os.walk(self.root / "data") for f in files]

    def listed(self):
        pages = self.s3.get_paginator("list_objects_v2").paginate(Bucket=self.bucket)
        return {o["Key"]: o["Size"] for page in pages for o in page.get("Contents", [])}

    def assert_intact(self, pending_parts=0):
        """Exactly the acknowledged objects, byte for byte; one data file per object kept as a
        file or pending part; nothing staged."""
        assert self.listed() == {k: len(v) for k, v in self.stored.items()}
        for key, body in self.stored.items():
            got = self.s3.get_object(Bucket=self.bucket, Key=key)["Body"].read()
            assert got == body, f"{key} changed"
        assert self.staging() == []
        # Small bodies live in the index; the multipart objects here are all bigger than that.
        with_files = sum(len(body) > INLINE_LIMIT for body in self.stored.values())
        assert len(self.data_files()) == with_files + pending_parts, "orphan data files"

    def delete(self, keys):
        for key in keys:
            self.s3.delete_object(Bucket=self.bucket, Key=key)
            del self.stored[key]


@pytest.fixture
def disk(volume, start_sandbox):
    return Disk(start_sandbox, volume)


def test_put_on_a_full_volume_is_an_internal_error_that_leaves_no_trace(disk):
    disk.put("before", 3 * MIB)
    disk.fill()
    disk.assert_intact()
    assert disk.server.running


def test_disk_full_refusal_says_the_volume_is_full(disk):
    disk.fill()
    first = disk.refusals[0]
    diagnosis = first.response["ResponseMetadata"]["HTTPHeaders"].get("x-s3sandbox-diagnosis", "")
    assert "full" in diagnosis or "space" in diagnosis, first.response


def test_uploads_succeed_again_after_objects_are_deleted(disk):
    disk.fill(sizes=(MIB, 256 * 1024))  # leaves the index room to record the deletes
    disk.delete([k for k in list(disk.stored) if len(disk.stored[k]) == MIB][:3])
    disk.put("after-delete", 2 * MIB)
    disk.assert_intact()


def test_objects_can_be_deleted_when_the_volume_is_full_to_the_last_byte(disk, volume):
    disk.fill()
    with open(volume / "ballast", "wb", buffering=0) as ballast:  # whatever room is left
        try:
            while True:
                ballast.write(b"\0" * 4096)
        except OSError:
            pass
    disk.delete([k for k in list(disk.stored) if len(disk.stored[k]) == MIB][:3])
    os.unlink(volume / "ballast")
    disk.put("after-delete", 2 * MIB)
    disk.assert_intact()


def test_uploads_succeed_again_after_the_volume_grows(disk, volume):
    disk.fill()
    remount(volume, BIGGER)
    disk.put("after-remount", 4 * MIB)
    disk.assert_intact()


def complete(disk, key, upload_id, parts):
    return disk.s3.complete_multipart_upload(
        Bucket=disk.bucket, Key=key, UploadId=upload_id,
        MultipartUpload={"Parts": [{"PartNumber": n, "ETag": etag} for n, etag in parts]})


def listed_parts(disk, key, upload_id):
    r = disk.s3.list_parts(Bucket=disk.bucket, Key=key, UploadId=upload_id)
    return [(p["PartNumber"], p["ETag"]) for p in r.get("Parts", [])]


def test_upload_part_on_a_full_volume_is_refused_and_the_upload_stays_usable(disk, volume):
    key = "multi/part-refused"
    upload_id = disk.s3.create_multipart_upload(Bucket=disk.bucket, Key=key)["UploadId"]
    part1 = disk.rng.randbytes(MIB)
    etag1 = disk.s3.upload_part(Bucket=disk.bucket, Key=key, UploadId=upload_id, PartNumber=1,
                                Body=part1)["ETag"]
    disk.fill()
    part2 = disk.rng.randbytes(MIB)
    with pytest.raises(ClientError) as refused:
        disk.s3.upload_part(Bucket=disk.bucket, Key=key, UploadId=upload_id, PartNumber=2,
                            Body=part2)
    assert status_of(refused.value) == 500 and error_code(refused.value) == "InternalError"
    assert listed_parts(disk, key, upload_id) == [(1, etag1)]
    disk.assert_intact(pending_parts=1)

    remount(volume, BIGGER)
    etag2 = disk.s3.upload_part(Bucket=disk.bucket, Key=key, UploadId=upload_id, PartNumber=2,
                                Body=part2)["ETag"]
    complete(disk, key, upload_id, [(1, etag1), (2, etag2)])
    disk.stored[key] = part1 + part2
    disk.assert_intact()


def test_complete_whose_assembly_runs_out_of_space_keeps_the_upload(disk, volume):
    key = "multi/assembly-refused"
    upload_id = disk.s3.create_multipart_upload(Bucket=disk.bucket, Key=key)["UploadId"]
    bodies, parts = [], []
    for n in (1, 2, 3):
        body = disk.rng.randbytes(MIB)
        etag = disk.s3.upload_part(Bucket=disk.bucket, Key=key, UploadId=upload_id,
                                   PartNumber=n, Body=body)["ETag"]
        bodies.append(body)
        parts.append((n, etag))
    disk.fill()  # the 3 MiB assembly cannot fit any more
    with pytest.raises(ClientError) as refused:
        complete(disk, key, upload_id, parts)
    assert status_of(refused.value) == 500 and error_code(refused.value) == "InternalError"
    with pytest.raises(ClientError) as head:
        disk.s3.head_object(Bucket=disk.bucket, Key=key)
    assert status_of(head.value) == 404, "a failed completion left an object"
    assert listed_parts(disk, key, upload_id) == parts
    disk.assert_intact(pending_parts=3)

    remount(volume, BIGGER)
    complete(disk, key, upload_id, parts)
    disk.stored[key] = b"".join(bodies)
    disk.assert_intact()
    with pytest.raises(ClientError) as gone:
        disk.s3.list_parts(Bucket=disk.bucket, Key=key, UploadId=upload_id)
    assert error_code(gone.value) == "NoSuchUpload"
