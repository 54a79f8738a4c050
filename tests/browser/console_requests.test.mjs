// The console's Requests view, the headline: a presigned PUT made in the Share view, then used
// from ANOTHER page (another origin) with the wrong Content-Type, appears live in the Requests
// view, highlighted, with its diagnosis and the canonical requests side by side with the
// difference marked.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import { once } from "node:events";
import { CreateBucketCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { startConsole, shoot } from "./console_ops_harness.mjs";

let c;
let other; // a plain page of another origin: the developer's own app
before(async () => {
  c = await startConsole();
  await c.client.send(new CreateBucketCommand({ Bucket: "uploads" }));
  other = http.createServer((req, res) => {
    res.writeHead(200, { "Content-Type": "text/html" });
    res.end("<!doctype html><title>my app</title><h1>my app</h1>");
  });
  other.listen(0, "127.0.0.1");
  await once(other, "listening");
});
after(async () => {
  other?.close();
  await c?.stop();
});

test("a refused presigned PUT from another page shows up live with its diagnosis", { timeout: 90000 },
  async () => {
    const { page } = c;
    // Sign an upload for image/png in the Share view.
    await page.goto(c.consoleUrl("#/share"));
    await page.getByLabel("Bucket", { exact: true }).fill("uploads");
    await page.getByLabel("Key", { exact: true }).fill("avatar.png");
    await page.getByLabel("Method", { exact: true }).selectOption("PUT");
    await page.getByLabel("Content-Type", { exact: true }).fill("image/png");
    await page.getByRole("button", { name: "Generate presigned URL" }).click();
    const url = await page.locator('textarea[data-out="url"]').inputValue();

    // Watch the requests, live (the view is long-polling before the request is made).
    await page.goto(c.consoleUrl("#/requests"));
    await page.locator('.ops-live[data-state="live"]').waitFor();
    // Some traffic that succeeds, to be told apart.
    await c.client.send(new PutObjectCommand({ Bucket: "uploads", Key: "ok.txt", Body: "fine" }));
    await page.locator('tr.ops-req[data-status="200"]').first().waitFor();

    // The developer's own page uploads with a text/plain Blob: the browser sends that type.
    const app = await c.context.newPage();
    await app.goto(`http://127.0.0.1:${other.address().port}/`);
    const status = await app.evaluate(async (u) => {
      const r = await fetch(u, { method: "PUT", body: new Blob(["hi"], { type: "text/plain" }) });
      return r.status;
    }, url);
    assert.equal(status, 403);

    // It appears in the console without a reload, highlighted.
    const row = page.locator('tr.ops-req[data-code="SignatureDoesNotMatch"]');
    await row.waitFor({ timeout: 10000 });
    assert.match(await row.getAttribute("class"), /ops-refused/);
    assert.match(await row.textContent(), /PutObject/);
    assert.match(await row.textContent(), /403/);
    // Keyboard: the row's button opens it.
    await row.getByRole("button").focus();
    await page.keyboard.press("Enter");
    const diagnosis = page.locator("[data-diagnosis]");
    await diagnosis.waitFor();
    assert.match(await diagnosis.textContent(), /[Cc]ontent-[Tt]ype/);
    // Side by side: the server's canonical request (text/plain arrived) and the signed one
    // (image/png), the differing line marked on both sides.
    const diffRows = page.locator(".ops-diff-table tr.ops-diff-row");
    await diffRows.first().waitFor();
    const marked = await page.locator(".ops-diff-table mark").allTextContents();
    assert.ok(marked.some((t) => t.includes("text/plain")), `marked: ${marked}`);
    assert.ok(marked.some((t) => t.includes("image/png")), `marked: ${marked}`);
    const overflow = await shoot(page, "requests-refused");
    assert.equal(overflow.desktop, 0);
    assert.equal(overflow.phone, 0);

    // The console's own S3 calls are tagged, and can be hidden.
    await page.evaluate(async () => {
      const { s3 } = await import("/_sandbox/console/js/api.js");
      await s3("GET", { bucket: "uploads", query: { "list-type": "2" } });
    });
    const mine = page.locator("tr.ops-req.ops-console").first();
    await mine.waitFor();
    assert.match(await mine.textContent(), /ListObjectsV2.*console/);
    await page.getByLabel("Hide the console's own requests").check();
    await mine.waitFor({ state: "hidden" });
    await page.getByLabel("Hide the console's own requests").uncheck();

    // Filters: only refused ones, then a bucket with no traffic.
    await page.getByLabel("Status", { exact: true }).selectOption("4xx");
    await row.waitFor();
    assert.equal(await page.locator('tr.ops-req[data-status="200"]').count(), 0);
    await page.getByLabel("Bucket", { exact: true }).fill("nothing-here");
    await page.waitForFunction(() => document.querySelectorAll("tr.ops-req").length === 0);
    await page.getByLabel("Bucket", { exact: true }).fill("");
    await page.getByLabel("Status", { exact: true }).selectOption("");
    await page.getByLabel("Auth", { exact: true }).selectOption("sigv4-presigned");
    await row.waitFor();
    assert.equal(await page.locator('tr.ops-req:not(.ops-console)[data-status="200"]').count(), 0);
    assert.deepEqual(c.errors, []);
  });

test("the journal keeps the canonical request of a refused signature, never the signature",
  async () => {
    const r = await fetch(`${c.s3.endpoint}/_sandbox/requests?status=403`);
    const { requests } = await r.json();
    const refused = requests.find((e) => e.error_code === "SignatureDoesNotMatch");
    assert.ok(refused);
    assert.match(refused.auth.canonical_request, /^PUT\n\/uploads\/avatar.png\n/);
    assert.match(refused.auth.canonical_request, /content-type:text\/plain/);
    assert.match(refused.auth.string_to_sign, /^AWS4-HMAC-SHA256\n/);
    assert.doesNotMatch(JSON.stringify(refused), /X-Amz-Signature=[0-9a-f]{64}/);
  });
