// The aws-sdk-js v3 rows of tests/e2e/test_diagnoses.py: the error a developer sees
// (err.message, which the SDK takes from <Message>) names what differed and the fix; with
// --messages s3 it is S3's exact text. (The sandbox clock row is not here: this SDK corrects its
// clock from RequestTimeTooSkewed and retries, see clock.test.mjs.)
import { test, after } from "node:test";
import assert from "node:assert/strict";
import {
  S3Client,
  CreateBucketCommand,
  ListBucketsCommand,
  PutObjectCommand,
} from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { startServer, credentials } from "./server.mjs";

const SIGNATURE =
  "The request signature we calculated does not match the signature you provided. " +
  "Check your key and signing method.";

const servers = [];
after(async () => {
  for (const s of servers) assert.equal(await s.stop(), 0, "server exits cleanly on SIGTERM");
});

async function start(args = []) {
  const server = await startServer(args);
  servers.push(server);
  return server;
}

function client(endpoint, overrides = {}) {
  return new S3Client({
    endpoint,
    region: "us-east-1",
    forcePathStyle: true,
    credentials,
    maxAttempts: 1,
    requestChecksumCalculation: "WHEN_REQUIRED",
    ...overrides,
  });
}

async function refusal(promise) {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  assert.fail("the request was not refused");
}

const messageOf = async (response) => {
  assert.ok(response.status >= 400, `status ${response.status}`);
  return (await response.text()).match(/<Message>([^<]*)<\/Message>/)[1];
};

const rows = [
  {
    name: "secret: unknown",
    async make(endpoint) {
      const s3 = client(endpoint, {
        credentials: { accessKeyId: "s3sandbox", secretAccessKey: "not-the-secret" },
      });
      const err = await refusal(s3.send(new ListBucketsCommand({})));
      s3.destroy();
      return err.message;
    },
    words: ["different secret key for access key 's3sandbox'", "--credential"],
    s3: SIGNATURE,
  },
  {
    name: "secret: LocalStack's default",
    async make(endpoint) {
      const s3 = client(endpoint, {
        credentials: { accessKeyId: "s3sandbox", secretAccessKey: "test" },
      });
      const err = await refusal(s3.send(new ListBucketsCommand({})));
      s3.destroy();
      return err.message;
    },
    words: ["different secret key", "LocalStack's default"],
    s3: SIGNATURE,
  },
  {
    name: "bucket: similar name exists",
    async make(endpoint) {
      const s3 = client(endpoint);
      await s3.send(new CreateBucketCommand({ Bucket: "js-media-uploads" }));
      const err = await refusal(
        s3.send(new PutObjectCommand({ Bucket: "js_media_uploads", Key: "k", Body: "x" })),
      );
      s3.destroy();
      return err.message;
    },
    words: ["there is a bucket 'js-media-uploads'", "Use 'js-media-uploads'"],
    s3: "The specified bucket does not exist",
  },
  {
    name: "signed header: Content-Type",
    async make(endpoint) {
      const s3 = client(endpoint);
      await s3.send(new CreateBucketCommand({ Bucket: "js-photos" }));
      const url = await getSignedUrl(
        s3,
        new PutObjectCommand({ Bucket: "js-photos", Key: "p", ContentType: "image/png" }),
        // getSignedUrl signs only host unless told; services pin the type like this.
        { expiresIn: 300, signableHeaders: new Set(["content-type"]) },
      );
      s3.destroy();
      const r = await fetch(url, {
        method: "PUT",
        body: new Blob(["x"], { type: "image/jpeg" }),
      });
      return messageOf(r);
    },
    words: ["Content-Type was signed as 'image/png' but sent as 'image/jpeg'", "trying common values"],
    s3: SIGNATURE,
  },
  {
    name: "host: localhost signed, 127.0.0.1 sent",
    async make(endpoint) {
      const port = new URL(endpoint).port;
      const s3 = client(`http://localhost:${port}`);
      await s3.send(new CreateBucketCommand({ Bucket: "js-hosts" }));
      const url = await getSignedUrl(
        s3,
        new PutObjectCommand({ Bucket: "js-hosts", Key: "k" }),
        { expiresIn: 300 },
      );
      s3.destroy();
      const r = await fetch(url.replace("//localhost:", "//127.0.0.1:"), { method: "PUT", body: "x" });
      return messageOf(r);
    },
    words: ["signed for host 'localhost:", "sent to '127.0.0.1:", "same endpoint name"],
    s3: SIGNATURE,
  },
];

for (const row of rows) {
  test(`${row.name}: the SDK's message names what differed and the fix`, async () => {
    const server = await start();
    const message = await row.make(server.endpoint);
    assert.ok(message.startsWith(`${row.s3} [s3sandbox: `), message);
    for (const words of row.words) assert.ok(message.includes(words), `${words} not in ${message}`);
  });

  test(`${row.name}: --messages s3 gives S3's exact message`, async () => {
    const server = await start(["--messages", "s3"]);
    assert.equal(await row.make(server.endpoint), row.s3);
  });
}
