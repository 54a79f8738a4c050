// aws-sdk-js v3 with its default settings against s3sandbox: plain calls, and presigned PUT and
// GET URLs (getSignedUrl) used from Node's fetch, as a browser would.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  S3Client,
  PutObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  CopyObjectCommand,
  ListObjectsV2Command,
  DeleteObjectsCommand,
} from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { credentials, withBucket } from "./server.mjs";

let server;
let s3;
const bucket = "js-presign";

withBucket(bucket, {}, (started) => ({ server, s3 } = started));

test("PutObject and GetObject with the SDK's defaults", async () => {
  const body = Buffer.from("hello from aws-sdk-js");
  const put = await s3.send(
    new PutObjectCommand({ Bucket: bucket, Key: "sdk/hello.txt", Body: body, ContentType: "text/plain" }),
  );
  assert.match(put.ETag, /^"[0-9a-f]{32}"$/);
  const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: "sdk/hello.txt" }));
  assert.equal(got.ContentType, "text/plain");
  assert.equal(await got.Body.transformToString(), "hello from aws-sdk-js");
});

test("presigned PUT then presigned GET through fetch", async () => {
  // Since 3.729 the SDK signs the CRC32 of an empty body into presigned PUT URLs unless told to
  // add checksums only when required; services that presign uploads set this.
  const presigner = new S3Client({
    endpoint: server.endpoint,
    region: "us-east-1",
    forcePathStyle: true,
    credentials,
    requestChecksumCalculation: "WHEN_REQUIRED",
  });
  const putUrl = await getSignedUrl(
    presigner,
    new PutObjectCommand({ Bucket: bucket, Key: "browser/pic.bin", ContentType: "image/png" }),
    { expiresIn: 300 },
  );
  const bytes = new Uint8Array(4096).map((_, i) => i % 251);
  const put = await fetch(putUrl, { method: "PUT", body: bytes, headers: { "Content-Type": "image/png" } });
  assert.equal(put.status, 200, await put.text());
  assert.doesNotMatch(putUrl, /x-amz-checksum/);

  const getUrl = await getSignedUrl(s3, new GetObjectCommand({ Bucket: bucket, Key: "browser/pic.bin" }), {
    expiresIn: 300,
  });
  const get = await fetch(getUrl);
  assert.equal(get.status, 200);
  assert.equal(get.headers.get("content-type"), "image/png");
  assert.deepEqual(new Uint8Array(await get.arrayBuffer()), bytes);
});

test("a presigned PUT URL that signs the empty body's CRC32 refuses a real file, saying why", async () => {
  const putUrl = await getSignedUrl(s3, new PutObjectCommand({ Bucket: bucket, Key: "browser/crc.bin" }), {
    expiresIn: 300,
  });
  assert.match(putUrl, /x-amz-checksum-crc32=AAAAAA%3D%3D/, "the SDK's default hoists the checksum");
  const put = await fetch(putUrl, { method: "PUT", body: "not empty" });
  assert.equal(put.status, 400);
  assert.match(await put.text(), /<Code>BadDigest<\/Code>/);
  assert.match(put.headers.get("x-s3sandbox-diagnosis") ?? "", /EMPTY body.*WHEN_REQUIRED/);
  const head = await fetch(
    await getSignedUrl(s3, new GetObjectCommand({ Bucket: bucket, Key: "browser/crc.bin" })),
  );
  assert.equal(head.status, 404, "nothing was stored");

  // The same URL uploads an empty body: its checksum is the one signed.
  const empty = await fetch(putUrl, { method: "PUT", body: "" });
  assert.equal(empty.status, 200, await empty.text());
});

test("presigned PUT without the signed Content-Type is refused with a diagnosis", async () => {
  // getSignedUrl signs only `host` unless told otherwise; signableHeaders makes Content-Type part
  // of the signature, as services do to pin the uploaded type.
  const putUrl = await getSignedUrl(
    s3,
    new PutObjectCommand({ Bucket: bucket, Key: "browser/typed.bin", ContentType: "image/png" }),
    { expiresIn: 300, signableHeaders: new Set(["content-type"]) },
  );
  assert.match(putUrl, /X-Amz-SignedHeaders=content-type%3Bhost/);
  const put = await fetch(putUrl, { method: "PUT", body: "x" });
  // fetch sends text/plain for a string body: a different value than the signed one.
  assert.equal(put.status, 403);
  const text = await put.text();
  assert.match(text, /<Code>SignatureDoesNotMatch<\/Code>/);
  assert.ok(put.headers.get("x-s3sandbox-diagnosis"), "the refusal says why");
  const head = await fetch(
    await getSignedUrl(s3, new GetObjectCommand({ Bucket: bucket, Key: "browser/typed.bin" })),
  );
  assert.equal(head.status, 404, "nothing was stored");
});

