// Event notifications with aws-sdk-js v3: the configuration round trip, and an upload whose
// ObjectCreated:Put message reaches a node:http webhook (the media-service pattern), checked
// against GET /_sandbox/events as well.
import { test } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import { once } from "node:events";
import {
  PutObjectCommand,
  PutBucketNotificationConfigurationCommand,
  GetBucketNotificationConfigurationCommand,
} from "@aws-sdk/client-s3";
import { withBucket } from "./server.mjs";

const queueArn = "arn:aws:sqs:us-east-1:123456789012:uploads";
const bucket = "js-notifications";
let server;
let s3;
let webhook;
const messages = [];
let arrived = () => {};

// The server's arguments name the webhook's port, known once `prepare` has run.
withBucket(
  bucket,
  {
    prepare: async () => {
      webhook = http.createServer((req, res) => {
        let body = "";
        req.on("data", (d) => (body += d));
        req.on("end", () => {
          messages.push(JSON.parse(body));
          arrived();
          res.writeHead(200).end();
        });
      });
      webhook.listen(0, "127.0.0.1");
      await once(webhook, "listening");
    },
    args: () => ["--notify-target", `${queueArn}=http://127.0.0.1:${webhook.address().port}/hook`],
    cleanUp: () => webhook?.close(),
  },
  (started) => ({ server, s3 } = started),
);

// Resolves once a message satisfies `predicate` (bounded: the test fails after 10 s).
async function waitFor(predicate) {
  const deadline = Date.now() + 10000;
  for (;;) {
    const found = messages.find(predicate);
    if (found) return found;
    assert.ok(Date.now() < deadline, `no matching message; got ${JSON.stringify(messages)}`);
    await new Promise((resolve) => {
      arrived = resolve;
      setTimeout(resolve, 100);
    });
  }
}

test("configuration round trip, TestEvent, and an upload's ObjectCreated:Put", async () => {
  await s3.send(
    new PutBucketNotificationConfigurationCommand({
      Bucket: bucket,
      NotificationConfiguration: {
        QueueConfigurations: [
          {
            Id: "thumbnailer",
            QueueArn: queueArn,
            Events: ["s3:ObjectCreated:*"],
            Filter: { Key: { FilterRules: [{ Name: "prefix", Value: "uploads/" }] } },
          },
        ],
      },
    }),
  );
  const got = await s3.send(new GetBucketNotificationConfigurationCommand({ Bucket: bucket }));
  assert.equal(got.QueueConfigurations.length, 1);
  assert.equal(got.QueueConfigurations[0].Id, "thumbnailer");
  assert.equal(got.QueueConfigurations[0].QueueArn, queueArn);
  assert.deepEqual(got.QueueConfigurations[0].Filter.Key.FilterRules, [{ Name: "Prefix", Value: "uploads/" }]);

  const testEvent = await waitFor((m) => m.Event === "s3:TestEvent");
  assert.equal(testEvent.Bucket, bucket);

  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: "uploads/cat 1.jpg", Body: "meow" }));
  const message = await waitFor((m) => m.Records);
  const record = message.Records[0];
  assert.equal(record.eventName, "ObjectCreated:Put");
  assert.equal(record.s3.object.key, "uploads/cat+1.jpg");
  assert.equal(record.s3.object.size, 4);

  const res = await fetch(`${server.endpoint}/_sandbox/events?bucket=${bucket}&event=ObjectCreated:Put`);
  const { events } = await res.json();
  assert.equal(events.length, 1);
  assert.equal(events[0].key, "uploads/cat 1.jpg");
  assert.deepEqual(events[0].message, message);
});
