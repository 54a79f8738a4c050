"""A small, independent client-side implementation of SigV4 header signing and aws-chunked
bodies (STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER], STREAMING-UNSIGNED-PAYLOAD-TRAILER), written
from the S3 API reference ("Signature Calculations for the Authorization Header: Transferring
Payload in Multiple Chunks" and "...trailing headers"), so the e2e tests can send exactly the wire
bytes SDKs send and then break exactly one thing. Only what the tests need: path-style URLs with
simple keys, no query string."""

import base64
import datetime
import hashlib
import hmac
import zlib
from urllib.parse import quote, urlsplit

EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()


def _hmac(key, msg):
    return hmac.new(key, msg.encode(), hashlib.sha256).digest()


def crc32_b64(data):
    return base64.b64encode(zlib.crc32(data).to_bytes(4, "big")).decode()


class Signer:
    def __init__(self, access_key, secret_key, region="us-east-1", when=None):
        when = when or datetime.datetime.now(datetime.timezone.utc)
        self.access_key = access_key
        self.amz_date = when.strftime("%Y%m%dT%H%M%SZ")
        self.date = self.amz_date[:8]
        self.region = region
        self.scope = f"{self.date}/{region}/s3/aws4_request"
        key = _hmac(("AWS4" + secret_key).encode(), self.date)
        for part in (region, "s3", "aws4_request"):
            key = _hmac(key, part)
        self.signing_key = key

    def sign(self, method, url, headers, payload_hash):
        """Adds host, x-amz-date, x-amz-content-sha256 and Authorization to `headers` (a dict
        with lower-case names); returns the seed signature."""
        parts = urlsplit(url)
        headers["host"] = parts.netloc
        headers["x-amz-date"] = self.amz_date
        headers["x-amz-content-sha256"] = payload_hash
        names = sorted(headers)
        canonical_headers = "".join(f"{n}:{str(headers[n]).strip()}\n" for n in names)
        signed = ";".join(names)
        canonical = "\n".join(
            [method, quote(parts.path, safe="/~"), "", canonical_headers, signed, payload_hash]
        )
        sts = "\n".join(
            [
                "AWS4-HMAC-SHA256",
                self.amz_date,
                self.scope,
                hashlib.sha256(canonical.encode()).hexdigest(),
            ]
        )
        signature = hmac.new(self.signing_key, sts.encode(), hashlib.sha256).hexdigest()
        headers["authorization"] = (
            f"AWS4-HMAC-SHA256 Credential={self.access_key}/{self.scope}, "
            f"SignedHeaders={signed}, Signature={signature}"
        )
        return signature

    def chunk_signature(self, previous, data):
        sts = "\n".join(
            [
                "AWS4-HMAC-SHA256-PAYLOAD",
                self.amz_date,
                self.scope,
                previous,
                EMPTY_SHA256,
                hashlib.sha256(data).hexdigest(),
            ]
        )
        return hmac.new(self.signing_key, sts.encode(), hashlib.sha256).hexdigest()

    def trailer_signature(self, previous, trailer_lines):
        canonical = "".join(f"{name}:{value}\n" for name, value in trailer_lines)
        sts = "\n".join(
            [
                "AWS4-HMAC-SHA256-TRAILER",
                self.amz_date,
                self.scope,
                previous,
                hashlib.sha256(canonical.encode()).hexdigest(),
            ]
        )
        return hmac.new(self.signing_key, sts.encode(), hashlib.sha256).hexdigest()


def split(data, chunk_size):
    return [data[i : i + chunk_size] for i in range(0, len(data), chunk_size)]


def signed_body(signer, seed, data, chunk_size=65536, trailers=None):
    """STREAMING-AWS4-HMAC-SHA256-PAYLOAD (trailers=None) or ...-PAYLOAD-TRAILER framing."""
    out = bytearray()
    previous = seed
    for chunk in split(data, chunk_size) + [b""]:
        previous = signer.chunk_signature(previous, chunk)
        out += f"{len(chunk):x};chunk-signature={previous}\r\n".encode() + chunk
        if chunk or trailers is None:
            out += b"\r\n"
    if trailers is not None:
        for name, value in trailers:
            out += f"{name}:{value}\r\n".encode()
        out += f"x-amz-trailer-signature:{signer.trailer_signature(previous, trailers)}\r\n\r\n".encode()
    return bytes(out)


def unsigned_trailer_body(data, trailers, chunk_size=65536):
    """STREAMING-UNSIGNED-PAYLOAD-TRAILER framing, as aws-sdk-js and botocore write it."""
    out = bytearray()
    for chunk in split(data, chunk_size):
        out += f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n"
    out += b"0\r\n"
    for name, value in trailers:
        out += f"{name}:{value}\r\n".encode()
    out += b"\r\n"
    return bytes(out)
