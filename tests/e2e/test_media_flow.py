"""A media service's own CI, the way issue #15 pictures it: a browser uploads a picture with a
presigned PUT, the service uploads a large video in parts (and S3 fails one part once), and S3
notifies a thumbnailer of each new upload. The test steers and watches with the sandbox's
controls together: a fault rule (--fault), the request journal (/_sandbox/requests) and the
event record (/_sandbox/events), long-polling both instead of sleeping."""
import hashlib
import json
import os
import threading
import time
from urllib.parse import unquote_plus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import boto3
import requests
from boto3.s3.transfer import TransferConfig
from botocore.config import Config

from conftest import ACCESS_KEY, REGION, SECRET_KEY

QUEUE = "arn:aws:sqs:us-east-1:123456789012:thumbnails"
PART = 5 * 1024 * 1024  # boto3's smallest multipart chunk; S3's minimum part size


class Thumbnailer:
    """The webhook S3 notifies: for every picture or video created under uploads/, it writes a
    small "thumbnail" (here: the first 64 bytes and the source's SHA-256) to thumbnails/<key>."""

    def __init__(self):
        self.endpoint = None
        self.messages = []
        thumbnailer = self

        class Hook(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                thumbnailer.on_message(json.loads(body))
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Hook)
        self.url = f"http://127.0.0.1:{self.server.server_port}/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def on_message(self, message):
        self.messages.append(message)
        s3 = boto3.client("s3", endpoint_url=self.endpoint, region_name=REGION,
                          aws_access_key_id=ACCESS_KEY, aws_secret_access_key=SECRET_KEY,
                          config=Config(s3={"addressing_style": "path"}))
        for record in message.get("Records", []):
            bucket = record["s3"]["bucket"]["name"]
            key = unquote_plus(record["s3"]["object"]["key"])
            if not key.startswith("uploads/"):
                continue
            data = s3.get_object(Bucket=bucket, Key=key)["Body"].read()
            s3.put_object(Bucket=bucket, Key="thumbnails/" + key[len("uploads/"):],
                          Body=data[:64] + hashlib.sha256(data).hexdigest().encode())

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def control(sandbox, path, **params):
    r = requests.get(f"{sandbox.endpoint}/_sandbox/{path}", params=params, timeout=30)
    r.raise_for_status()
    return r.json()


def test_media_service_flow(start_sandbox, tmp_path):
    hook = Thumbnailer()
    try:
        sandbox = start_sandbox(
            "--notify-target", f"{QUEUE}={hook.url}",
            "--fault", "operation=UploadPart,part=2,times=1,error=InternalError")
        hook.endpoint = sandbox.endpoint
        s3 = boto3.client("s3", endpoint_url=sandbox.endpoint, region_name=REGION,
                          aws_access_key_id=ACCESS_KEY, aws_secret_access_key=SECRET_KEY,
                          config=Config(signature_version="s3v4",
                                        s3={"addressing_style": "path"},
                                        retries={"mode": "standard", "max_attempts": 3}))
        s3.create_bucket(Bucket="media")
        s3.put_bucket_notification_configuration(Bucket="media", NotificationConfiguration={
            "QueueConfigurations": [{
                "Id": "thumbnails", "QueueArn": QUEUE, "Events": ["s3:ObjectCreated:*"],
                "Filter": {"Key": {"FilterRules": [{"Name": "prefix", "Value": "uploads/"}]}}}]})

        # 1. The browser's upload: a presigned PUT that signs its Content-Type.
        picture = os.urandom(20_000)
        url = s3.generate_presigned_url("put_object", Params={
            "Bucket": "media", "Key": "uploads/cat.jpg", "ContentType": "image/jpeg"})
        assert requests.put(url, data=picture,
                            headers={"Content-Type": "image/jpeg"}).status_code == 200
        (put,) = control(sandbox, "requests", key="uploads/cat.jpg", operation="PutObject",
                         wait=10)["requests"]
        assert put["status"] == 200
        assert put["auth"]["kind"] == "sigv4-presigned"
        assert "content-type" in put["auth"]["signed_headers"]
        assert "X-Amz-Signature=REDACTED" in put["path"]

        # 2. The service's upload in parts; S3 fails part 2 once and boto3 retries it.
        video = tmp_path / "clip.mp4"
        video.write_bytes(os.urandom(3 * PART))
        s3.upload_file(str(video), "media", "uploads/clip.mp4",
                       Config=TransferConfig(multipart_threshold=PART, multipart_chunksize=PART))
        parts = control(sandbox, "requests", key="uploads/clip.mp4",
                        operation="UploadPart")["requests"]
        failed = [p for p in parts if p["status"] == 500]
        assert len(failed) == 1 and failed[0]["part_number"] == 2
        assert failed[0]["fault"] and "UploadPart" in failed[0]["fault"]
        assert failed[0]["error_code"] == "InternalError"
        assert sorted(p["part_number"] for p in parts if p["status"] == 200) == [1, 2, 3]
        rule = control(sandbox, "faults")["faults"][0]
        assert rule["hits"] == 1 and rule["remaining"] == 0
        got = s3.get_object(Bucket="media", Key="uploads/clip.mp4")["Body"].read()
        assert got == video.read_bytes()

        # 3. S3 told the thumbnailer about both uploads, which made their thumbnails.
        seen = {}
        since = None
        while len(seen) < 2:
            params = {"bucket": "media", "key": "uploads/", "wait": 10}
            if since is not None:
                params["since"] = since
            answer = control(sandbox, "events", **params)
            assert answer["events"], f"no event within 10 s; seen {seen}"
            for e in answer["events"]:
                seen[e["key"]] = e
            since = answer["next_since"]
        assert seen["uploads/cat.jpg"]["event"] == "ObjectCreated:Put"
        assert seen["uploads/clip.mp4"]["event"] == "ObjectCreated:CompleteMultipartUpload"
        for key, data in (("cat.jpg", picture), ("clip.mp4", video.read_bytes())):
            (thumb,) = control(sandbox, "requests", key=f"thumbnails/{key}",
                               operation="PutObject", wait=10)["requests"]
            assert thumb["status"] == 200
            body = s3.get_object(Bucket="media", Key=f"thumbnails/{key}")["Body"].read()
            assert body == data[:64] + hashlib.sha256(data).hexdigest().encode()
        # The webhook answers after writing the thumbnail: the record turns "delivered" then.
        deadline = time.monotonic() + 10
        while True:
            statuses = {e["key"]: e["status"] for e in control(
                sandbox, "events", bucket="media", key="uploads/")["events"]}
            if set(statuses.values()) == {"delivered"} or time.monotonic() > deadline:
                break
            time.sleep(0.05)
        assert statuses == {"uploads/cat.jpg": "delivered", "uploads/clip.mp4": "delivered"}
        assert hook.messages[0].get("Event") == "s3:TestEvent"
    finally:
        hook.close()
