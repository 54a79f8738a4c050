// The console's Sandbox controls change what S3 clients see: the clock expires a presigned URL,
// a fault rule added from the form makes GetObject fail until it is deleted, a snapshot brings
// back a deleted object, reset empties the sandbox.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import {
  CreateBucketCommand, PutObjectCommand, GetObjectCommand, DeleteObjectCommand,
  ListBucketsCommand, GetBucketCorsCommand,
} from "@aws-sdk/client-s3";
import { startConsole, shoot } from "./console_ops_harness.mjs";

let c;
before(async () => {
  c = await startConsole();
  await c.client.send(new CreateBucketCommand({ Bucket: "docs" }));
  await c.client.send(new PutObjectCommand({ Bucket: "docs", Key: "a.txt", Body: "alpha" }));
});
after(async () => {
  await c?.stop();
});

const read = async (key) => {
  const r = await c.client.send(new GetObjectCommand({ Bucket: "docs", Key: key }));
  return r.Body.transformToString();
};

async function presignGet(expires) {
  const r = await fetch(`${c.s3.endpoint}/_sandbox/presign`, { method: "POST",
    body: JSON.stringify({ bucket: "docs", key: "a.txt", method: "GET", expires }) });
  assert.equal(r.status, 200);
  return (await r.json()).url;
}

test("advancing the clock expires a presigned URL; resetting it makes the URL work again",
  { timeout: 90000 }, async () => {
    const { page } = c;
    await page.goto(c.consoleUrl("#/controls"));
    await page.getByRole("heading", { name: "Clock" }).waitFor();
    const url = await presignGet(60);
    assert.equal((await fetch(url)).status, 200);
    await page.getByLabel("Advance", { exact: true }).fill("+2m");
    await page.getByRole("button", { name: "Set advance" }).click();
    await page.locator('[data-clock="offset"]', { hasText: "+120 s" }).waitFor();
    const expired = await fetch(url);
    assert.equal(expired.status, 403);
    assert.match(await expired.text(), /<Code>AccessDenied<\/Code>[\s\S]*expired/i);
    await page.getByRole("button", { name: "Freeze now" }).click();
    await page.locator('[data-clock="state"]', { hasText: "frozen" }).waitFor();
    await page.getByRole("button", { name: "Reset clock" }).click();
    await page.locator('[data-clock="state"]', { hasText: "running" }).waitFor();
    await page.locator('[data-clock="offset"]', { hasText: "+0 s" }).waitFor();
    assert.equal((await fetch(url)).status, 200);
  });

test("a fault rule added from the form fails GetObject until it is deleted", { timeout: 90000 },
  async () => {
    const { page } = c;
    await page.goto(c.consoleUrl("#/controls"));
    await page.getByLabel("Operation", { exact: true }).fill("GetObject");
    await page.getByLabel("Bucket", { exact: true }).fill("docs");
    await page.getByLabel("Error code", { exact: true }).fill("SlowDown");
    await page.getByRole("button", { name: "Add fault rule" }).click();
    const rule = page.locator("tr[data-fault]");
    await rule.waitFor();
    assert.match(await rule.textContent(), /operation=GetObject/);
    await assert.rejects(read("a.txt"), (e) => e.name === "SlowDown");
    // A bad rule is refused inline, in words.
    await page.getByLabel("Operation", { exact: true }).fill("NoSuchOperation");
    await page.getByRole("button", { name: "Add fault rule" }).click();
    await page.locator('section[aria-labelledby="h-faults"] [role="alert"]:not([hidden])').waitFor();
    await shoot(page, "controls");
    await rule.getByRole("button", { name: /Delete fault rule/ }).click();
    await page.getByText("No fault rules.").waitFor();
    assert.equal(await read("a.txt"), "alpha");
  });

test("a bucket's CORS rules: malformed XML shown inline, valid rules saved through S3",
  { timeout: 90000 }, async () => {
    const { page } = c;
    await page.goto(c.consoleUrl("#/controls"));
    await page.getByLabel("Bucket for CORS rules").fill("docs");
    await page.getByRole("button", { name: "Load rules" }).click();
    await page.getByText("docs has no CORS rules yet").waitFor();
    const xml = page.getByLabel("CORS configuration (XML)");
    await xml.fill("<CORSConfiguration><CORSRule><AllowedOrigin>x</CORSRule>");
    const problem = page.locator("#cors-problem");
    await problem.waitFor();
    assert.match(await problem.textContent(), /Not well-formed XML/);
    assert.equal(await xml.getAttribute("aria-invalid"), "true");
    // Well-formed but not what S3 takes: S3's own refusal, inline.
    await xml.fill("<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin>" +
      "</CORSRule></CORSConfiguration>");
    await page.getByRole("button", { name: "Save rules" }).click();
    await page.locator("#cors-problem:not([hidden])").waitFor();
    assert.match(await problem.textContent(), /MalformedXML|AllowedMethod|InvalidRequest/);
    await xml.fill("<CORSConfiguration><CORSRule><AllowedOrigin>http://app.test</AllowedOrigin>" +
      "<AllowedMethod>PUT</AllowedMethod></CORSRule></CORSConfiguration>");
    await page.getByRole("button", { name: "Save rules" }).click();
    await page.getByText("Saved the CORS rules of docs.").waitFor();
    const cors = await c.client.send(new GetBucketCorsCommand({ Bucket: "docs" }));
    assert.deepEqual(cors.CORSRules[0].AllowedOrigins, ["http://app.test"]);
    assert.deepEqual(cors.CORSRules[0].AllowedMethods, ["PUT"]);
  });

test("a snapshot restores a deleted object; reset empties the sandbox", { timeout: 90000 },
  async () => {
    const { page } = c;
    await page.goto(c.consoleUrl("#/controls"));
    await page.getByLabel("Snapshot name").fill("before");
    await page.getByRole("button", { name: "Save snapshot" }).click();
    const snap = page.locator('tr[data-snapshot="before"]');
    await snap.waitFor();
    await c.client.send(new DeleteObjectCommand({ Bucket: "docs", Key: "a.txt" }));
    await assert.rejects(read("a.txt"), (e) => e.name === "NoSuchKey");
    await snap.getByRole("button", { name: "Restore snapshot before" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Restore" }).click();
    await page.getByText('Restored "before".').waitFor();
    assert.equal(await read("a.txt"), "alpha");

    await page.getByRole("button", { name: "Reset the sandbox…" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Reset everything" }).click();
    await page.getByText("The sandbox was reset.").waitFor();
    const { Buckets } = await c.client.send(new ListBucketsCommand({}));
    assert.deepEqual(Buckets ?? [], []);
    // The snapshot survives a reset and brings everything back.
    await snap.getByRole("button", { name: "Delete snapshot before" }).waitFor();
    assert.deepEqual(c.errors, []);
  });
