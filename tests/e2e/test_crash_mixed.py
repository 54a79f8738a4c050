"""Crash safety across every upload path: 64 concurrent uploaders mixing presigned single PUTs,
signed aws-chunked PUTs and multipart uploads (presigned-free boto3 calls), the server killed
with SIGKILL at a random moment, 20 rounds on one data dir, restarted each time.

After each restart:
- every acknowledged upload (200 to the PUT, or to CompleteMultipartUpload) is listed with its
  exact bytes and ETag;
- every other key of the round is absent or holds exactly the bytes that were being uploaded:
  never a partial or mixed object;
- a multipart upload whose completion was not acknowledged is either still in progress (with
  parts that were acknowledged) or completed with the right bytes;
- staging/ is empty, and data/ holds exactly one file per listed object plus one per listed part
  of the uploads in progress: nothing orphaned.
"""
import concurrent.futures
import hashlib
import os
import random
import threading
import time

import requests
from botocore.exceptions import BotoCoreError, ClientError

from aws_chunked_client import Signer, signed_body
from conftest import ACCESS_KEY, SECRET_KEY, has_data_file, unique_bucket_name

ROUNDS = 20
UPLOADERS = 64
MIN_PART = 8192  # --min-part-size for this test; aws-chunked needs 8 KiB chunks anyway
KINDS = ("put", "chunked", "multipart")


def md5_hex(data):
    return hashlib.md5(data).hexdigest()


def composite_etag(parts):
    joined = b"".join(hashlib.md5(p).digest() for p in parts)
    return f"{hashlib.md5(joined).hexdigest()}-{len(parts)}"


class Uploader:
    """One uploader's work in one round: a key, its bytes, how they are sent, what was acked."""

    def __init__(self, kind, key, rng):
        self.kind = kind
        self.key = key
        if kind == "multipart":
            self.parts = [os.urandom(MIN_PART + rng.randrange(4096)) for _ in range(rng.randrange(2, 4))]
            self.data = b"".join(self.parts)
            self.etag = composite_etag(self.parts)
        else:
            self.data = os.urandom(rng.randrange(1, 300_000))
            self.etag = md5_hex(self.data)
        self.upload_id = None
        self.acked_parts = {}
        self.acked = False

    def run(self, endpoint, bucket, s3, presigned_put, stop):
        try:
            if self.kind == "put":
                r = requests.put(presigned_put, data=self.data, timeout=30)
                self.acked = r.status_code == 200 and r.headers.get("ETag") == f'"{self.etag}"'
            elif self.kind == "chunked":
                self.run_chunked(endpoint, bucket)
            else:
                self.run_multipart(s3, bucket, stop)
        except (requests.RequestException, BotoCoreError, ClientError):
            pass  # the server died under us: that is the test

    def run_chunked(self, endpoint, bucket):
        signer = Signer(ACCESS_KEY, SECRET_KEY)
        url = f"{endpoint}/{bucket}/{self.key}"
        headers = {"content-encoding": "aws-chunked",
                   "x-amz-decoded-content-length": str(len(self.data))}
        seed = signer.sign("PUT", url, headers, "STREAMING-AWS4-HMAC-SHA256-PAYLOAD")
        body = signed_body(signer, seed, self.data, chunk_size=MIN_PART)
        r = requests.put(url, data=body, headers=headers, timeout=30)
        self.acked = r.status_code == 200 and r.headers.get("ETag") == f'"{self.etag}"'

    def run_multipart(self, s3, bucket, stop):
        self.upload_id = s3.create_multipart_upload(Bucket=bucket, Key=self.key)["UploadId"]
        done = []
        for n, part in enumerate(self.parts, start=1):
            if stop.is_set():
                return
            etag = s3.upload_part(Bucket=bucket, Key=self.key, UploadId=self.upload_id,
                                  PartNumber=n, Body=part)["ETag"]
            self.acked_parts[n] = etag.strip('"')
            done.append({"PartNumber": n, "ETag": etag})
        s3.complete_multipart_upload(Bucket=bucket, Key=self.key, UploadId=self.upload_id,
                                     MultipartUpload={"Parts": done})
        self.acked = True


def files_under(path):
    return [os.path.join(d, f) for d, _, files in os.walk(path) for f in files]


