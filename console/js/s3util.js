// S3 actions the views share, each a real S3 request through a presigned URL (api.js).
import { s3, s3Xml } from "./api.js";

const textOf = (node, name) => node.getElementsByTagName(name)[0]?.textContent ?? "";

// One ListObjectsV2 page: {folders: [prefix], objects: [{key, size, lastModified, etag,
// storageClass}], next: token | null}.
export async function listPage(bucket, { prefix = "", delimiter = "/", token = "",
  maxKeys = 200 } = {}) {
  const query = { "list-type": "2", "max-keys": String(maxKeys), "encoding-type": "url" };
  if (prefix) query.prefix = prefix;
  if (delimiter) query.delimiter = delimiter;
  if (token) query["continuation-token"] = token;
  const doc = await s3Xml("GET", { bucket, query, what: `Listing ${bucket}` });
  const dec = (s) => decodeURIComponent(s.replace(/\+/g, " "));
  const root = doc.documentElement;
  const folders = [...root.getElementsByTagName("CommonPrefixes")].map((n) => dec(textOf(n, "Prefix")));
  const objects = [...root.getElementsByTagName("Contents")].map((n) => ({
    key: dec(textOf(n, "Key")),
    size: Number(textOf(n, "Size")),
    lastModified: textOf(n, "LastModified"),
    etag: textOf(n, "ETag"),
    storageClass: textOf(n, "StorageClass") || "STANDARD",
  }));
  const truncated = textOf(root, "IsTruncated") === "true";
  return { folders, objects, next: truncated ? textOf(root, "NextContinuationToken") : null };
}

export async function sha256Base64(text) {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return btoa(String.fromCharCode(...new Uint8Array(digest)));
}

const xmlEscape = (s) => s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

// DeleteObjects for up to 1000 keys; resolves with the keys S3 refused ([{key, message}]).
export async function deleteKeys(bucket, keys) {
  const failed = [];
  for (let i = 0; i < keys.length; i += 1000) {
    const chunk = keys.slice(i, i + 1000);
    const body = `<Delete><Quiet>true</Quiet>${chunk.map((k) =>
      `<Object><Key>${xmlEscape(k)}</Key></Object>`).join("")}</Delete>`;
    // DeleteObjects requires an integrity check: a SHA-256 checksum (Web Crypto has no MD5).
    const headers = { "x-amz-checksum-sha256": await sha256Base64(body),
      "content-type": "application/xml" };
    const doc = await s3Xml("POST", { bucket, query: { delete: "" }, headers, body,
      what: "Deleting objects" });
    for (const e of doc.getElementsByTagName("Error")) {
      failed.push({ key: textOf(e, "Key"), message: `${textOf(e, "Code")}: ${textOf(e, "Message")}` });
    }
  }
  return failed;
}

// Deletes every object of a bucket (and aborts its multipart uploads), a page at a time.
export async function emptyBucket(bucket, onProgress) {
  let deleted = 0;
  for (;;) {
    const page = await listPage(bucket, { delimiter: "", maxKeys: 1000 });
    if (page.objects.length === 0) break;
    const failed = await deleteKeys(bucket, page.objects.map((o) => o.key));
    if (failed.length) throw new Error(`Could not delete ${failed[0].key}: ${failed[0].message}`);
    deleted += page.objects.length;
    onProgress?.(deleted);
  }
  const uploads = await s3Xml("GET", { bucket, query: { uploads: "" }, what: "Listing uploads" });
  for (const u of uploads.getElementsByTagName("Upload")) {
    await s3("DELETE", { bucket, key: textOf(u, "Key"), query: { uploadId: textOf(u, "UploadId") },
      what: "Aborting an upload" });
  }
  return deleted;
}
