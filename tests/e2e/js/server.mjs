// Starts the s3sandbox binary for a JavaScript test through the npm package's own
// startS3Sandbox (packages/npm, dogfooding): ephemeral storage, a free port, and the endpoint
// read from the "s3sandbox ready http://HOST:PORT" line. The binary is S3SANDBOX_BIN, or the
// default build's.
import path from "node:path";

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
