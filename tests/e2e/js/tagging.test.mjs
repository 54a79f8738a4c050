// Object tagging with aws-sdk-js v3: the tagging calls, Tagging on PutObject, and a presigned PUT
// with tags, which this SDK's presigner puts in the query string (x-amz-tagging=...) rather than
// in a signed header as boto3 does.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  S3Client,
  PutObjectCommand,
  HeadObjectCommand,
  GetObjectTaggingCommand,
  PutObjectTaggingCommand,
  DeleteObjectTaggingCommand,
} from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { credentials, withBucket } from "./server.mjs";

let server;
let s3;
const bucket = "js-tagging";

withBucket(bucket, {}, (started) => ({ server, s3 } = started));

const tagsOf = async (key) =>
  (await s3.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: key }))).TagSet;

test("PutObject with Tagging, then Put/Get/DeleteObjectTagging", async () => {
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: "a.txt", Body: "a", Tagging: "kind=text" }));
  assert.deepEqual(await tagsOf("a.txt"), [{ Key: "kind", Value: "text" }]);
  await s3.send(
    new PutObjectTaggingCommand({
      Bucket: bucket,
      Key: "a.txt",
      Tagging: { TagSet: [{ Key: "x", Value: "1" }, { Key: "y", Value: "2" }] },
    }),
  );
  assert.deepEqual(await tagsOf("a.txt"), [{ Key: "x", Value: "1" }, { Key: "y", Value: "2" }]);
  await s3.send(new DeleteObjectTaggingCommand({ Bucket: bucket, Key: "a.txt" }));
  assert.deepEqual(await tagsOf("a.txt"), []);
});

test("eleven tags are refused with S3's BadRequest", async () => {
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: "b.txt", Body: "b" }));
  const TagSet = Array.from({ length: 11 }, (_, i) => ({ Key: `k${i}`, Value: "v" }));
  await assert.rejects(
    s3.send(new PutObjectTaggingCommand({ Bucket: bucket, Key: "b.txt", Tagging: { TagSet } })),
    (err) => err.name === "BadRequest" && /Object tags cannot be greater than 10/.test(err.message),
  );
});

test("a presigned PUT with Tagging carries the tags in its query and applies them", async () => {
  const presigner = new S3Client({
    endpoint: server.endpoint,
    region: "us-east-1",
    forcePathStyle: true,
    credentials,
    requestChecksumCalculation: "WHEN_REQUIRED",
  });
  const url = await getSignedUrl(
    presigner,
    new PutObjectCommand({ Bucket: bucket, Key: "up/cat.jpg", Tagging: "source=browser&size=large" }),
    { expiresIn: 300 },
  );
  assert.match(url, /[?&]x-amz-tagging=/, "this SDK hoists the tagging header into the query");
  const put = await fetch(url, { method: "PUT", body: "jpeg bytes" });
  assert.equal(put.status, 200, await put.text());
  assert.deepEqual(await tagsOf("up/cat.jpg"), [
    { Key: "source", Value: "browser" },
    { Key: "size", Value: "large" },
  ]);
  const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: "up/cat.jpg" }));
  assert.equal(head.$metadata.httpStatusCode, 200);
  presigner.destroy();
});
