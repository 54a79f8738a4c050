// The npm helper's clean(): the per-test clean of a node:test suite in one request
// (POST /_sandbox/clean), proven with aws-sdk-js v3: buckets emptied, the clock real, fault rules
// gone, the journal and the event record empty, or a snapshot restored. And its own log file:
// removed by a clean stop, kept with keepLog, kept and named after a failure.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync, readdirSync, rmSync } from "node:fs";
import path from "node:path";
import {
  S3Client,
  CreateBucketCommand,
  GetObjectCommand,
  ListBucketsCommand,
  PutBucketNotificationConfigurationCommand,
  PutObjectCommand,
} from "@aws-sdk/client-s3";
import { startS3Sandbox } from "../../../packages/npm/index.js";
import { startServer, credentials } from "./server.mjs";

const binary = process.env.S3SANDBOX_BIN ??
  path.resolve(import.meta.dirname, "../../../build/s3sandbox");
let server;
let s3;

before(async () => {
  server = await startServer();
  s3 = new S3Client({ ...server.s3ClientConfig, maxAttempts: 1 });
});

after(async () => {
  s3?.destroy();
  assert.equal(await server?.stop(), 0, "server exits cleanly on SIGTERM");
});

async function dirty(bucket) {
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  await s3.send(new PutBucketNotificationConfigurationCommand({
    Bucket: bucket,
    NotificationConfiguration: { QueueConfigurations: [{
      QueueArn: "arn:aws:sqs:us-east-1:123456789012:uploads", Events: ["s3:ObjectCreated:*"] }] },
  }));
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: "k", Body: "left behind" }));
  await server.clock.set({ offset: "+5m", freeze: "now" });
  await server.faults.add({ operation: "HeadBucket", error: "SlowDown" });
  assert.ok((await server.requests({ bucket })).length > 0);
  const events = await (await fetch(`${server.endpoint}/_sandbox/events`)).json();
  assert.deepEqual(events.events.map((e) => e.event), ["s3:TestEvent", "ObjectCreated:Put"]);
}

async function assertClean() {
  const clock = await server.clock.get();
  assert.equal(clock.offset_seconds, 0);
  assert.equal(clock.frozen, false);
  assert.deepEqual(await server.faults.list(), []);
  assert.deepEqual(await server.requests(), []);
  const events = await (await fetch(`${server.endpoint}/_sandbox/events`)).json();
  assert.deepEqual(events.events, []);
}

// Counts the control requests the helper sends (its fetch calls to /_sandbox/).
async function countingControlCalls(action) {
  const calls = [];
  const realFetch = globalThis.fetch;
  globalThis.fetch = (url, init) => {
    if (String(url).includes("/_sandbox/")) calls.push(`${init?.method ?? "GET"} ${new URL(url).pathname}`);
    return realFetch(url, init);
  };
  try {
    return { result: await action(), calls };
  } finally {
    globalThis.fetch = realFetch;
  }
}

test("clean() empties buckets, restores the clock, clears faults, journal and events in one request",
  async () => {
    await dirty("js-clean");
    const { result, calls } = await countingControlCalls(() => server.clean());
    assert.deepEqual(calls, ["POST /_sandbox/clean"]);
    assert.equal(result.data, "reset");
    assert.equal(result.faults_deleted, 1);
    await assertClean();
    const { Buckets } = await s3.send(new ListBucketsCommand({}));
    assert.deepEqual(Buckets ?? [], []);
  });

test("clean({ snapshot }) restores the snapshot instead of emptying", async () => {
  await s3.send(new CreateBucketCommand({ Bucket: "js-seeded" }));
  await s3.send(new PutObjectCommand({ Bucket: "js-seeded", Key: "seed.txt", Body: "seed" }));
  await server.snapshot("js-clean-seed");
  await dirty("js-clean-2");
  const result = await server.clean({ snapshot: "js-clean-seed" });
  assert.equal(result.data, "restored");
  await assertClean();
  const { Buckets } = await s3.send(new ListBucketsCommand({}));
  assert.deepEqual(Buckets.map((b) => b.Name), ["js-seeded"]);
  const got = await s3.send(new GetObjectCommand({ Bucket: "js-seeded", Key: "seed.txt" }));
  assert.equal(await got.Body.transformToString(), "seed");
  await assert.rejects(server.clean({ snapshot: "no-such" }), (e) => e.status === 404 &&
    e.code === "NoSuchSnapshot");
  await server.clean();
});

test("a clean stop removes the helper's own log file; keepLog keeps it", async () => {
  const own = await startS3Sandbox({ binary, ...credentials });
  assert.ok(existsSync(own.logFile));
  assert.equal(await own.stop(), 0);
  assert.ok(!existsSync(own.logFile), `${own.logFile} is left behind`);
  assert.ok(!existsSync(path.dirname(own.logFile)), "its temporary directory too");

  const kept = await startS3Sandbox({ binary, ...credentials, keepLog: true });
  assert.equal(await kept.stop(), 0);
  assert.ok(existsSync(kept.logFile));
  rmSync(path.dirname(kept.logFile), { recursive: true });
});

test("a failed stop keeps the log and names it", async () => {
  const failing = await startS3Sandbox({ binary, ...credentials });
  failing.process.kill("SIGKILL");
  const printed = [];
  const realError = console.error;
  console.error = (...args) => printed.push(args.join(" "));
  try {
    assert.equal(await failing.stop(), "SIGKILL");
  } finally {
    console.error = realError;
  }
  assert.ok(existsSync(failing.logFile));
  assert.ok(printed.some((line) => line.includes(failing.logFile)), printed.join("\n"));
  rmSync(path.dirname(failing.logFile), { recursive: true });
});

test("a failed start keeps the log and names it in the error", async () => {
  const openFiles = () => readdirSync("/proc/self/fd").length;
  const before = openFiles();
  let error;
  try {
    await startS3Sandbox({ binary, ...credentials, args: ["--listen", "nowhere"] });
  } catch (e) {
    error = e;
  }
  assert.ok(error, "the start failed");
  assert.equal(openFiles(), before, "nothing of the failed start is left open (its log's handle)");
  const named = error.message.match(/log \(([^)]+)\):/);
  assert.ok(named, error.message);
  assert.ok(existsSync(named[1]), `${named[1]} is kept`);
  assert.match(readFileSync(named[1], "utf8"), /--listen/); // the reason is there
  rmSync(path.dirname(named[1]), { recursive: true });
});
