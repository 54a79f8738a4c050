#!/usr/bin/python3
"""A small media service: the browser uploads pictures straight to S3 (here s3sandbox) with URLs
this service signs, and shows them back through presigned GET URLs.

The service never sees the bytes. It chooses every object key itself (never trusting the
browser's file name as a path), and hands out, as JSON:

  POST /api/presign-put         {filename, contentType}        -> {key, url, headers}
  POST /api/presign-post        {filename, contentType}        -> {key, url, fields}
  POST /api/presign-get         {key}                          -> {url}
  POST /api/multipart/create    {filename, contentType, size}  -> {key, uploadId, partSize, urls}
  POST /api/multipart/complete  {key, uploadId, parts}         -> {key, etag}
  POST /api/multipart/abort     {key, uploadId}                -> {}

GET / serves static/index.html and static/app.js. Standard library + Debian's boto3 only.
Run `python3 server.py --help` for the options; each has an environment variable too.
"""

import argparse
import json
import math
import mimetypes
import os
import re
import sys
import uuid
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

STATIC_DIR = Path(__file__).resolve().parent / "static"
MAX_PARTS = 10_000  # S3's limit on parts per upload


def parse_args(argv):
    env = os.environ.get
    p = argparse.ArgumentParser(description="Example media service for s3sandbox.")
    p.add_argument("--endpoint", default=env("S3_ENDPOINT", "http://127.0.0.1:9000"),
                   help="S3 endpoint (S3_ENDPOINT; default http://127.0.0.1:9000)")
    p.add_argument("--public-endpoint", default=env("S3_PUBLIC_ENDPOINT", ""),
                   help="S3 endpoint as the browser reaches it, for the URLs this service signs "
                        "(S3_PUBLIC_ENDPOINT; default: --endpoint). In docker compose the "
                        "service reaches http://s3sandbox:9000, the browser http://localhost:9000")
    p.add_argument("--bucket", default=env("MEDIA_BUCKET", "media"),
                   help="bucket for uploads, created if missing (MEDIA_BUCKET; default media)")
    p.add_argument("--host", default=env("MEDIA_HOST", "127.0.0.1"),
                   help="address to listen on (MEDIA_HOST; default 127.0.0.1)")
    p.add_argument("--port", type=int, default=int(env("MEDIA_PORT", "8080")),
                   help="port to listen on, 0 picks a free one (MEDIA_PORT; default 8080)")
    p.add_argument("--addressing", choices=["path", "virtual"],
                   default=env("MEDIA_ADDRESSING", "path"),
                   help="style of the URLs handed to the browser: path (ENDPOINT/BUCKET/KEY) or "
                        "virtual (BUCKET.HOST/KEY; use an endpoint like http://localhost:9000) "
                        "(MEDIA_ADDRESSING; default path)")
    p.add_argument("--region", default=env("AWS_REGION", "us-east-1"))
    p.add_argument("--access-key", default=env("AWS_ACCESS_KEY_ID", "s3sandbox"))
    p.add_argument("--secret-key", default=env("AWS_SECRET_ACCESS_KEY", "s3sandbox-secret"))
    p.add_argument("--max-bytes", type=int, default=int(env("MEDIA_MAX_BYTES", str(10 << 20))),
                   help="largest upload accepted (MEDIA_MAX_BYTES; default 10 MiB)")
    p.add_argument("--part-size", type=int, default=int(env("MEDIA_PART_SIZE", str(5 << 20))),
                   help="multipart part size; S3's minimum is 5 MiB, s3sandbox's can be lowered "
                        "with --min-part-size (MEDIA_PART_SIZE; default 5 MiB)")
    p.add_argument("--expires", type=int, default=int(env("MEDIA_EXPIRES", "300")),
                   help="lifetime of the signed URLs in seconds (MEDIA_EXPIRES; default 300)")
    return p.parse_args(argv)


def s3_client(args, addressing, endpoint=None):
    return boto3.client(
        "s3",
        endpoint_url=endpoint or args.endpoint,
        region_name=args.region,
        aws_access_key_id=args.access_key,
        aws_secret_access_key=args.secret_key,
        # boto3 presigns with SigV2 unless told otherwise; SigV4 is what S3 wants today.
        config=Config(signature_version="s3v4", s3={"addressing_style": addressing}),
    )


class BadRequest(Exception):
    pass


