// The console's Share view: a presigned URL generated in the page works with curl (the curl
// command the page shows, run as is), for a download with response-* overrides and for an upload
// with a signed Content-Type; the paste box explains a URL.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execSync } from "node:child_process";
import { mkdtemp, readFile, writeFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  CreateBucketCommand, PutObjectCommand, HeadObjectCommand, GetObjectCommand,
} from "@aws-sdk/client-s3";
import { startConsole, shoot } from "./console_ops_harness.mjs";

let c;
let dir;
before(async () => {
  c = await startConsole();
  dir = await mkdtemp(path.join(tmpdir(), "console-share-"));
  await c.client.send(new CreateBucketCommand({ Bucket: "photos" }));
  await c.client.send(new PutObjectCommand({ Bucket: "photos", Key: "cat picture.txt",
    Body: "meow meow", ContentType: "text/plain" }));
});
after(async () => {
  await c?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

// A fresh Share view: going to the same hash again would keep the last test's form and results.
async function openShare(page) {
  await page.goto(c.consoleUrl("#/buckets"));
  await page.goto(c.consoleUrl("#/share"));
  await page.getByRole("heading", { name: "Share" }).waitFor();
}

async function generate(page, { bucket, key, method, contentType, overrides = {}, v2 = false }) {
  await page.getByLabel("Bucket", { exact: true }).fill(bucket);
  await page.getByLabel("Key", { exact: true }).fill(key);
  await page.getByLabel("Method", { exact: true }).selectOption(method);
  if (v2) await page.getByLabel("SigV2 (legacy)").check();
  else await page.getByLabel("SigV4").check();
  if (contentType !== undefined) await page.getByLabel("Content-Type", { exact: true }).fill(contentType);
  for (const [name, value] of Object.entries(overrides)) {
    await page.getByLabel(`response-${name}`, { exact: true }).fill(value);
  }
  await page.getByRole("button", { name: "Generate presigned URL" }).click();
  await page.locator('textarea[data-out="url"]').waitFor();
  return {
    url: await page.locator('textarea[data-out="url"]').inputValue(),
    curl: await page.locator('textarea[data-out="curl"]').inputValue(),
  };
}

test("a presigned GET made in the page downloads with the page's curl command", { timeout: 90000 },
  async () => {
    await openShare(c.page);
    await c.page.getByRole("heading", { name: "Share" }).waitFor();
    const { url, curl } = await generate(c.page, { bucket: "photos", key: "cat picture.txt",
      method: "GET", overrides: { "content-disposition": "attachment; filename=\"cat.txt\"" } });
    assert.match(url, /X-Amz-Signature=[0-9a-f]{64}/);
    assert.match(url, /response-content-disposition=/);
    assert.doesNotMatch(await c.page.content(), /s3sandbox-secret/, "the secret reached the page");
    execSync(curl, { cwd: dir, shell: "/bin/sh", stdio: "pipe" });
    assert.equal(await readFile(path.join(dir, "cat picture.txt"), "utf8"), "meow meow");
    // The override is honoured: the headers curl sees.
    const headers = execSync(`curl -sfD - -o /dev/null '${url}'`, { shell: "/bin/sh" }).toString();
    assert.match(headers, /content-disposition: attachment; filename="cat.txt"/i);
    const overflow = await shoot(c.page, "share-get");
    assert.deepEqual(overflow, { desktop: 0, phone: 0 }, "the layout overflows sideways");
  });

test("a presigned PUT states the headers to send, and its curl command uploads", { timeout: 90000 },
  async () => {
    await openShare(c.page);
    const { url, curl } = await generate(c.page, { bucket: "photos", key: "uploads/new.png",
      method: "PUT", contentType: "image/png" });
    const note = c.page.locator('[data-note="put-headers"]');
    await note.getByText("Content-Type: image/png").waitFor();
    assert.match(curl, /-H 'Content-Type: image\/png'/);
    assert.match(url, /X-Amz-SignedHeaders=content-type%3Bhost/);
    await writeFile(path.join(dir, "new.png"), "not really a png");
    execSync(curl, { cwd: dir, shell: "/bin/sh", stdio: "pipe" });
    const head = await c.client.send(new HeadObjectCommand({ Bucket: "photos",
      Key: "uploads/new.png" }));
    assert.equal(head.ContentType, "image/png");
    assert.equal(head.ContentLength, "not really a png".length);
    // Without the signed header, S3 refuses: the note is not decoration.
    const refused = execSync(`curl -s -o /dev/null -w '%{http_code}' -T new.png '${url}'`,
      { cwd: dir, shell: "/bin/sh" }).toString();
    assert.equal(refused, "403");
    await shoot(c.page, "share-put");
  });

test("SigV2 URLs and POST forms are signed too", { timeout: 90000 }, async () => {
  await openShare(c.page);
  const { url } = await generate(c.page, { bucket: "photos", key: "cat picture.txt",
    method: "GET", v2: true });
  assert.match(url, /AWSAccessKeyId=s3sandbox&Expires=\d+&Signature=/);
  assert.equal(execSync(`curl -sf '${url}'`, { shell: "/bin/sh" }).toString(), "meow meow");

  await openShare(c.page);
  await c.page.getByLabel("Bucket", { exact: true }).fill("photos");
  await c.page.getByLabel("Key", { exact: true }).fill("forms/${filename}");
  await c.page.getByLabel("Method", { exact: true }).selectOption("POST");
  await c.page.getByLabel("Content-Type", { exact: true }).fill("text/plain");
  await c.page.getByRole("button", { name: "Generate presigned URL" }).click();
  // The GET's results stay on the page until the form's arrive: wait for the form's command.
  await c.page.waitForFunction(() =>
    document.querySelector('textarea[data-out="curl"]')?.value.includes("file=@"));
  const curl = await c.page.locator('textarea[data-out="curl"]').inputValue();
  await writeFile(path.join(dir, "file"), "posted");
  execSync(curl.replace("file=@./file", "file=@./file;filename=hello.txt"),
    { cwd: dir, shell: "/bin/sh", stdio: "pipe" });
  const got = await c.client.send(new GetObjectCommand({ Bucket: "photos", Key: "forms/hello.txt" }));
  assert.equal(await got.Body.transformToString(), "posted");
});

test("the paste box explains a URL: valid now, then refused once expired", { timeout: 90000 },
  async () => {
    await openShare(c.page);
    const { url } = await generate(c.page, { bucket: "photos", key: "cat picture.txt",
      method: "GET" });
    await c.page.getByLabel("Presigned URL", { exact: true }).fill(url);
    await c.page.getByRole("button", { name: "Explain", exact: true }).click();
    await c.page.locator('[data-verdict="ok"]').waitFor();
    await fetch(`${c.s3.endpoint}/_sandbox/clock`, { method: "PUT",
      body: JSON.stringify({ advance: "+2h" }) });
    await c.page.getByRole("button", { name: "Explain", exact: true }).click();
    const refused = c.page.locator('[data-verdict="refused"]');
    await refused.waitFor();
    assert.match(await refused.textContent(), /AccessDenied|expired/i);
    await shoot(c.page, "share-explain");
    await fetch(`${c.s3.endpoint}/_sandbox/clock`, { method: "PUT",
      body: JSON.stringify({ offset: "0" }) });
    assert.deepEqual(c.errors, []);
  });
