// S3 versioning with aws-sdk-js v3: PutBucketVersioning (the SDK adds the checksum S3
// requires), version ids on PutObject, GetObject of a version, delete markers, and
// ListObjectVersions paged by hand with its markers (the SDK has no paginator for it).
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  CreateBucketCommand,
  PutBucketVersioningCommand,
  GetBucketVersioningCommand,
  PutObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  DeleteObjectCommand,
  ListObjectVersionsCommand,
} from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { withBucket } from "./server.mjs";

let server;
let s3;
const bucket = "js-versioning";

withBucket(bucket, {}, (started) => ({ server, s3 } = started));

const text = async (params) => (await s3.send(new GetObjectCommand(params))).Body.transformToString();

test("versioning keeps every version and a delete stacks a marker", async () => {
  assert.equal((await s3.send(new GetBucketVersioningCommand({ Bucket: bucket }))).Status, undefined);
  await s3.send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: "Enabled" } }));
  assert.equal((await s3.send(new GetBucketVersioningCommand({ Bucket: bucket }))).Status, "Enabled");

  const v1 = (await s3.send(new PutObjectCommand({ Bucket: bucket, Key: "k", Body: "one" }))).VersionId;
  const v2 = (await s3.send(new PutObjectCommand({ Bucket: bucket, Key: "k", Body: "two" }))).VersionId;
  assert.ok(v1 && v2 && v1 !== v2);
  assert.equal(await text({ Bucket: bucket, Key: "k" }), "two");
  assert.equal(await text({ Bucket: bucket, Key: "k", VersionId: v1 }), "one");
  const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: "k", VersionId: v1 }));
  assert.equal(head.VersionId, v1);

  const deleted = await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: "k" }));
  assert.equal(deleted.DeleteMarker, true);
  await assert.rejects(s3.send(new GetObjectCommand({ Bucket: bucket, Key: "k" })), (err) => {
    assert.equal(err.name, "NoSuchKey");
    assert.equal(err.$response.headers["x-amz-delete-marker"], "true");
    return true;
  });
  await assert.rejects(
    s3.send(new GetObjectCommand({ Bucket: bucket, Key: "k", VersionId: deleted.VersionId })),
    (err) => err.$metadata.httpStatusCode === 405,
  );

  // A presigned GET names the version in its signed query.
  const url = await getSignedUrl(s3, new GetObjectCommand({ Bucket: bucket, Key: "k", VersionId: v1 }), {
    expiresIn: 300,
  });
  const r = await fetch(url);
  assert.equal(r.status, 200);
  assert.equal(await r.text(), "one");

  const listed = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket }));
  assert.deepEqual(
    listed.Versions.map((v) => [v.VersionId, v.IsLatest]),
    [
      [v2, false],
      [v1, false],
    ],
  );
  assert.deepEqual(
    listed.DeleteMarkers.map((m) => [m.VersionId, m.IsLatest]),
    [[deleted.VersionId, true]],
  );
});

test("ListObjectVersions pages with key and version-id markers", async () => {
  const b = "js-versioning-pages";
  await s3.send(new CreateBucketCommand({ Bucket: b }));
  await s3.send(new PutBucketVersioningCommand({ Bucket: b, VersioningConfiguration: { Status: "Enabled" } }));
  const written = [];
  for (const key of ["a", "b", "c"]) {
    for (let i = 0; i < 3; i++) {
      written.push((await s3.send(new PutObjectCommand({ Bucket: b, Key: key, Body: `${key}${i}` }))).VersionId);
    }
  }
  const seen = [];
  let pages = 0;
  let markers = {};
  for (;;) {
    const page = await s3.send(new ListObjectVersionsCommand({ Bucket: b, MaxKeys: 2, ...markers }));
    pages++;
    for (const v of page.Versions ?? []) seen.push(v.VersionId);
    if (!page.IsTruncated) break;
    markers = { KeyMarker: page.NextKeyMarker, VersionIdMarker: page.NextVersionIdMarker };
  }
  assert.equal(pages, 5);
  // Key ascending, newest first within a key.
  const expected = [2, 1, 0, 5, 4, 3, 8, 7, 6].map((i) => written[i]);
  assert.deepEqual(seen, expected);
});