def run_round(start_sandbox, data_dir, bucket, round_no, rng):
    server = start_sandbox("--data-dir", str(data_dir), "--min-part-size", str(MIN_PART))
    s3 = server.client(signature_version="s3v4")
    if round_no == 0:
        s3.create_bucket(Bucket=bucket)
    presigner = server.client(signature_version="s3v4")
    uploaders = [Uploader(KINDS[i % 3], f"r{round_no:02d}/{KINDS[i % 3]}/{i:02d}", rng)
                 for i in range(UPLOADERS)]
    urls = {u.key: presigner.generate_presigned_url(
        "put_object", Params={"Bucket": bucket, "Key": u.key}, ExpiresIn=3600)
        for u in uploaders if u.kind == "put"}
    stop = threading.Event()
    clients = [server.client(signature_version="s3v4") for _ in range(8)]
    with concurrent.futures.ThreadPoolExecutor(UPLOADERS) as pool:
        futures = [pool.submit(u.run, server.endpoint, bucket, clients[i % 8], urls.get(u.key), stop)
                   for i, u in enumerate(uploaders)]
        time.sleep(rng.uniform(0.02, 0.3))  # a random moment, mostly mid-round
        stop.set()
        server.kill()
        for f in futures:
            f.result()
    return uploaders


def check_round(start_sandbox, data_dir, bucket, uploaders, where):
    server = start_sandbox("--data-dir", str(data_dir), "--min-part-size", str(MIN_PART))
    staging = data_dir / "staging"
    assert not staging.exists() or os.listdir(staging) == [], f"{where}: staging not emptied"
    s3 = server.client(signature_version="s3v4")
    listed = {o["Key"]: o for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket)
              for o in page.get("Contents", [])}
    uploads = {}
    for page in s3.get_paginator("list_multipart_uploads").paginate(Bucket=bucket):
        for u in page.get("Uploads", []):
            uploads[(u["Key"], u["UploadId"])] = u
    in_progress_parts = 0
    for (key, upload_id) in uploads:
        parts = s3.list_parts(Bucket=bucket, Key=key, UploadId=upload_id).get("Parts", [])
        in_progress_parts += len(parts)
        mine = next((u for u in uploaders if u.key == key and u.upload_id == upload_id), None)
        if mine is not None:
            assert not mine.acked, f"{where}: {key} was completed and acknowledged, yet in progress"
            stored = {p["PartNumber"]: p["ETag"].strip('"') for p in parts}
            for n, etag in mine.acked_parts.items():
                assert stored.get(n) == etag, f"{where}: acknowledged part {n} of {key} lost"
    for u in uploaders:
        entry = listed.get(u.key)
        if entry is None:
            assert not u.acked, f"{where}: acknowledged {u.kind} upload {u.key} lost"
            continue
        body = s3.get_object(Bucket=bucket, Key=u.key)["Body"].read()
        assert body == u.data, f"{where}: {u.kind} {u.key} holds {len(body)} bytes of no upload"
        assert entry["ETag"] == f'"{u.etag}"', f"{where}: ETag of {u.key}"
    data_files = files_under(data_dir / "data")
    with_files = sum(has_data_file(o) for o in listed.values())
    assert len(data_files) == with_files + in_progress_parts, (
        f"{where}: {len(data_files)} data files for {with_files} objects kept as files and "
        f"{in_progress_parts} parts in progress")
    acked = sum(u.acked for u in uploaders)
    print(f"{where}: {acked} of {len(uploaders)} acknowledged, {len(listed)} objects, "
          f"{len(uploads)} uploads in progress")
    assert server.stop() == 0
    return acked


def test_kill_9_mid_put_chunked_and_multipart_uploads_loses_nothing(start_sandbox, tmp_path):
    data_dir = tmp_path / "data-dir"
    bucket = unique_bucket_name("mixed")
    rng = random.Random(20261129)
    acked_total = 0
    for round_no in range(ROUNDS):
        where = f"round {round_no}"
        uploaders = run_round(start_sandbox, data_dir, bucket, round_no, rng)
        acked_total += check_round(start_sandbox, data_dir, bucket, uploaders, where)
    assert acked_total > ROUNDS * 5, f"only {acked_total} uploads acknowledged in {ROUNDS} rounds"
