// Multipart uploads as aws-sdk-js v3 does them: @aws-sdk/lib-storage's Upload of a stream of
// unknown length with the SDK's default checksums (CRC32 per part, a composite CRC32 for the
// object), and a browser-style flow of presigned UploadPart URLs sent with fetch.
// The server runs at S3's default 5 MiB minimum part size.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Readable } from "node:stream";
import { createHash } from "node:crypto";
import { crc32 } from "node:zlib";
import {
  CreateMultipartUploadCommand,
  UploadPartCommand,
  CompleteMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
} from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { makeClient, withBucket } from "./server.mjs";

const MiB = 1024 * 1024;
const bucket = "js-multipart";
let server;
let s3;

const client = (extra = {}) => makeClient(server.endpoint, extra);

// Deterministic bytes, different in every block so misplaced parts show.
function pattern(length, seed) {
  const bytes = Buffer.alloc(length);
  for (let i = 0; i + 4 <= length; i += 4) {
    bytes.writeUInt32LE((Math.imul(i / 4, 2654435761) + seed) >>> 0, i);
  }
  return bytes;
}

function md5(bytes) {
  return createHash("md5").update(bytes).digest();
}

// S3's ETag of a completed upload: md5 of the concatenated binary part md5s, then "-<count>".
function multipartEtag(parts) {
  return `"${md5(Buffer.concat(parts.map(md5))).toString("hex")}-${parts.length}"`;
}

// S3's composite CRC32: the CRC32 of the concatenated big-endian part CRC32s, base64, "-<count>".
function compositeCrc32(parts) {
  const crcs = Buffer.concat(
    parts.map((p) => {
      const b = Buffer.alloc(4);
      b.writeUInt32BE(crc32(p));
      return b;
    }),
  );
  const whole = Buffer.alloc(4);
  whole.writeUInt32BE(crc32(crcs));
  return `${whole.toString("base64")}-${parts.length}`;
}

function split(bytes, size) {
  const parts = [];
  for (let i = 0; i < bytes.length; i += size) parts.push(bytes.subarray(i, i + size));
  return parts;
}

withBucket(bucket, {}, (started) => ({ server, s3 } = started));

test("lib-storage uploads a stream of unknown length in parts, byte for byte", async () => {
  const bytes = pattern(12 * MiB, 7);
  // A generator gives the SDK no length: lib-storage must buffer parts and go multipart.
  async function* produce() {
    for (let i = 0; i < bytes.length; i += 256 * 1024) yield bytes.subarray(i, i + 256 * 1024);
  }
  const upload = new Upload({
    client: s3,
    params: { Bucket: bucket, Key: "stream.bin", Body: Readable.from(produce()) },
    partSize: 5 * MiB,
    queueSize: 4,
    leavePartsOnError: true,
  });
  const done = await upload.done();
  const parts = split(bytes, 5 * MiB);
  assert.equal(done.ETag, multipartEtag(parts));
  const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: "stream.bin" }));
  assert.equal(got.ContentLength, bytes.length);
  assert.equal(got.ETag, multipartEtag(parts));
  assert.ok(Buffer.from(await got.Body.transformToByteArray()).equals(bytes), "same bytes");
});

test("lib-storage's default CRC32 parts give the object a composite CRC32", async () => {
  const bytes = pattern(11 * MiB + 5, 11);
  const upload = new Upload({
    client: s3,
    params: { Bucket: bucket, Key: "crc.bin", Body: Readable.from([bytes]) },
    partSize: 5 * MiB,
    queueSize: 4,
  });
  await upload.done();
  const head = await s3.send(
    new HeadObjectCommand({ Bucket: bucket, Key: "crc.bin", ChecksumMode: "ENABLED" }),
  );
  assert.equal(head.ChecksumCRC32, compositeCrc32(split(bytes, 5 * MiB)));
  assert.equal(head.ChecksumType, "COMPOSITE");
});

test("presigned UploadPart URLs sent with fetch, then CompleteMultipartUpload", async () => {
  // WHEN_REQUIRED: a presigned part URL must not commit to a checksum of bytes not yet known.
  const presigner = client({ requestChecksumCalculation: "WHEN_REQUIRED" });
  try {
    const key = "browser/upload.bin";
    const parts = [pattern(5 * MiB, 1), pattern(1000, 2)];
    const { UploadId } = await presigner.send(
      new CreateMultipartUploadCommand({ Bucket: bucket, Key: key }),
    );
    const completed = [];
    for (const [i, body] of parts.entries()) {
      const url = await getSignedUrl(
        presigner,
        new UploadPartCommand({ Bucket: bucket, Key: key, UploadId, PartNumber: i + 1 }),
        { expiresIn: 300 },
      );
      assert.match(url, /X-Amz-Signature=/);
      assert.doesNotMatch(url, /x-amz-checksum/i, "no checksum is signed into the URL");
      const r = await fetch(url, { method: "PUT", body });
      assert.equal(r.status, 200, await r.text());
      assert.equal(r.headers.get("etag"), `"${md5(body).toString("hex")}"`);
      completed.push({ PartNumber: i + 1, ETag: r.headers.get("etag") });
    }
    const done = await presigner.send(
      new CompleteMultipartUploadCommand({
        Bucket: bucket,
        Key: key,
        UploadId,
        MultipartUpload: { Parts: completed },
      }),
    );
    assert.equal(done.ETag, multipartEtag(parts));
    const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    assert.ok(
      Buffer.from(await got.Body.transformToByteArray()).equals(Buffer.concat(parts)),
      "same bytes",
    );
  } finally {
    presigner.destroy();
  }
});
