// Starts the s3sandbox binary for a JavaScript test through the npm package's own
// startS3Sandbox (packages/npm, dogfooding): ephemeral storage, a free port, and the endpoint
// read from the "s3sandbox ready http://HOST:PORT" line. The binary is S3SANDBOX_BIN, or the
// default build's.
import path from "node:path";
import { before, after } from "node:test";
import assert from "node:assert/strict";
import { S3Client, CreateBucketCommand, PutBucketEncryptionCommand } from "@aws-sdk/client-s3";

import { startS3Sandbox } from "../../../packages/npm/index.js";

const defaultBinary = path.resolve(import.meta.dirname ?? ".", "../../../build/s3sandbox");

export const credentials = { accessKeyId: "s3sandbox", secretAccessKey: "s3sandbox-secret" };

export async function startServer(extraArgs = []) {
  return startS3Sandbox({
    binary: process.env.S3SANDBOX_BIN ?? defaultBinary,
    args: extraArgs,
    ...credentials,
  });
}

// A path-style client for `endpoint` with the sandbox's credentials, plus `extra` S3Client options.
export function makeClient(endpoint, extra = {}) {
  return new S3Client({ endpoint, region: "us-east-1", forcePathStyle: true, credentials, ...extra });
}

// Unblocks SSE-C on `bucket` (new buckets block it, S3's 2026 default): PutBucketEncryption with
// BlockedEncryptionTypes NONE.
export function unblockSsec(s3, bucket) {
  return s3.send(
    new PutBucketEncryptionCommand({
      Bucket: bucket,
      ServerSideEncryptionConfiguration: {
        Rules: [
          {
            ApplyServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" },
            BlockedEncryptionTypes: { EncryptionType: ["NONE"] },
          },
        ],
      },
    }),
  );
}

// The setup most test files share, as node:test hooks of the calling file: before() runs
// `prepare`, starts a server with `args` (an array, or a function returning one, called after
// `prepare`), makes a path-style S3Client for it (`client`: more S3Client options), creates
// `bucket` (unless null), hands { server, s3 } to `ready` and runs `populate`; after() runs
// `cleanUp`, destroys the client and checks that the server exits 0 on SIGTERM. The steps are
// options rather than hooks of the file's own because node:test does not wait for one root
// before() hook to finish before it starts the next.
export function withBucket(bucket, options = {}, ready = () => {}) {
  const { args = [], client = {}, prepare, populate, cleanUp } = options;
  let server;
  let s3;
  before(async () => {
    await prepare?.();
    server = await startServer(typeof args === "function" ? args() : args);
    s3 = makeClient(server.endpoint, client);
    if (bucket !== null) await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    ready({ server, s3 });
    await populate?.();
  });
  after(async () => {
    if (server) await cleanUp?.();
    s3?.destroy();
    const code = await server?.stop();
    assert.equal(code, 0, "server exits cleanly on SIGTERM");
  });
}
