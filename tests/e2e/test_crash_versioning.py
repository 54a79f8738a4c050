"""Crash safety of versions: kill -9 the server while 8 clients overwrite a few keys of a
versioning-enabled bucket, restart on the same data dir, and check that every acknowledged
version (its x-amz-version-id) is still listed by ListObjectVersions and reads back its exact
bytes, that the start-up sweep kept every noncurrent version's data file and nothing else, and
that a second round on the restarted server stacks on the versions that survived.
"""
import concurrent.futures
import hashlib
import os
import random
import threading

from conftest import INLINE_LIMIT, unique_bucket_name

THREADS = 8
KEYS = 12
WRITES = 240
KILL_AFTER_ACKED = 120
ROUNDS = 2


def files_under(path):
    return [os.path.join(d, f) for d, _, files in os.walk(path) for f in files]


def all_versions(s3, bucket):
    versions, markers = [], []
    for page in s3.get_paginator("list_object_versions").paginate(Bucket=bucket):
        versions += page.get("Versions", [])
        markers += page.get("DeleteMarkers", [])
    return versions, markers


def overwrite_and_kill(server, bucket, rng):
    """Overwrites keys from THREADS threads; SIGKILLs the server after KILL_AFTER_ACKED acks.
    Returns {version_id: (key, md5 hex)} of the acknowledged writes."""
    lock = threading.Lock()
    acked = {}
    stop = threading.Event()
    local = threading.local()
    jobs = [(f"doc/{rng.randrange(KEYS):02d}", os.urandom(rng.choice(
        [100, 5000, 20000, 300000, 1500000]))) for _ in range(WRITES)]

    def write(job):
        key, data = job
        if stop.is_set():
            return
        if not hasattr(local, "s3"):
            local.s3 = server.client()
        try:
            r = local.s3.put_object(Bucket=bucket, Key=key, Body=data)
        except Exception:  # the kill cut the request: not acknowledged
            return
        with lock:
            acked[r["VersionId"]] = (key, hashlib.md5(data).hexdigest())
            if len(acked) >= KILL_AFTER_ACKED and not stop.is_set():
                stop.set()
                server.kill()

    with concurrent.futures.ThreadPoolExecutor(THREADS) as pool:
        list(pool.map(write, jobs))
    assert stop.is_set(), f"only {len(acked)} writes acknowledged before the jobs ran out"
    return acked


def test_kill_9_during_versioned_overwrites_keeps_every_acknowledged_version(start_sandbox,
                                                                              tmp_path):
    data_dir = tmp_path / "data-dir"
    bucket = unique_bucket_name("crashver")
    rng = random.Random(20261202)
    every_acked = {}
    for round_no in range(ROUNDS):
        where = f"round {round_no}"
        server = start_sandbox("--data-dir", str(data_dir))
        if round_no == 0:
            s3 = server.client()
            s3.create_bucket(Bucket=bucket)
            s3.put_bucket_versioning(Bucket=bucket,
                                     VersioningConfiguration={"Status": "Enabled"})
        every_acked.update(overwrite_and_kill(server, bucket, rng))

        restarted = start_sandbox("--data-dir", str(data_dir))
        s3 = restarted.client()
        versions, markers = all_versions(s3, bucket)
        assert markers == [], f"{where}: delete markers appeared"
        listed = {v["VersionId"]: v for v in versions}
        for version_id, (key, md5) in every_acked.items():
            assert version_id in listed, f"{where}: acknowledged version {version_id} of {key} lost"
            assert listed[version_id]["Key"] == key
            assert listed[version_id]["ETag"] == f'"{md5}"'
            data = s3.get_object(Bucket=bucket, Key=key, VersionId=version_id)["Body"].read()
            assert hashlib.md5(data).hexdigest() == md5, f"{where}: bytes of {version_id}"
        # Exactly one latest per key, and each listed version reads back whole.
        latest = [v["Key"] for v in versions if v["IsLatest"]]
        assert len(latest) == len(set(latest))
        for v in versions:
            if v["VersionId"] not in every_acked:  # in flight at the kill, yet committed
                data = s3.get_object(Bucket=bucket, Key=v["Key"],
                                     VersionId=v["VersionId"])["Body"].read()
                assert f'"{hashlib.md5(data).hexdigest()}"' == v["ETag"]
        # The sweep kept every version's file and removed the uncommitted ones.
        with_files = sum(1 for v in versions if v["Size"] > INLINE_LIMIT)
        assert len(files_under(data_dir / "data")) == with_files, where
        assert restarted.stop() == 0
