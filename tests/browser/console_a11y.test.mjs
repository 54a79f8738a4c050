// Accessibility: axe-core (npm, pinned in package-lock.json) over every main view of the console,
// each in the state a user sees it (a bucket with a folder and a picture, an open object, a
// bucket's settings with a public policy and a notification target, a refused request in the
// journal): no serious or critical WCAG 2 A/AA violation.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { CreateBucketCommand, PutObjectCommand, PutPublicAccessBlockCommand, PutBucketPolicyCommand,
  PutBucketTaggingCommand, PutBucketNotificationConfigurationCommand } from "@aws-sdk/client-s3";
import { startConsole } from "./console_harness.mjs";
import { makePng } from "./harness.mjs";

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

let c;
before(async () => {
  c = await startConsole();
  await c.client.send(new CreateBucketCommand({ Bucket: "media" }));
  await c.client.send(new PutObjectCommand({ Bucket: "media", Key: "img/cat.png",
    Body: makePng(40, 30, 1), ContentType: "image/png" }));
  await c.client.send(new PutObjectCommand({ Bucket: "media", Key: "notes.txt", Body: "hello" }));
  // The settings view with everything filled in: a public policy, tags, a notification target.
  await c.client.send(new PutPublicAccessBlockCommand({ Bucket: "media",
    PublicAccessBlockConfiguration: { BlockPublicAcls: false, IgnorePublicAcls: false,
      BlockPublicPolicy: false, RestrictPublicBuckets: false } }));
  await c.client.send(new PutBucketPolicyCommand({ Bucket: "media", Policy: JSON.stringify({
    Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: "*", Action: "s3:GetObject",
      Resource: "arn:aws:s3:::media/img/*" }] }) }));
  await c.client.send(new PutBucketTaggingCommand({ Bucket: "media",
    Tagging: { TagSet: [{ Key: "team", Value: "web" }] } }));
  await c.client.send(new PutBucketNotificationConfigurationCommand({ Bucket: "media",
    SkipDestinationValidation: true, NotificationConfiguration: { QueueConfigurations: [{
      QueueArn: "arn:aws:sqs:us-east-1:123456789012:media", Events: ["s3:ObjectCreated:*"] }] } }));
  // A refused request, so that the requests view has a highlighted row.
  await fetch(`${c.server.endpoint}/media/notes.txt?X-Amz-Signature=bad`);
});
after(async () => {
  await c?.stop();
});

// Runs axe in the page (page.evaluate is not subject to the console's CSP, which forbids
// injected scripts) and returns the serious and critical violations, described.
async function seriousViolations() {
  await c.page.evaluate(axeSource);
  const results = await c.page.evaluate(() =>
    window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa"] } }));
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

const views = [
  ["buckets", "#/buckets", { role: "heading", name: "Buckets" }],
  ["object browser", "#/b/media/", { role: "link", name: "img/" }],
  ["object details", "#/o/media/img/cat.png", { role: "heading", name: "img/cat.png" }],
  ["bucket settings", "#/settings/media", { role: "heading", name: "media: settings" }],
  ["share", "#/share", { role: "heading", name: "Share" }],
  ["requests", "#/requests", { role: "heading", name: "Requests" }],
  ["sandbox controls", "#/controls", { role: "heading", name: "Sandbox controls" }],
];

for (const [name, hash, ready] of views) {
  test(`${name}: no serious accessibility violations`, async () => {
    await c.open(hash);
    await c.page.getByRole(ready.role, { name: ready.name, exact: true }).first().waitFor();
    assert.deepEqual(await seriousViolations(), []);
  });
}
