"""Crash safety: kill -9 the server while 16 clients upload, restart on the same data dir, and
check that nothing acknowledged is lost and nothing partial is visible.

Each round uploads the same 200 keys again (so every round also overwrites), with random sizes
from 1 KiB to 4 MiB, through boto3-presigned URLs and plain requests.put. After ~60% of the
uploads are acknowledged (200 received), the server gets SIGKILL. After the restart:
- an acknowledged upload is listed with its bytes and ETag;
- an upload that was sent but not acknowledged left either its full new bytes or the previous
  state of the key (the previous object, or nothing), never a mix;
- an upload never sent left the previous state;
- <data-dir>/staging is empty and <data-dir>/data holds exactly one file per listed object.
The same checks follow a graceful stop (SIGTERM) in the middle of uploads, which must also exit 0
within 10 s.
"""
import concurrent.futures
import hashlib
import math
import os
import random
import threading

import requests

from conftest import STOP_TIMEOUT, has_data_file, unique_bucket_name

ROUNDS = 3
OBJECTS = 200
THREADS = 16
KILL_AFTER_ACKED = int(OBJECTS * 0.6)
MIN_SIZE, MAX_SIZE = 1024, 4 * 1024 * 1024


def md5_etag(data):
    return '"' + hashlib.md5(data).hexdigest() + '"'


def random_size(rng):
    """Log-uniform, so that small and large objects are both common."""
    return int(math.exp(rng.uniform(math.log(MIN_SIZE), math.log(MAX_SIZE))))


class UploadRound:
    """Uploads every (key, bytes) from THREADS threads and stops the server mid-way with
    interrupt(sandbox) once stop_after uploads are acknowledged."""

    def __init__(self, sandbox, urls, payloads, stop_after, interrupt):
        self.sandbox = sandbox
        self.urls = urls
        self.payloads = payloads
        self.stop_after = stop_after
        self.interrupt = interrupt
        self.lock = threading.Lock()
        self.local = threading.local()
        self.stopped = threading.Event()
        self.stop_now = threading.Event()
        self.acked = {}        # key -> ETag header of the 200 response
        self.sent = set()      # keys whose request was started
        self.refused = {}      # key -> status of a non-200 answer
        self.in_flight = 0
        self.in_flight_at_stop = None
        self.interrupt_result = None

    def session(self):
        if not hasattr(self.local, "session"):
            self.local.session = requests.Session()
        return self.local.session

    def upload(self, key):
        with self.lock:
            if self.stopped.is_set():
                return
            self.sent.add(key)
            self.in_flight += 1
        try:
            r = self.session().put(self.urls[key], data=self.payloads[key], timeout=60)
        except requests.RequestException:
            r = None
        with self.lock:
            self.in_flight -= 1
            if r is None:
                return
            if r.status_code == 200:
                self.acked[key] = r.headers.get("ETag")
                if len(self.acked) >= self.stop_after:
                    self.stop_now.set()
            else:
                self.refused[key] = r.status_code

    def run(self):
        with concurrent.futures.ThreadPoolExecutor(THREADS) as pool:
            futures = [pool.submit(self.upload, key) for key in self.payloads]
            assert self.stop_now.wait(timeout=120), "uploads did not reach the stop point"
            with self.lock:
                self.in_flight_at_stop = self.in_flight
                self.stopped.set()
            self.interrupt_result = self.interrupt(self.sandbox)  # others are mid-request
            for f in futures:
                f.result()


def list_all(s3, bucket):
    return {o["Key"]: o for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket)
            for o in page.get("Contents", [])}


def files_under(path):
    return [os.path.join(d, f) for d, _, files in os.walk(path) for f in files]