class MediaService:
    """The JSON API. Every method takes the decoded request body and returns a dict."""

    def __init__(self, args):
        self.args = args
        # The URLs the browser gets use the configured style. The service's own calls stay
        # path-style: BUCKET.localhost resolves in browsers, but not always for this process.
        # SigV4 signs the Host: URLs for the browser are signed for the endpoint it reaches.
        self.signer = s3_client(args, args.addressing, args.public_endpoint)
        self.s3 = s3_client(args, "path")

    def ensure_bucket(self):
        try:
            self.s3.head_bucket(Bucket=self.args.bucket)
        except ClientError:
            self.s3.create_bucket(Bucket=self.args.bucket)

    # Helpers -------------------------------------------------------------------------------

    def new_key(self, body):
        name = re.sub(r"[^A-Za-z0-9._-]+", "-", str(body.get("filename") or "upload"))[-100:]
        return f"uploads/{uuid.uuid4().hex}/{name.strip('.-') or 'upload'}"

    @staticmethod
    def image_type(body):
        content_type = str(body.get("contentType") or "")
        if not re.fullmatch(r"image/[A-Za-z0-9.+-]+", content_type):
            raise BadRequest("contentType must be an image/* type")
        return content_type

    def presign(self, operation, **params):
        return self.signer.generate_presigned_url(
            operation, Params={"Bucket": self.args.bucket, **params}, ExpiresIn=self.args.expires)

    # Endpoints -----------------------------------------------------------------------------

    def declared_size(self, body):
        """The upload's size as the page declares it, within --max-bytes. The URL then signs
        it (Content-Length), so S3 refuses a body of any other size: the limit holds even
        against a page that lies."""
        size = body.get("size")
        if not isinstance(size, int) or isinstance(size, bool) or not 0 < size <= \
                self.args.max_bytes:
            raise BadRequest(f"size must be between 1 and {self.args.max_bytes} bytes")
        return size

    def presign_put(self, body):
        content_type = self.image_type(body)
        size = self.declared_size(body)
        key = self.new_key(body)
        # ContentType and ContentLength are signed (X-Amz-SignedHeaders=content-length;
        # content-type;host): the browser must send exactly this type and this many bytes, or S3
        # refuses the upload with SignatureDoesNotMatch. (Browsers set Content-Length themselves.)
        url = self.presign("put_object", Key=key, ContentType=content_type, ContentLength=size)
        return {"key": key, "url": url, "headers": {"Content-Type": content_type}}

    def presign_post(self, body):
        content_type = self.image_type(body)
        key = self.new_key(body)
        form = self.signer.generate_presigned_post(
            self.args.bucket, key,
            Fields={"Content-Type": content_type},
            Conditions=[
                ["starts-with", "$Content-Type", "image/"],
                ["content-length-range", 1, self.args.max_bytes],
            ],
            ExpiresIn=self.args.expires)
        return {"key": key, "url": form["url"], "fields": form["fields"]}

    def presign_get(self, body):
        key = str(body.get("key") or "")
        if not key.startswith("uploads/"):
            raise BadRequest("key must be one this service handed out")
        return {"url": self.presign("get_object", Key=key)}

    def multipart_create(self, body):
        content_type = self.image_type(body)
        size = self.declared_size(body)
        part_size = max(self.args.part_size, math.ceil(size / MAX_PARTS))
        key = self.new_key(body)
        upload_id = self.s3.create_multipart_upload(
            Bucket=self.args.bucket, Key=key, ContentType=content_type)["UploadId"]
        count = math.ceil(size / part_size)
        # Each part URL signs its exact length, so the parts add up to the declared size.
        urls = [self.presign("upload_part", Key=key, UploadId=upload_id, PartNumber=n,
                             ContentLength=min(part_size, size - (n - 1) * part_size))
                for n in range(1, count + 1)]
        return {"key": key, "uploadId": upload_id, "partSize": part_size, "urls": urls}

    def multipart_complete(self, body):
        parts = [{"PartNumber": int(p["partNumber"]), "ETag": str(p["etag"])}
                 for p in body.get("parts") or []]
        if not parts:
            raise BadRequest("parts must list {partNumber, etag} for every part")
        done = self.s3.complete_multipart_upload(
            Bucket=self.args.bucket, Key=body["key"], UploadId=body["uploadId"],
            MultipartUpload={"Parts": parts})
        return {"key": done["Key"], "etag": done["ETag"]}

    def multipart_abort(self, body):
        self.s3.abort_multipart_upload(
            Bucket=self.args.bucket, Key=body["key"], UploadId=body["uploadId"])
        return {}


ROUTES = {
    "/api/presign-put": MediaService.presign_put,
    "/api/presign-post": MediaService.presign_post,
    "/api/presign-get": MediaService.presign_get,
    "/api/multipart/create": MediaService.multipart_create,
    "/api/multipart/complete": MediaService.multipart_complete,
    "/api/multipart/abort": MediaService.multipart_abort,
}


def make_handler(service):
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            name = "index.html" if self.path in ("/", "/index.html") else self.path.lstrip("/")
            path = (STATIC_DIR / name).resolve()
            if path.parent != STATIC_DIR or not path.is_file():
                return self.send_json(HTTPStatus.NOT_FOUND, {"error": "not found"})
            data = path.read_bytes()
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", mimetypes.guess_type(path.name)[0] or "text/plain")
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(data)

        def do_POST(self):
            route = ROUTES.get(self.path)
            if route is None:
                return self.send_json(HTTPStatus.NOT_FOUND, {"error": "not found"})
            try:
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}")
                if not isinstance(body, dict):
                    raise BadRequest("the body must be a JSON object")
                self.send_json(HTTPStatus.OK, route(service, body))
            except (BadRequest, KeyError, ValueError, TypeError) as e:
                self.send_json(HTTPStatus.BAD_REQUEST, {"error": str(e)})
            except ClientError as e:  # S3 said no: pass its code and message on
                self.send_json(HTTPStatus.BAD_GATEWAY, {"error": str(e)})

        def send_json(self, status, payload):
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, fmt, *args):
            sys.stderr.write("media-service: " + (fmt % args) + "\n")

    return Handler


def main(argv=None):
    args = parse_args(argv)
    service = MediaService(args)
    service.ensure_bucket()
    httpd = ThreadingHTTPServer((args.host, args.port), make_handler(service))
    host, port = httpd.server_address[:2]
    # Tests wait for this line to learn the port.
    print(f"media-service ready http://{host}:{port} (S3 {args.endpoint}, bucket {args.bucket}, "
          f"{args.addressing}-style URLs)", flush=True)
    try:
        httpd.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        httpd.server_close()


if __name__ == "__main__":
    main()
