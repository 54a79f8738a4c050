// The request journal seen from aws-sdk-js v3: a presigned PUT made by fetch() (as a browser
// would) is found by a long-poll on /_sandbox/requests, with its operation, its authentication
// and the headers it signed.
import { test } from "node:test";
import assert from "node:assert/strict";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { withBucket } from "./server.mjs";

let server;
let s3;
const bucket = "js-journal";

// Checksums only when required, as services that presign uploads set it (presign.test.mjs).
withBucket(bucket, { client: { requestChecksumCalculation: "WHEN_REQUIRED" } }, (started) => ({ server, s3 } = started));

test("a presigned upload is waited for and found in the journal", async () => {
  const url = await getSignedUrl(
    s3,
    new PutObjectCommand({ Bucket: bucket, Key: "uploads/cat.jpg", ContentType: "image/jpeg" }),
    { expiresIn: 300, signableHeaders: new Set(["content-type"]) },
  );
  const signature = new URL(url).searchParams.get("X-Amz-Signature");
  // The poll starts first and waits; the upload comes while it waits.
  const poll = fetch(`${server.endpoint}/_sandbox/requests?bucket=${bucket}&key=uploads/&wait=10`);
  await new Promise((resolve) => setTimeout(resolve, 200));
  const put = await fetch(url, { method: "PUT", body: "jpeg", headers: { "Content-Type": "image/jpeg" } });
  assert.equal(put.status, 200);

  const answer = await poll;
  const text = await answer.text();
  assert.ok(!text.includes(signature), "the signature is never recorded");
  const { requests } = JSON.parse(text);
  assert.equal(requests.length, 1);
  const [entry] = requests;
  assert.equal(entry.operation, "PutObject");
  assert.equal(entry.key, "uploads/cat.jpg");
  assert.equal(entry.status, 200);
  assert.equal(entry.auth.kind, "sigv4-presigned");
  assert.equal(entry.auth.verdict, "ok");
  assert.ok(entry.auth.signed_headers.includes("content-type"), entry.auth.signed_headers);
  assert.match(entry.path, /X-Amz-Signature=REDACTED/);
});
