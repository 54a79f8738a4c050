#!/usr/bin/python3
"""Records presigned URLs made by boto3 (SigV4 and SigV2) and the aws CLI (`aws s3 presign`), with
the fixed credentials below, into urls_python.jsonl (one JSON object per line: name, source, url,
method and headers the URL is meant to be used with, signed_at). See README.md.

Run once from the repository root: /usr/bin/python3 tests/data/explain/generate.py
The URLs carry the time they were signed; the table test (tests/unit/explain/explain_table_test.cpp)
explains each at its own signing time plus a minute, so they never expire there.
"""
import json
import os
import subprocess
import time
from pathlib import Path

import boto3
from botocore.config import Config

ACCESS_KEY = "AKIDEXPLAIN"
SECRET_KEY = "explain-secret"
ENDPOINT = "http://localhost:9000"
HERE = Path(__file__).resolve().parent


def client(signature_version="s3v4", addressing="path"):
    cfg = Config(signature_version=signature_version, s3={"addressing_style": addressing})
    return boto3.client("s3", endpoint_url=ENDPOINT, aws_access_key_id=ACCESS_KEY,
                        aws_secret_access_key=SECRET_KEY, region_name="us-east-1", config=cfg)


def presign(c, op, expires=3600, **params):
    return c.generate_presigned_url(op, Params=params, ExpiresIn=expires)


def main():
    rows = []
    signed_at = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())

    def add(name, source, url, method, headers=None):
        rows.append({"name": name, "source": source, "url": url, "method": method,
                     "headers": headers or {}, "signed_at": signed_at})

    v4 = client()
    add("boto3-v4-get", "boto3 generate_presigned_url('get_object'), s3v4",
        presign(v4, "get_object", Bucket="photos", Key="cats/tom.jpg"), "GET")
    add("boto3-v4-put-content-type", "boto3 put_object with ContentType, s3v4",
        presign(v4, "put_object", Bucket="photos", Key="uploads/cat.jpg",
                ContentType="image/jpeg"), "PUT", {"Content-Type": "image/jpeg"})
    add("boto3-v4-put-metadata", "boto3 put_object with Metadata, s3v4",
        presign(v4, "put_object", Bucket="photos", Key="uploads/cat.jpg",
                Metadata={"owner": "tom"}), "PUT")
    add("boto3-v4-get-overrides", "boto3 get_object with ResponseContentDisposition, s3v4",
        presign(v4, "get_object", Bucket="photos", Key="cats/tom.jpg",
                ResponseContentDisposition="attachment; filename=tom.jpg",
                ResponseContentType="image/jpeg"), "GET")
    add("boto3-v4-upload-part", "boto3 upload_part, s3v4",
        presign(v4, "upload_part", Bucket="photos", Key="big.bin", UploadId="abc123",
                PartNumber=2), "PUT")
    add("boto3-v4-key-plus", "boto3 get_object of a key with a space and a '+', s3v4",
        presign(v4, "get_object", Bucket="photos", Key="red flower+1.jpg"), "GET")
    add("boto3-v4-eight-days", "boto3 get_object with ExpiresIn of 8 days (boto3 does not check)",
        presign(v4, "get_object", 8 * 86400, Bucket="photos", Key="cats/tom.jpg"), "GET")
    add("boto3-v4-virtual", "boto3 get_object, s3v4, addressing_style virtual",
        presign(client(addressing="virtual"), "get_object", Bucket="photos",
                Key="cats/tom.jpg"), "GET")
    v2 = client("s3")
    add("boto3-v2-get", "boto3 get_object with signature_version 's3' (SigV2)",
        presign(v2, "get_object", Bucket="photos", Key="cats/tom.jpg"), "GET")
    add("boto3-v2-put-content-type", "boto3 put_object with ContentType, SigV2",
        presign(v2, "put_object", Bucket="photos", Key="uploads/cat.jpg",
                ContentType="image/jpeg"), "PUT", {"Content-Type": "image/jpeg"})

    env = dict(os.environ, AWS_ACCESS_KEY_ID=ACCESS_KEY, AWS_SECRET_ACCESS_KEY=SECRET_KEY,
               AWS_DEFAULT_REGION="us-east-1", AWS_CONFIG_FILE="/dev/null",
               AWS_SHARED_CREDENTIALS_FILE="/dev/null")
    for name, extra in (("awscli-get", []), ("awscli-get-week", ["--expires-in", "604800"])):
        out = subprocess.run(["/usr/bin/aws", "s3", "presign", "s3://photos/cats/tom.jpg",
                              "--endpoint-url", ENDPOINT, *extra],
                             env=env, check=True, capture_output=True, text=True).stdout.strip()
        add(name, "aws s3 presign " + " ".join(extra), out, "GET")

    # Hand-made broken URLs, from a correct one.
    good = rows[0]["url"]
    add("hand-tampered-signature", "boto3-v4-get with the signature's last hex digit changed",
        good[:-1] + ("0" if good[-1] != "0" else "1"), "GET")
    add("hand-missing-signature", "boto3-v4-get without X-Amz-Signature",
        good.split("&X-Amz-Signature=")[0], "GET")
    add("hand-unencoded-space", "a key with a raw space, signed by boto3 as %20",
        presign(v4, "get_object", Bucket="photos", Key="my cat.jpg").replace("%20", " "), "GET")
    add("hand-not-presigned", "a plain URL with no signature", ENDPOINT + "/photos/cats/tom.jpg",
        "GET")

    with open(HERE / "urls_python.jsonl", "w") as f:
        for r in rows:
            f.write(json.dumps(r) + "\n")


if __name__ == "__main__":
    main()
