// A public-read image (Object Ownership ObjectWriter, Block Public Access off) and an image under
// a prefix opened by a bucket policy load into an <img> of a page of another origin, without
// credentials; a private one does not.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import {
  S3Client,
  CreateBucketCommand,
  DeletePublicAccessBlockCommand,
  PutBucketPolicyCommand,
  PutObjectCommand,
} from "@aws-sdk/client-s3";
import { startServer, credentials, launchBrowser, makePng } from "./harness.mjs";

let browser;
let server;
let s3;
before(async () => {
  browser = await launchBrowser();
  server = await startServer();
  s3 = new S3Client({ endpoint: server.endpoint, region: "us-east-1", forcePathStyle: true, credentials });
});
after(async () => {
  s3?.destroy();
  await browser?.close();
  await server?.stop();
});

test("public images load in an <img> of another origin", { timeout: 30000 }, async () => {
  const Bucket = "thumbs";
  await s3.send(new CreateBucketCommand({ Bucket, ObjectOwnership: "ObjectWriter" }));
  await s3.send(new DeletePublicAccessBlockCommand({ Bucket }));
  const png = makePng(4, 3, 7);
  await s3.send(new PutObjectCommand({ Bucket, Key: "acl.png", Body: png, ContentType: "image/png", ACL: "public-read" }));
  await s3.send(new PutObjectCommand({ Bucket, Key: "open/policy.png", Body: png, ContentType: "image/png" }));
  await s3.send(new PutObjectCommand({ Bucket, Key: "private.png", Body: png, ContentType: "image/png" }));
  await s3.send(
    new PutBucketPolicyCommand({
      Bucket,
      Policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: `arn:aws:s3:::${Bucket}/open/*` }],
      }),
    }),
  );
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.setContent("<html><body></body></html>");
    const load = (src) =>
      page.evaluate(
        (url) =>
          new Promise((resolve) => {
            const img = new Image();
            img.onload = () => resolve(img.naturalWidth);
            img.onerror = () => resolve(-1);
            img.src = url;
          }),
        src,
      );
    assert.equal(await load(`${server.endpoint}/${Bucket}/acl.png`), 4);
    assert.equal(await load(`${server.endpoint}/${Bucket}/open/policy.png`), 4);
    assert.equal(await load(`${server.endpoint}/${Bucket}/private.png`), -1);
  } finally {
    await context.close();
  }
});
