// HTTPS with aws-sdk-js v3: the sandbox started with tls: true (--tls auto), the SDK given a
// NodeHttpHandler whose https.Agent trusts the sandbox's CA and nothing else changed; a
// presigned URL over https fetched with the same trust; a client without the CA refused.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import https from "node:https";
import { readFileSync } from "node:fs";
import { createHash } from "node:crypto";
import {
  S3Client,
  CreateBucketCommand,
  PutObjectCommand,
  GetObjectCommand,
  ListBucketsCommand,
} from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { startS3Sandbox } from "../../../packages/npm/index.js";
import { credentials, unblockSsec } from "./server.mjs";
import path from "node:path";

const defaultBinary = path.resolve(import.meta.dirname ?? ".", "../../../build/s3sandbox");
let server;
let s3;
let agent;
const bucket = "js-https";

before(async () => {
  server = await startS3Sandbox({
    binary: process.env.S3SANDBOX_BIN ?? defaultBinary,
    tls: true,
    ...credentials,
  });
  agent = new https.Agent({ ca: readFileSync(server.caPath), keepAlive: true });
  s3 = new S3Client({
    endpoint: server.tlsEndpoint,
    region: "us-east-1",
    forcePathStyle: true,
    credentials,
    requestHandler: new NodeHttpHandler({ httpsAgent: agent }),
  });
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
});

after(async () => {
  s3?.destroy();
  agent?.destroy();
  const code = await server?.stop();
  assert.equal(code, 0, "server exits cleanly on SIGTERM");
});

// A request over https with the agent (fetch has no per-request CA option in node).
function httpsRequest(url, { method = "GET", headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const req = https.request(url, { agent, method, headers }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () =>
        resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }),
      );
    });
    req.on("error", reject);
    req.end(body);
  });
}
const httpsGet = (url) => httpsRequest(url);

test("the package answers an https endpoint and the CA", () => {
  assert.match(server.tlsEndpoint, /^https:\/\/127\.0\.0\.1:\d+$/);
  assert.match(server.endpoint, /^http:\/\/127\.0\.0\.1:\d+$/);
  assert.match(server.ca, /BEGIN CERTIFICATE/);
});

test("put and get over https with a NodeHttpHandler trusting the CA", async () => {
  const body = Buffer.alloc(700 * 1024, 7);
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: "k.bin", Body: body }));
  const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: "k.bin" }));
  assert.ok(Buffer.from(await got.Body.transformToByteArray()).equals(body));
});

test("the package's own s3ClientConfig talks https", async () => {
  const own = new S3Client(server.s3ClientConfig);
  try {
    const listed = await own.send(new ListBucketsCommand({}));
    assert.ok(listed.Buckets.some((b) => b.Name === bucket));
  } finally {
    own.destroy();
  }
});

test("a presigned GET is an https URL that works with the CA", async () => {
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: "p.txt", Body: "presigned" }));
  const url = await getSignedUrl(s3, new GetObjectCommand({ Bucket: bucket, Key: "p.txt" }), {
    expiresIn: 300,
  });
  assert.ok(url.startsWith(`${server.tlsEndpoint}/`), url);
  const res = await httpsGet(url);
  assert.equal(res.status, 200);
  assert.equal(res.body.toString(), "presigned");
});

test("a client that does not trust the CA is refused", async () => {
  const untrusting = new S3Client({
    endpoint: server.tlsEndpoint,
    region: "us-east-1",
    forcePathStyle: true,
    credentials,
    maxAttempts: 1,
  });
  try {
    await assert.rejects(untrusting.send(new ListBucketsCommand({})), (e) => {
      assert.match(String(e.code ?? e.message), /SELF_SIGNED|UNABLE_TO_VERIFY|CERT/i);
      return true;
    });
  } finally {
    untrusting.destroy();
  }
});

// User Guide, "Presigned URLs and SSE-C": the URL's signature covers the SSE-C headers, and the
// client sends them. getSignedUrl keeps x-amz-server-side-encryption* as signed headers (it
// hoists other x-amz-* headers into the query), so the key never appears in the URL.
test("a presigned SSE-C PUT and GET over https, with the key sent as the signed headers", async () => {
  await unblockSsec(s3, bucket);
  const key = Buffer.alloc(32, 9);
  const ssec = { SSECustomerAlgorithm: "AES256", SSECustomerKey: key };
  const keyHeaders = {
    "x-amz-server-side-encryption-customer-algorithm": "AES256",
    "x-amz-server-side-encryption-customer-key": key.toString("base64"),
    "x-amz-server-side-encryption-customer-key-MD5": createHash("md5").update(key).digest("base64"),
  };
  // Checksums only when required, as services that presign uploads set it (presign.test.mjs).
  const presigner = new S3Client({
    endpoint: server.tlsEndpoint,
    region: "us-east-1",
    forcePathStyle: true,
    credentials,
    requestChecksumCalculation: "WHEN_REQUIRED",
  });
  const put = await getSignedUrl(presigner, new PutObjectCommand({ Bucket: bucket, Key: "sealed.txt", ...ssec }), {
    expiresIn: 300,
  });
  presigner.destroy();
  const signed = new URL(put).searchParams.get("X-Amz-SignedHeaders");
  assert.match(signed, /x-amz-server-side-encryption-customer-key;/);
  assert.ok(!put.includes(key.toString("base64")), "the key is not in the URL");
  const stored = await httpsRequest(put, { method: "PUT", headers: keyHeaders, body: "sealed" });
  assert.equal(stored.status, 200, stored.body.toString());
  const get = await getSignedUrl(s3, new GetObjectCommand({ Bucket: bucket, Key: "sealed.txt", ...ssec }), {
    expiresIn: 300,
  });
  const got = await httpsRequest(get, { headers: keyHeaders });
  assert.equal(got.status, 200);
  assert.equal(got.body.toString(), "sealed");
  // The URL alone (a browser's address bar) lacks the headers it signed: refused, saying so.
  const bare = await httpsGet(get);
  assert.equal(bare.status, 403);
  assert.match(bare.headers["x-s3sandbox-diagnosis"], /A URL presigned for SSE-C is used with the key/);
});
