// The sandbox clock with aws-sdk-js v3. Unlike boto3 and the aws CLI, this SDK reads the server's
// time from a RequestTimeTooSkewed answer (ServerTime / Date), corrects its own clock offset and
// retries: moving the sandbox clock by hours does not break it. And the expiry pattern that works
// with every client: presign first, advance the sandbox clock past the expiry, advance it back.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  S3Client,
  PutObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
} from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { credentials, withBucket } from "./server.mjs";

let server;
let s3;
const bucket = "js-clock";

const setClock = async (query) => {
  const r = await fetch(`${server.endpoint}/_sandbox/clock?${query}`, { method: "PUT" });
  const text = await r.text();
  assert.equal(r.status, 200, text);
  return JSON.parse(text);
};

withBucket(
  bucket,
  {
    populate: () => s3.send(new PutObjectCommand({ Bucket: bucket, Key: "cat.jpg", Body: "meow" })),
    cleanUp: () => fetch(`${server.endpoint}/_sandbox/clock?offset=0`, { method: "PUT" }),
  },
  (started) => ({ server, s3 } = started),
);

test("a sandbox clock 2 h ahead: the SDK corrects its offset from the refusal and retries", async () => {
  await setClock("offset=%2B2h");
  try {
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket }));
    assert.equal(listed.KeyCount, 1);
    const offsetMs = s3.config.systemClockOffset;
    assert.ok(Math.abs(offsetMs - 7200 * 1000) < 60 * 1000, `corrected offset ${offsetMs} ms`);
  } finally {
    await setClock("offset=0");
  }
  // And back to the real time. The SDK's next request is 2 h ahead and refused; it corrects its
  // offset back to ~0 from the refusal, but retries only after corrections of 4 min or more, so
  // that one call fails and the next works. (Or set s3.config.systemClockOffset = 0 yourself.)
  await assert.rejects(s3.send(new ListObjectsV2Command({ Bucket: bucket })), {
    name: "RequestTimeTooSkewed",
  });
  assert.ok(Math.abs(s3.config.systemClockOffset) < 60 * 1000);
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket }));
  assert.equal(listed.KeyCount, 1);
});

test("presign, advance past the expiry (refused, diagnosed), advance back (works)", async () => {
  const fresh = new S3Client({ endpoint: server.endpoint, region: "us-east-1", forcePathStyle: true, credentials });
  const url = await getSignedUrl(fresh, new GetObjectCommand({ Bucket: bucket, Key: "cat.jpg" }), {
    expiresIn: 60,
  });
  fresh.destroy();
  assert.equal(await (await fetch(url)).text(), "meow");
  await setClock("advance=%2B61s");
  try {
    const refused = await fetch(url);
    assert.equal(refused.status, 403);
    const body = await refused.text();
    assert.match(body, /<Code>AccessDenied<\/Code>/);
    assert.match(body, /<Message>Request has expired \[s3sandbox: [^<]*SANDBOX clock[^<]*\]<\/Message>/);
    const diagnosis = refused.headers.get("x-s3sandbox-diagnosis");
    assert.match(diagnosis, /SANDBOX clock was moved 1 min 1 s ahead/);
    assert.match(diagnosis, /PUT \/_sandbox\/clock\?offset=0/);
  } finally {
    await setClock("advance=-61s");
  }
  assert.equal(await (await fetch(url)).text(), "meow");
});
