// Upload integrity as current aws-sdk-js v3 sends it: default CRC32 checksums in headers,
// aws-chunked streaming bodies with a checksum trailer (STREAMING-UNSIGNED-PAYLOAD-TRAILER),
// every algorithm verified, stored and returned with ChecksumMode ENABLED.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Readable } from "node:stream";
import { createHash } from "node:crypto";
import {
  PutObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  GetObjectAttributesCommand,
} from "@aws-sdk/client-s3";
import { makeClient, withBucket } from "./server.mjs";

let server;
let s3;
const bucket = "js-integrity";

const client = (extra = {}) => makeClient(server.endpoint, extra);

// A stream of `count` chunks of `size` bytes, as a file or a proxied request would produce.
function chunks(count, size) {
  const parts = [];
  for (let i = 0; i < count; i++) parts.push(Buffer.alloc(size, i % 256));
  return { stream: () => Readable.from(parts), bytes: Buffer.concat(parts) };
}

function md5(bytes) {
  return createHash("md5").update(bytes).digest("hex");
}

withBucket(bucket, {}, (started) => ({ server, s3 } = started));

test("a Buffer upload carries the default CRC32, which is stored and returned", async () => {
  const body = Buffer.from("integrity by default");
  const put = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: "default.txt", Body: body }));
  assert.ok(put.ChecksumCRC32, "the response echoes the CRC32");
  const got = await s3.send(
    new GetObjectCommand({ Bucket: bucket, Key: "default.txt", ChecksumMode: "ENABLED" }),
  );
  assert.equal(got.ChecksumCRC32, put.ChecksumCRC32);
  assert.equal(got.ChecksumType, "FULL_OBJECT");
  // The SDK validates the returned checksum against the bytes while reading the body.
  assert.equal(await got.Body.transformToString(), "integrity by default");
});

test("a stream upload takes the aws-chunked trailer path and is stored byte for byte", async () => {
  const { stream, bytes } = chunks(20, 64 * 1024);
  const put = await s3.send(
    new PutObjectCommand({ Bucket: bucket, Key: "stream.bin", Body: stream(), ContentLength: bytes.length }),
  );
  assert.equal(put.ETag, `"${md5(bytes)}"`, "the framing is not part of the object");
  const got = await s3.send(
    new GetObjectCommand({ Bucket: bucket, Key: "stream.bin", ChecksumMode: "ENABLED" }),
  );
  assert.equal(got.ContentLength, bytes.length);
  assert.equal(got.ContentEncoding, undefined, "aws-chunked is framing, not a stored encoding");
  assert.ok(got.ChecksumCRC32);
  assert.deepEqual(Buffer.from(await got.Body.transformToByteArray()), bytes);
});

test("a stream of small chunks is refused as S3 refuses it, and buffering fixes it", async () => {
  const { stream, bytes } = chunks(10, 1000);
  await assert.rejects(
    s3.send(new PutObjectCommand({ Bucket: bucket, Key: "small.bin", Body: stream(), ContentLength: bytes.length })),
    (e) => e.name === "InvalidChunkSizeError",
  );
  await assert.rejects(s3.send(new HeadObjectCommand({ Bucket: bucket, Key: "small.bin" })), {
    name: "NotFound",
  });
  const buffered = client({ requestStreamBufferSize: 65536 });
  try {
    const put = await buffered.send(
      new PutObjectCommand({ Bucket: bucket, Key: "small.bin", Body: stream(), ContentLength: bytes.length }),
    );
    assert.equal(put.ETag, `"${md5(bytes)}"`);
  } finally {
    buffered.destroy();
  }
});

for (const algorithm of ["CRC32", "CRC32C", "CRC64NVME", "SHA1", "SHA256"]) {
  test(`ChecksumAlgorithm ${algorithm} is verified, stored and returned (buffer and stream)`, async () => {
    const body = Buffer.from(`checked with ${algorithm}`);
    const field = `Checksum${algorithm}`;
    const put = await s3.send(
      new PutObjectCommand({ Bucket: bucket, Key: `alg/${algorithm}`, Body: body, ChecksumAlgorithm: algorithm }),
    );
    assert.ok(put[field], `PutObject returns ${field}`);
    const head = await s3.send(
      new HeadObjectCommand({ Bucket: bucket, Key: `alg/${algorithm}`, ChecksumMode: "ENABLED" }),
    );
    assert.equal(head[field], put[field]);

    const { stream, bytes } = chunks(3, 16 * 1024);
    const streamed = await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: `alg/${algorithm}-stream`,
        Body: stream(),
        ContentLength: bytes.length,
        ChecksumAlgorithm: algorithm,
      }),
    );
    const attrs = await s3.send(
      new GetObjectAttributesCommand({
        Bucket: bucket,
        Key: `alg/${algorithm}-stream`,
        ObjectAttributes: ["ETag", "Checksum", "ObjectSize", "StorageClass"],
      }),
    );
    assert.equal(attrs.Checksum[field], streamed[field]);
    assert.equal(attrs.ObjectSize, bytes.length);
    assert.equal(attrs.ETag, md5(bytes));
    assert.equal(attrs.StorageClass, "STANDARD");
  });
}

test("a wrong checksum is refused with BadDigest and nothing is stored", async () => {
  await assert.rejects(
    s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: "wrong.txt",
        Body: "these bytes",
        ChecksumCRC32: "AAAAAA==",
      }),
    ),
    (e) => e.name === "BadDigest" && e.$metadata.httpStatusCode === 400,
  );
  await assert.rejects(s3.send(new HeadObjectCommand({ Bucket: bucket, Key: "wrong.txt" })), {
    name: "NotFound",
  });
});
