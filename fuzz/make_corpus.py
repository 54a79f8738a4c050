#!/usr/bin/env python3
"""Writes the seed corpora in fuzz/corpus/<target>/ from the repository's test vectors.

Run from anywhere: python3 fuzz/make_corpus.py. The seeds are small, real inputs in each
target's input format (see the comment at the top of fuzz/<target>_fuzzer.cpp); the fuzzers
mutate them from there. Re-running rewrites the same files.
"""
import base64
import hashlib
import hmac
import json
import os
from urllib.parse import urlsplit

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "fuzz", "corpus")
SK = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
SEED_SIGNATURE = "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9"
BOUNDARY = "9431149156168"


def write(target, name, data):
    os.makedirs(os.path.join(CORPUS, target), exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    with open(os.path.join(CORPUS, target, name), "wb") as f:
        f.write(data)


def botocore_cases():
    with open(os.path.join(ROOT, "tests", "data", "s3-botocore.jsonl")) as f:
        return [json.loads(line) for line in f if line.strip()]


def sigv4_auth_and_router():
    for case in botocore_cases():
        if case["auth"].startswith("post"):
            continue
        url = urlsplit(case["signed_url"])
        target = url.path + ("?" + url.query if url.query else "")
        headers = dict(case.get("signed_headers") or {})
        authorization = headers.pop("Authorization", "")
        extra = [f"{k}: {v}" for k, v in headers.items()]
        # Flags (sigv4_auth_fuzzer.cpp): '0' strict, '8' strict with any region.
        flags = "0" if case.get("region", "us-east-1") == "us-east-1" else "8"
        lines = [flags, case["method"], target, url.netloc, authorization] + extra
        write("sigv4_auth", case["name"], "\n".join(lines))
        write("router", case["name"], "\n".join([case["method"], target, url.netloc] + extra))
    # Router shapes the signing vectors lack: virtual-hosted, copy, multipart, sandbox, CORS.
    write("router", "virtual-host-put", "PUT\n/photos/a.jpg\nmedia.localhost:9000")
    write("router", "copy", "PUT\n/media/b\nlocalhost\nx-amz-copy-source: /media/a%20b?versionId=1")
    write("router", "upload-part", "PUT\n/media/k?partNumber=2&uploadId=abc\nlocalhost")
    write("router", "complete", "POST\n/media/k?uploadId=abc\nlocalhost")
    write("router", "delete-objects", "POST\n/media?delete\nmedia.s3.local")
    write("router", "list-v2", "GET\n/media?list-type=2&prefix=a%2F&delimiter=%2F\nlocalhost")
    write("router", "sandbox", "GET\n/_sandbox/clock?offset=%2B2h\nlocalhost")
    write("router", "preflight", "OPTIONS\n/media/k\nlocalhost\nOrigin: http://a\n"
          "Access-Control-Request-Method: PUT")
    write("router", "cors", "PUT\n/media?cors\nlocalhost")
    write("router", "acl", "GET\n/media/k?acl\nlocalhost")


def signing_key():
    key = ("AWS4" + SK).encode()
    for part in ("20130524", "us-east-1", "s3", "aws4_request"):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    return key


def chunk_signature(previous, data):
    sts = "\n".join(["AWS4-HMAC-SHA256-PAYLOAD", "20130524T000000Z",
                     "20130524/us-east-1/s3/aws4_request", previous,
                     hashlib.sha256(b"").hexdigest(), hashlib.sha256(data).hexdigest()])
    return hmac.new(signing_key(), sts.encode(), hashlib.sha256).hexdigest()


def trailer_signature(previous, canonical):
    sts = "\n".join(["AWS4-HMAC-SHA256-TRAILER", "20130524T000000Z",
                     "20130524/us-east-1/s3/aws4_request", previous,
                     hashlib.sha256(canonical.encode()).hexdigest()])
    return hmac.new(signing_key(), sts.encode(), hashlib.sha256).hexdigest()


def encode_signed(data, chunk, trailers=None):
    wire, previous = b"", SEED_SIGNATURE
    pieces = [data[i:i + chunk] for i in range(0, len(data), chunk)] + [b""]
    for piece in pieces:
        previous = chunk_signature(previous, piece)
        wire += b"%x;chunk-signature=%s\r\n" % (len(piece), previous.encode())
        wire += piece + (b"\r\n" if piece else b"")
    if trailers is not None:
        canonical = "".join(f"{k}:{v}\n" for k, v in trailers)
        wire += "".join(f"{k}:{v}\r\n" for k, v in trailers).encode()
        wire += b"x-amz-trailer-signature:" + trailer_signature(previous, canonical).encode()
        wire += b"\r\n"
    return wire + b"\r\n"


def encode_unsigned(data, chunk, trailers):
    wire = b""
    for i in range(0, len(data), chunk):
        piece = data[i:i + chunk]
        wire += b"%x\r\n" % len(piece) + piece + b"\r\n"
    wire += b"0\r\n" + "".join(f"{k}:{v}\r\n" for k, v in trailers).encode()
    return wire + b"\r\n"


def aws_chunked():
    # Flags (aws_chunked_fuzzer.cpp): mode = (b & 3) % 3, 4 verify, 8 crc32 declared, 16 8 KiB
    # minimum, 64 no trailer declared.
    data = b"a" * 40
    crc = [("x-amz-checksum-crc32", base64.b64encode(b"\x12\x34\x56\x78").decode())]
    sha = [("x-amz-checksum-sha256", base64.b64encode(hashlib.sha256(data).digest()).decode())]
    write("aws_chunked", "signed", bytes([0 | 4 | 64, 0]) + encode_signed(data, 16))
    write("aws_chunked", "signed-bytewise", bytes([0 | 4 | 64, 1]) + encode_signed(data, 16))
    write("aws_chunked", "signed-trailer-crc32",
          bytes([1 | 4 | 8, 7]) + encode_signed(data, 16, crc))
    write("aws_chunked", "signed-trailer-sha256", bytes([1 | 4, 0]) + encode_signed(data, 20, sha))
    write("aws_chunked", "signed-unverified", bytes([64, 3]) + encode_signed(data, 16))
    write("aws_chunked", "unsigned-trailer", bytes([2 | 8, 0]) + encode_unsigned(data, 16, crc))
    write("aws_chunked", "unsigned-trailer-split",
          bytes([2, 9]) + encode_unsigned(data, 20, [("x-amz-checksum-sha256", sha[0][1])]))
    write("aws_chunked", "unsigned-sdk-js-no-trailer", bytes([2 | 64, 0]) + b"5\r\nhello\r\n0\r\n")
    write("aws_chunked", "unsigned-trailer-spaces",
          bytes([2 | 8, 0]) + b"3\r\nabc\r\n0\r\nx-amz-checksum-crc32 : NSRBwg==\r\n\r\n")


def xml_requests():
    write("xml_requests", "delete", '<?xml version="1.0" encoding="UTF-8"?>\n'
          '<Delete xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Quiet>true</Quiet>'
          "<Object><Key>a.txt</Key></Object><Object><Key> sp&amp;ace </Key>"
          "<VersionId>1</VersionId></Object></Delete>")
    write("xml_requests", "create-bucket",
          '<CreateBucketConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">'
          "<LocationConstraint>eu-west-1</LocationConstraint></CreateBucketConfiguration>")
    write("xml_requests", "complete-multipart",
          '<CompleteMultipartUpload xmlns="http://s3.amazonaws.com/doc/2006-03-01/">'
          '<Part><PartNumber>1</PartNumber><ETag>"a54357aff0632cce46d942af68356b38"</ETag>'
          "<ChecksumCRC32>NSRBwg==</ChecksumCRC32></Part><Part><PartNumber>2</PartNumber>"
          "<ETag>0c78aef83f66abc1fa1e8477f296d394</ETag></Part></CompleteMultipartUpload>")
    write("xml_requests", "cors",
          "<CORSConfiguration><CORSRule><ID>web</ID><AllowedOrigin>http://*.example.com"
          "</AllowedOrigin><AllowedMethod>PUT</AllowedMethod><AllowedMethod>GET</AllowedMethod>"
          "<AllowedHeader>*</AllowedHeader><ExposeHeader>ETag</ExposeHeader>"
          "<MaxAgeSeconds>3000</MaxAgeSeconds></CORSRule></CORSConfiguration>")
    write("xml_requests", "doctype-entity",
          '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY e "x">]><Delete><Object><Key>&e;</Key>'
          "</Object></Delete>")


def post_form(fields, file_name, content_type, content):
    body = b""
    for k, v in fields.items():
        body += (f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n"
                 ).encode()
    body += (f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; "
             f"filename=\"{file_name}\"\r\nContent-Type: {content_type}\r\n\r\n").encode()
    return body + content + f"\r\n--{BOUNDARY}--\r\n".encode()


def form_data_and_post_policy():
    for case in botocore_cases():
        if not case["auth"].startswith("post"):
            continue
        # boto3 generate_presigned_post fields, posted the way requests encodes them.
        body = post_form(case["fields"], "cat.png", "image/png", b"\x89PNG\r\n\x1a\n--" + b"x" * 32)
        write("form_data", case["name"], bytes([0, 0]) + body)
        write("form_data", case["name"] + "-split", bytes([0, 5]) + body)
        raw = ["\x01", "uploads/cat.png"] + [f"{k}:{v}" for k, v in case["fields"].items()]
        write("post_policy", case["name"] + "-raw", "\n".join(raw))
        signed_v2 = case["auth"] == "post-s3"
        unsigned = {k: v for k, v in case["fields"].items()
                    if k.lower() not in ("policy", "signature", "awsaccesskeyid", "x-amz-signature",
                                         "x-amz-algorithm", "x-amz-credential", "x-amz-date")}
        lines = ["\x02" if signed_v2 else "\x00", "uploads/cat.png", case["policy_json"]]
        lines += [f"{k}:{v}" for k, v in unsigned.items()]
        write("post_policy", case["name"], "\n".join(lines))
    policy = {"expiration": "2013-05-24T01:00:00.000Z", "conditions": [
        {"bucket": "media"}, ["eq", "$key", "uploads/a.jpg"],
        ["starts-with", "$Content-Type", "image/"], ["content-length-range", 1, 10485760],
        {"success_action_status": "201"}, ["starts-with", "$x-amz-meta-tag", ""],
        {"x-amz-algorithm": "AWS4-HMAC-SHA256"},
        {"x-amz-credential": "AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request"},
        {"x-amz-date": "20130524T000000Z"}]}
    write("post_policy", "conditions", "\n".join(
        ["\x00", "uploads/a.jpg", json.dumps(policy), "Content-Type:image/jpeg",
         "success_action_status:201", "x-amz-meta-tag:x", "key:uploads/a.jpg"]))
    write("form_data", "fields-only-lf-preamble", bytes([1, 0]) +
          f"preamble\r\n--{BOUNDARY}\r\ncontent-disposition: form-data; name=key\r\n\r\nk\r\n"
          f"--{BOUNDARY}--".encode())


if __name__ == "__main__":
    sigv4_auth_and_router()
    aws_chunked()
    xml_requests()
    form_data_and_post_policy()
