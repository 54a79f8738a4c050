// Starts the s3sandbox binary for a JavaScript test through the npm package's own
// startS3Sandbox (packages/npm, dogfooding): ephemeral storage, a free port, and the endpoint
// read from the "s3sandbox ready http://HOST:PORT" line. The binary is S3SANDBOX_BIN, or the
// default build's.
import path from "node:path";
import { before, after } from "node:test";
import assert from "node:assert/strict";
import { S3Client, CreateBucketCommand } from "@aws-sdk/client-s3";

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

// The setup most test files share, as node:test hooks of the calling file: before() starts a
// server with `args` (an array, or a function returning one, called in before() for arguments
// known only then), makes a path-style S3Client for it (`client`: more S3Client options), creates
// `bucket` (unless null) and hands { server, s3 } to `ready`; after() destroys the client and
// checks that the server exits 0 on SIGTERM. Hooks a file registers before this call run
// before it (before) or before its teardown (after).
export function withBucket(bucket, { args = [], client = {} } = {}, ready = () => {}) {
  let server;
  let s3;
  before(async () => {
    server = await startServer(typeof args === "function" ? args() : args);
    s3 = makeClient(server.endpoint, client);
    if (bucket !== null) await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    ready({ server, s3 });
  });
  after(async () => {
    s3?.destroy();
    const code = await server?.stop();
    assert.equal(code, 0, "server exits cleanly on SIGTERM");
  });
}