test("a presigned GET URL used for PUT is refused", async () => {
  const getUrl = await getSignedUrl(s3, new GetObjectCommand({ Bucket: bucket, Key: "sdk/hello.txt" }));
  const put = await fetch(getUrl, { method: "PUT", body: "overwrite" });
  assert.equal(put.status, 403);
  assert.match(put.headers.get("x-s3sandbox-diagnosis") ?? "", /GET/);
  const get = await fetch(getUrl);
  assert.equal(await get.text(), "hello from aws-sdk-js", "the object is unchanged");
});

test("list, copy, head and delete-many with the SDK's defaults", async () => {
  for (const key of ["many/a.txt", "many/b.txt", "many/sub/c.txt"]) {
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: key }));
  }
  const listed = await s3.send(
    new ListObjectsV2Command({ Bucket: bucket, Prefix: "many/", Delimiter: "/" }),
  );
  assert.deepEqual(listed.Contents.map((o) => o.Key), ["many/a.txt", "many/b.txt"]);
  assert.deepEqual(listed.CommonPrefixes.map((p) => p.Prefix), ["many/sub/"]);

  await s3.send(
    new CopyObjectCommand({ Bucket: bucket, Key: "many/copy.txt", CopySource: `${bucket}/many/a.txt` }),
  );
  const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: "many/copy.txt" }));
  assert.equal(head.ContentLength, "many/a.txt".length);

  // Current SDKs send a CRC32 checksum header instead of Content-MD5 on DeleteObjects.
  const deleted = await s3.send(
    new DeleteObjectsCommand({
      Bucket: bucket,
      Delete: { Objects: [{ Key: "many/a.txt" }, { Key: "many/b.txt" }, { Key: "many/copy.txt" }] },
    }),
  );
  assert.equal(deleted.Deleted.length, 3);
  const after = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: "many/" }));
  assert.deepEqual(after.Contents.map((o) => o.Key), ["many/sub/c.txt"]);
});

test("createPresignedPost form posted with fetch and FormData", async () => {
  const { createPresignedPost } = await import("@aws-sdk/s3-presigned-post");
  const { url, fields } = await createPresignedPost(s3, {
    Bucket: bucket,
    Key: "forms/${filename}",
    Conditions: [
      ["content-length-range", 1, 1024],
      ["starts-with", "$Content-Type", "image/"],
    ],
    Fields: { "Content-Type": "image/png" },
    Expires: 300,
  });
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  form.append("file", new Blob([new Uint8Array([137, 80, 78, 71])], { type: "image/png" }), "dot.png");
  const posted = await fetch(url, { method: "POST", body: form });
  assert.equal(posted.status, 204, await posted.text());
  const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: "forms/dot.png" }));
  assert.equal(got.ContentType, "image/png");
  assert.deepEqual([...(await got.Body.transformToByteArray())], [137, 80, 78, 71]);

  const tooBig = new FormData();
  for (const [name, value] of Object.entries(fields)) tooBig.append(name, value);
  tooBig.append("file", new Blob([new Uint8Array(2000)], { type: "image/png" }), "big.png");
  const refused = await fetch(url, { method: "POST", body: tooBig });
  assert.equal(refused.status, 400);
  assert.match(await refused.text(), /<Code>EntityTooLarge<\/Code>/);
});

test("createPresignedPost with x-amz-storage-class: stored and reported, and held by the policy", async () => {
  const { createPresignedPost } = await import("@aws-sdk/s3-presigned-post");
  const { url, fields } = await createPresignedPost(s3, {
    Bucket: bucket,
    Key: "forms/cold.txt",
    Conditions: [{ "x-amz-storage-class": "ONEZONE_IA" }],
    Fields: { "x-amz-storage-class": "ONEZONE_IA" },
    Expires: 300,
  });
  const post = (storageClass) => {
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    form.set("x-amz-storage-class", storageClass);
    form.append("file", new Blob(["cold"], { type: "text/plain" }), "cold.txt");
    return fetch(url, { method: "POST", body: form });
  };
  const tampered = await post("STANDARD");
  assert.equal(tampered.status, 403);
  assert.match(await tampered.text(), /<Code>AccessDenied<\/Code>/);
  const posted = await post("ONEZONE_IA");
  assert.equal(posted.status, 204, await posted.text());
  const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: "forms/cold.txt" }));
  assert.equal(head.StorageClass, "ONEZONE_IA");
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: "forms/cold" }));
  assert.deepEqual(
    listed.Contents.map((o) => [o.Key, o.StorageClass]),
    [["forms/cold.txt", "ONEZONE_IA"]],
  );
});
