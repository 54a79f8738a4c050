// Fault injection with aws-sdk-js v3: its standard retries turn one injected 503 SlowDown into a
// success, for an upload and a download, and a rule given on the command line (--fault) fails
// part 2 of a multipart upload once, which the SDK retries.
import { test } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import {
  S3Client,
  PutObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  CreateMultipartUploadCommand,
  UploadPartCommand,
  CompleteMultipartUploadCommand,
} from "@aws-sdk/client-s3";
import { credentials, withBucket } from "./server.mjs";

let server;
let s3;
const bucket = "js-faults";

withBucket(
  bucket,
  {
    args: [
      "--min-part-size",
      "1024",
      "--fault",
      `operation=UploadPart,bucket=${bucket},part=2,times=1,error=InternalError,when=after-body`,
    ],
    client: { maxAttempts: 4 },
  },
  (started) => ({ server, s3 } = started),
);

async function addFault(rule) {
  const r = await fetch(`${server.endpoint}/_sandbox/faults`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(rule),
  });
  const text = await r.text();
  assert.equal(r.status, 201, text);
  return JSON.parse(text);
}

async function faultById(id) {
  return (await fetch(`${server.endpoint}/_sandbox/faults/${id}`)).json();
}

test("one SlowDown on PutObject and on GetObject is retried into a success", async () => {
  const put = await addFault({ operation: "PutObject", bucket, times: 1, error: "SlowDown" });
  const get = await addFault({ operation: "GetObject", bucket, times: 1, error: "SlowDown" });
  const out = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: "a.txt", Body: "hello" }));
  assert.equal(out.$metadata.attempts, 2);
  const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: "a.txt" }));
  assert.equal(await got.Body.transformToString(), "hello");
  assert.equal(got.$metadata.attempts, 2);
  assert.equal((await faultById(put.id)).hits, 1);
  assert.equal((await faultById(get.id)).hits, 1);
});

test("part 2 of a multipart upload fails once (--fault) and the SDK retries it", async () => {
  const parts = [randomBytes(4096), randomBytes(4096), randomBytes(100)];
  const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: "mp" }));
  const done = [];
  for (const [i, body] of parts.entries()) {
    const r = await s3.send(
      new UploadPartCommand({ Bucket: bucket, Key: "mp", UploadId, PartNumber: i + 1, Body: body }),
    );
    assert.equal(r.$metadata.attempts, i === 1 ? 2 : 1);
    done.push({ ETag: r.ETag, PartNumber: i + 1 });
  }
  await s3.send(
    new CompleteMultipartUploadCommand({ Bucket: bucket, Key: "mp", UploadId, MultipartUpload: { Parts: done } }),
  );
  const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: "mp" }));
  assert.deepEqual(Buffer.from(await got.Body.transformToByteArray()), Buffer.concat(parts));
});

test("a faulted answer names its rule in x-s3sandbox-fault", async () => {
  const rule = await addFault({ operation: "HeadObject", bucket, times: 1, error: "InternalError" });
  const r = await fetch(`${server.endpoint}/_sandbox/faults`);
  assert.equal((await r.json()).faults.find((f) => f.id === rule.id).active, true);
  const s3once = new S3Client({
    endpoint: server.endpoint,
    region: "us-east-1",
    forcePathStyle: true,
    credentials,
    maxAttempts: 1,
  });
  try {
    await assert.rejects(s3once.send(new HeadObjectCommand({ Bucket: bucket, Key: "a.txt" })),
      (e) => {
        assert.equal(e.$metadata.httpStatusCode, 500);
        assert.equal(e.$response?.headers?.["x-s3sandbox-fault"], `#${rule.id} ${rule.spec}`);
        return true;
      },
    );
  } finally {
    s3once.destroy();
  }
});
