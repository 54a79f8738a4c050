// Bucket lifecycle with aws-sdk-js v3: Put/Get/DeleteBucketLifecycleConfiguration (the SDK adds
// the checksum S3 requires), a validation error, x-amz-expiration as the SDK's `Expiration`, and
// a 1-day rule run by advancing the sandbox clock two days (then back: requests are signed with
// the real time).
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  PutObjectCommand,
  HeadObjectCommand,
  PutBucketLifecycleConfigurationCommand,
  GetBucketLifecycleConfigurationCommand,
  DeleteBucketLifecycleCommand,
} from "@aws-sdk/client-s3";
import { withBucket } from "./server.mjs";

let server;
let s3;
const bucket = "js-lifecycle";

withBucket(bucket, {}, (started) => ({ server, s3 } = started));

const moveClock = async (advance) => {
  const r = await fetch(`${server.endpoint}/_sandbox/clock`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ advance }),
  });
  assert.equal(r.status, 200);
  return r.json();
};

const rules = {
  Rules: [{ ID: "tmp-1d", Filter: { Prefix: "tmp/" }, Status: "Enabled", Expiration: { Days: 1 } }],
};

test("put, get and delete a configuration; GET of none is NoSuchLifecycleConfiguration", async () => {
  await assert.rejects(
    s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: bucket })),
    (err) => err.name === "NoSuchLifecycleConfiguration" && err.$metadata.httpStatusCode === 404,
  );
  await s3.send(new PutBucketLifecycleConfigurationCommand({ Bucket: bucket, LifecycleConfiguration: rules }));
  const got = await s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: bucket }));
  assert.equal(got.Rules[0].ID, "tmp-1d");
  assert.deepEqual(got.Rules[0].Filter, { Prefix: "tmp/" });
  assert.equal(got.Rules[0].Expiration.Days, 1);
  await s3.send(new DeleteBucketLifecycleCommand({ Bucket: bucket }));
  await assert.rejects(
    s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: bucket })),
    (err) => err.name === "NoSuchLifecycleConfiguration",
  );
});

test("Days 0 is S3's InvalidArgument", async () => {
  const bad = { Rules: [{ ID: "x", Filter: {}, Status: "Enabled", Expiration: { Days: 0 } }] };
  await assert.rejects(
    s3.send(new PutBucketLifecycleConfigurationCommand({ Bucket: bucket, LifecycleConfiguration: bad })),
    (err) => err.name === "InvalidArgument" && /'Days' for Expiration action must be a positive integer/.test(err.message),
  );
});

test("a 1-day rule: Expiration on PUT and HEAD, gone after the clock moves two days", async () => {
  await s3.send(new PutBucketLifecycleConfigurationCommand({ Bucket: bucket, LifecycleConfiguration: rules }));
  const put = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: "tmp/a.bin", Body: "a" }));
  assert.match(put.Expiration, /^expiry-date="[^"]+ 00:00:00 GMT", rule-id="tmp-1d"$/);
  const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: "tmp/a.bin" }));
  assert.equal(head.Expiration, put.Expiration);
  const moved = await moveClock("+172800s");
  assert.equal(moved.lifecycle.expired, 1);
  await moveClock("-172800s");
  await assert.rejects(
    s3.send(new HeadObjectCommand({ Bucket: bucket, Key: "tmp/a.bin" })),
    (err) => err.$metadata.httpStatusCode === 404,
  );
});

test("an Expiration not after its Transition is refused with the reason", async () => {
  const err = await s3
    .send(
      new PutBucketLifecycleConfigurationCommand({
        Bucket: bucket,
        LifecycleConfiguration: {
          Rules: [
            {
              ID: "archive-then-delete",
              Filter: { Prefix: "logs/" },
              Status: "Enabled",
              Transitions: [{ Days: 90, StorageClass: "GLACIER" }],
              Expiration: { Days: 60 },
            },
          ],
        },
      }),
    )
    .then(
      () => assert.fail("accepted"),
      (e) => e,
    );
  assert.equal(err.name, "InvalidArgument");
  assert.equal(err.$metadata.httpStatusCode, 400);
  assert.match(err.message, /'Days' in the Expiration action must be greater than 'Days' in the Transition action/);
  assert.match(err.$response.headers["x-s3sandbox-diagnosis"], /after 60 days but moves them to GLACIER after 90/);
});
