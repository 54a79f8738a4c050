// Records presigned URLs made by aws-sdk-js v3 (getSignedUrl from @aws-sdk/s3-request-presigner)
// with the fixed credentials of generate.py, into urls_js.jsonl. See README.md.
// Run once from the repository root: scripts/node.sh tests/data/explain/generate.mjs
import { writeFileSync } from "node:fs";
import { S3Client, GetObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";

const credentials = { accessKeyId: "AKIDEXPLAIN", secretAccessKey: "explain-secret" };
const base = { region: "us-east-1", endpoint: "http://localhost:9000", credentials };
const pathStyle = new S3Client({ ...base, forcePathStyle: true });
const virtual = new S3Client({ ...base, forcePathStyle: false });
// The setting the README recommends for presigned uploads: no checksum of an empty body.
const whenRequired = new S3Client({
  ...base, forcePathStyle: true, requestChecksumCalculation: "WHEN_REQUIRED",
});
const signedAt = new Date().toISOString().replace(/\.\d+Z$/, "Z");
const rows = [];
const add = async (name, source, client, command, method, headers = {}) => {
  const url = await getSignedUrl(client, command, { expiresIn: 3600 });
  rows.push({ name, source, url, method, headers, signed_at: signedAt });
};

await add("sdkjs-get", "aws-sdk-js v3 getSignedUrl(GetObjectCommand), path style", pathStyle,
  new GetObjectCommand({ Bucket: "photos", Key: "cats/tom.jpg" }), "GET");
await add("sdkjs-get-virtual", "aws-sdk-js v3 getSignedUrl(GetObjectCommand), virtual-hosted",
  virtual, new GetObjectCommand({ Bucket: "photos", Key: "cats/tom.jpg" }), "GET");
await add("sdkjs-put-default-checksum",
  "aws-sdk-js v3 getSignedUrl(PutObjectCommand) with the default requestChecksumCalculation",
  pathStyle, new PutObjectCommand({ Bucket: "photos", Key: "uploads/cat.jpg" }), "PUT");
await add("sdkjs-put-content-type",
  "aws-sdk-js v3 getSignedUrl(PutObjectCommand, ContentType), requestChecksumCalculation " +
  "WHEN_REQUIRED", whenRequired,
  new PutObjectCommand({ Bucket: "photos", Key: "uploads/cat.jpg", ContentType: "image/jpeg" }),
  "PUT", { "Content-Type": "image/jpeg" });

writeFileSync(new URL("./urls_js.jsonl", import.meta.url),
  rows.map((r) => JSON.stringify(r)).join("\n") + "\n");
