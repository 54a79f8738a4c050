"""kill -9 during concurrent uploads: every acknowledged object survives intact, nothing partial
becomes visible, and start-up leaves no stray files."""
import concurrent.futures
import hashlib
import os
import random
import threading
import time

import requests

ROUNDS = 3
UPLOADS = 200
THREADS = 16


def payload(i):
    rng = random.Random(i)
    size = rng.choice([1024, 64 * 1024, 512 * 1024, 4 * 1024 * 1024])
    return rng.randbytes(size)


def data_files(data_dir):
    count = 0
    for _, _, files in os.walk(os.path.join(data_dir, "data")):
        count += len(files)
    return count


def run_round(start_sandbox, data_dir, round_no):
    sandbox = start_sandbox("--data-dir", data_dir)
    s3 = sandbox.client()
    bucket = "crash"
    if round_no == 0:
        s3.create_bucket(Bucket=bucket)
    acknowledged = {}
    lock = threading.Lock()
    killed = threading.Event()

    def upload(i):
        key = f"r{round_no}/obj{i:04d}"
        body = payload(i)
        url = s3.generate_presigned_url("put_object", Params={"Bucket": bucket, "Key": key})
        try:
            r = requests.put(url, data=body, timeout=30)
        except requests.RequestException:
            return
        if r.status_code == 200:
            assert r.headers["ETag"] == '"' + hashlib.md5(body).hexdigest() + '"'
            with lock:
                acknowledged[key] = body

    with concurrent.futures.ThreadPoolExecutor(THREADS) as pool:
        futures = [pool.submit(upload, i) for i in range(UPLOADS)]
        while not killed.is_set():
            with lock:
                done = len(acknowledged)
            if done >= UPLOADS * 0.6 or all(f.done() for f in futures):
                sandbox.kill()
                killed.set()
            else:
                time.sleep(0.005)
        for f in futures:
            f.result()
    assert 0 < len(acknowledged) < UPLOADS, "the kill landed while uploads were in flight"
    return acknowledged


def verify(start_sandbox, data_dir, expected):
    sandbox = start_sandbox("--data-dir", data_dir)
    # Start-up has cleaned what the crash left: nothing staged, no unreferenced data file.
    assert os.listdir(os.path.join(data_dir, "staging")) == []
    s3 = sandbox.client()
    listed = []
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket="crash"):
        listed += page.get("Contents", [])
    assert data_files(data_dir) == len(listed)
    listed_keys = {o["Key"] for o in listed}
    assert set(expected) <= listed_keys, "every acknowledged upload survived"
    for o in listed:
        body = s3.get_object(Bucket="crash", Key=o["Key"])["Body"].read()
        # Unacknowledged but committed uploads must be complete too: never a partial object.
        index = int(o["Key"].rsplit("obj", 1)[1])
        assert body == payload(index), o["Key"]
        assert o["ETag"] == '"' + hashlib.md5(body).hexdigest() + '"'
    assert sandbox.stop() == 0


def test_kill_9_mid_upload_loses_nothing_acknowledged(start_sandbox, tmp_path):
    data_dir = str(tmp_path / "data")
    expected = {}
    for round_no in range(ROUNDS):
        expected.update(run_round(start_sandbox, data_dir, round_no))
        verify(start_sandbox, data_dir, expected)
