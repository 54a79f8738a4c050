// The presigned-URL explainer with aws-sdk-js v3 URLs (getSignedUrl): POST /_sandbox/explain and
// `s3sandbox explain`, each verdict checked against what the server then does with the URL.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import path from "node:path";
import { S3Client, CreateBucketCommand, PutObjectCommand, GetObjectCommand } from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { startServer, credentials } from "./server.mjs";

const binary =
  process.env.S3SANDBOX_BIN ?? path.resolve(import.meta.dirname ?? ".", "../../../build/s3sandbox");
const bucket = "js-explain";
let server;
let defaults; // the SDK's default checksum settings
let whenRequired; // the setting the README recommends for presigned uploads

const explainApi = async (body) => {
  const r = await fetch(`${server.endpoint}/_sandbox/explain`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  assert.equal(r.status, 200);
  return r.json();
};

// `s3sandbox explain URL ARGS --json`: [exit code, report].
const explainCli = (url, ...args) => {
  try {
    return [0, JSON.parse(execFileSync(binary, ["explain", url, ...args, "--json"]).toString())];
  } catch (e) {
    return [e.status, JSON.parse(e.stdout.toString())];
  }
};

const codes = (report) => report.findings.map((f) => f.code);

before(async () => {
  server = await startServer();
  const base = { endpoint: server.endpoint, region: "us-east-1", forcePathStyle: true, credentials };
  defaults = new S3Client(base);
  whenRequired = new S3Client({ ...base, requestChecksumCalculation: "WHEN_REQUIRED" });
  await defaults.send(new CreateBucketCommand({ Bucket: bucket }));
});

after(async () => {
  defaults?.destroy();
  whenRequired?.destroy();
  assert.equal(await server?.stop(), 0);
});

test("the default presigned PutObject URL carries the empty body's CRC32", async () => {
  const url = await getSignedUrl(defaults, new PutObjectCommand({ Bucket: bucket, Key: "a.txt" }), {
    expiresIn: 300,
  });
  const report = await explainApi({ url, method: "PUT" });
  assert.equal(report.usable, false);
  assert.ok(codes(report).includes("empty-body-checksum"), JSON.stringify(report.findings));
  const crc = report.checksums.find((c) => c.name === "x-amz-checksum-crc32");
  assert.deepEqual(crc, { name: "x-amz-checksum-crc32", value: "AAAAAA==", empty_body: true });
  assert.equal(report.verdict.valid, true); // the signature itself is right
  // And the server then refuses a real upload, as the finding says.
  const put = await fetch(url, { method: "PUT", body: "hello" });
  assert.equal(put.status, 400);
  assert.match(await put.text(), /BadDigest/);
});

test("with requestChecksumCalculation WHEN_REQUIRED the URL is usable", async () => {
  const url = await getSignedUrl(
    whenRequired,
    new PutObjectCommand({ Bucket: bucket, Key: "b.txt", ContentType: "text/plain" }),
    { expiresIn: 300 },
  );
  const [code, report] = explainCli(url, "--method", "PUT", "--header", "Content-Type: text/plain",
    "--credential", `${credentials.accessKeyId}:${credentials.secretAccessKey}`);
  assert.equal(code, 0, JSON.stringify(report.findings));
  assert.deepEqual(report.method.valid_for, ["PUT"]);
  assert.equal(report.target.operation, "PutObject");
  const put = await fetch(url, { method: "PUT", body: "hello", headers: { "content-type": "text/plain" } });
  assert.equal(put.status, 200);
});

test("a GetObject URL: method, overrides and the server's diagnosis when misused", async () => {
  const url = await getSignedUrl(
    defaults,
    new GetObjectCommand({ Bucket: bucket, Key: "b.txt", ResponseContentDisposition: "attachment" }),
    { expiresIn: 120 },
  );
  const report = await explainApi({ url });
  assert.equal(report.usable, true);
  assert.deepEqual(report.method.valid_for, ["GET"]);
  assert.deepEqual(report.response_overrides, { "response-content-disposition": "attachment" });
  assert.ok(report.time.remaining_seconds > 0 && report.time.remaining_seconds <= 120);
  const misused = await explainApi({ url, method: "DELETE" });
  const refused = await fetch(url, { method: "DELETE" });
  assert.equal(refused.status, 403);
  assert.equal(misused.verdict.error.diagnosis, refused.headers.get("x-s3sandbox-diagnosis"));
});