class CrashScenario:
    """Rounds of uploads into one bucket of one data dir, each interrupted, then checked."""

    def __init__(self, start_sandbox, data_dir, seed):
        self.start_sandbox = start_sandbox
        self.data_dir = data_dir
        self.rng = random.Random(seed)
        self.keys = [f"obj/{i:03d}-{'x' * (i % 7)}.bin" for i in range(OBJECTS)]
        self.previous = {key: None for key in self.keys}  # key -> md5 hex known to be there
        self.bucket = unique_bucket_name("crash")
        self.created = False

    def upload_and_interrupt(self, where, stop_after, interrupt):
        server = self.start_sandbox("--data-dir", str(self.data_dir))
        if not self.created:
            server.client().create_bucket(Bucket=self.bucket)
            self.created = True
        presigner = server.client(signature_version="s3v4")
        urls = {k: presigner.generate_presigned_url(
            "put_object", Params={"Bucket": self.bucket, "Key": k}, ExpiresIn=3600)
            for k in self.keys}
        payloads = {k: os.urandom(random_size(self.rng)) for k in self.keys}
        uploads = UploadRound(server, urls, payloads, stop_after, interrupt)
        uploads.run()
        assert len(uploads.acked) >= stop_after, where
        assert uploads.in_flight_at_stop > 0, f"{where}: nothing was in flight at the stop"
        print(f"{where}: {len(uploads.acked)} acknowledged, {len(uploads.sent)} sent, "
              f"{uploads.in_flight_at_stop} in flight at the stop, refused {uploads.refused}")
        return uploads, payloads

    def restart_and_check(self, where, uploads, payloads):
        restarted = self.start_sandbox("--data-dir", str(self.data_dir))
        # Start-up recovery is done before the ready line.
        staging = self.data_dir / "staging"
        assert not staging.exists() or os.listdir(staging) == [], \
            f"{where}: staging not emptied at start-up: {os.listdir(staging)}"
        s3 = restarted.client()
        listed = list_all(s3, self.bucket)
        assert set(listed) <= set(self.keys), f"{where}: unknown keys listed"
        for key in self.keys:
            self.check_key(where, s3, key, listed.get(key), uploads, payloads[key])
        print(f"{where}: {len(listed)} listed after restart")
        data_files = files_under(self.data_dir / "data")
        with_files = sum(has_data_file(o) for o in listed.values())
        assert len(data_files) == with_files, \
            f"{where}: {len(data_files)} data files for {with_files} listed objects kept as files"
        code = restarted.stop()
        assert code == 0, f"{where}: exit code {code} on SIGTERM\n{restarted.log_tail()}"

    def check_key(self, where, s3, key, entry, uploads, payload):
        new_md5 = hashlib.md5(payload).hexdigest()
        if key in uploads.acked:
            assert uploads.acked[key] == f'"{new_md5}"', f"{where}: ETag of the 200 for {key}"
            assert entry is not None, f"{where}: acknowledged {key} lost"
            allowed = {new_md5}
        elif key in uploads.sent:
            allowed = {new_md5, self.previous[key]}  # the new bytes or the state before
        else:
            allowed = {self.previous[key]}
        if entry is None:
            assert None in allowed, f"{where}: {key} vanished (expected one of {allowed})"
            self.previous[key] = None
            return
        body = s3.get_object(Bucket=self.bucket, Key=key)["Body"].read()
        got_md5 = hashlib.md5(body).hexdigest()
        assert got_md5 in allowed, \
            f"{where}: {key} has {len(body)} bytes that match no complete upload"
        assert entry["ETag"] == f'"{got_md5}"', f"{where}: listed ETag of {key}"
        assert entry["Size"] == len(body), f"{where}: listed size of {key}"
        self.previous[key] = got_md5


def sigkill(sandbox):
    sandbox.kill()


def sigterm(sandbox):
    return sandbox.stop()


def test_kill_9_during_uploads_loses_nothing_acknowledged(start_sandbox, tmp_path):
    scenario = CrashScenario(start_sandbox, tmp_path / "data-dir", seed=20261129)
    for round_no in range(ROUNDS):
        where = f"kill -9 round {round_no}"
        uploads, payloads = scenario.upload_and_interrupt(where, KILL_AFTER_ACKED, sigkill)
        assert uploads.refused == {}, f"{where}: uploads refused before the kill"
        scenario.restart_and_check(where, uploads, payloads)


def test_sigterm_during_uploads_exits_0_and_loses_nothing_acknowledged(start_sandbox, tmp_path):
    scenario = CrashScenario(start_sandbox, tmp_path / "data-dir", seed=7)
    where = "SIGTERM"
    uploads, payloads = scenario.upload_and_interrupt(where, OBJECTS // 3, sigterm)
    assert uploads.interrupt_result == 0, \
        f"s3sandbox must exit 0 within {STOP_TIMEOUT}s of SIGTERM, even mid-upload"
    assert set(uploads.refused.values()) <= {503}, uploads.refused
    scenario.restart_and_check(where, uploads, payloads)
