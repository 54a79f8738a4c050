// Server-side encryption headers with aws-sdk-js v3: SSE-S3 named on PUT/HEAD, SSE-KMS echoed,
// and SSE-C end to end, unblocked with PutBucketEncryption's BlockedEncryptionTypes (which this
// SDK knows), on a sandbox started with --allow-ssec-over-http.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import {
  CreateBucketCommand,
  PutObjectCommand,
  HeadObjectCommand,
  GetObjectCommand,
  PutBucketEncryptionCommand,
  GetBucketEncryptionCommand,
  DeleteBucketEncryptionCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  AbortMultipartUploadCommand,
} from "@aws-sdk/client-s3";
import { unblockSsec, withBucket } from "./server.mjs";

let server;
let s3;
const bucket = "js-encryption";
const key = Buffer.alloc(32, 7);

withBucket(bucket, { args: ["--allow-ssec-over-http"] }, (started) => ({ server, s3 } = started));

test("SSE-S3 by default, SSE-KMS echoed", async () => {
  const put = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: "a", Body: "a" }));
  assert.equal(put.ServerSideEncryption, "AES256");
  const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: "a" }));
  assert.equal(head.ServerSideEncryption, "AES256");
  const kms = await s3.send(
    new PutObjectCommand({ Bucket: bucket, Key: "k", Body: "k", ServerSideEncryption: "aws:kms", BucketKeyEnabled: true }),
  );
  assert.equal(kms.ServerSideEncryption, "aws:kms");
  assert.match(kms.SSEKMSKeyId, /^arn:aws:kms:us-east-1:\d{12}:key\//);
  assert.equal(kms.BucketKeyEnabled, true);
});

test("SSE-C is blocked until PutBucketEncryption unblocks it, then needs the key", async () => {
  const ssec = { SSECustomerAlgorithm: "AES256", SSECustomerKey: key };
  await assert.rejects(s3.send(new PutObjectCommand({ Bucket: bucket, Key: "c", Body: "c", ...ssec })), (e) => {
    assert.equal(e.$metadata.httpStatusCode, 403);
    assert.equal(e.name, "AccessDenied");
    return true;
  });
  await unblockSsec(s3, bucket);
  const config = await s3.send(new GetBucketEncryptionCommand({ Bucket: bucket }));
  assert.deepEqual(config.ServerSideEncryptionConfiguration.Rules[0].BlockedEncryptionTypes, {
    EncryptionType: ["NONE"],
  });
  const put = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: "c", Body: "secret", ...ssec }));
  assert.equal(put.SSECustomerAlgorithm, "AES256");
  assert.equal(put.SSECustomerKeyMD5, createHash("md5").update(key).digest("base64"));
  const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: "c", ...ssec }));
  assert.equal(await got.Body.transformToString(), "secret");
  await assert.rejects(s3.send(new GetObjectCommand({ Bucket: bucket, Key: "c" })), (e) => {
    assert.equal(e.$metadata.httpStatusCode, 400);
    return true;
  });
});

test("SSE-KMS encryption context: validated, stored and echoed by the writes", async () => {
  const context = Buffer.from(JSON.stringify({ tenant: "t1" })).toString("base64");
  const kms = { ServerSideEncryption: "aws:kms", SSEKMSEncryptionContext: context };
  const put = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: "ctx", Body: "c", ...kms }));
  assert.equal(put.SSEKMSEncryptionContext, context);
  const copy = await s3.send(
    new CopyObjectCommand({ Bucket: bucket, Key: "ctx-copy", CopySource: `${bucket}/ctx`, ...kms }),
  );
  assert.equal(copy.SSEKMSEncryptionContext, context);
  const upload = await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: "ctx-mp", ...kms }));
  assert.equal(upload.SSEKMSEncryptionContext, context);
  await s3.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: "ctx-mp", UploadId: upload.UploadId }));
  const notMap = Buffer.from(JSON.stringify({ n: 1 })).toString("base64");
  await assert.rejects(
    s3.send(new PutObjectCommand({ Bucket: bucket, Key: "bad", Body: "b", ServerSideEncryption: "aws:kms", SSEKMSEncryptionContext: notMap })),
    (e) => {
      assert.equal(e.$metadata.httpStatusCode, 400);
      assert.equal(e.name, "InvalidArgument");
      assert.match(e.message, /string-string map/);
      return true;
    },
  );
});

test("DeleteBucketEncryption goes back to SSE-S3 with SSE-C blocked", async () => {
  const Bucket = "js-encryption-reset";
  await s3.send(new CreateBucketCommand({ Bucket }));
  await s3.send(
    new PutBucketEncryptionCommand({
      Bucket,
      ServerSideEncryptionConfiguration: {
        Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: "aws:kms" }, BucketKeyEnabled: true }],
      },
    }),
  );
  const kms = await s3.send(new PutObjectCommand({ Bucket, Key: "k", Body: "k" }));
  assert.equal(kms.ServerSideEncryption, "aws:kms");
  await s3.send(new DeleteBucketEncryptionCommand({ Bucket }));
  const plain = await s3.send(new PutObjectCommand({ Bucket, Key: "p", Body: "p" }));
  assert.equal(plain.ServerSideEncryption, "AES256");
  await assert.rejects(
    s3.send(new PutObjectCommand({ Bucket, Key: "c", Body: "c", SSECustomerAlgorithm: "AES256", SSECustomerKey: key })),
    (e) => e.$metadata.httpStatusCode === 403,
  );
});
