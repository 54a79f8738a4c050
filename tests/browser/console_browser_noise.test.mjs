// Browser noise in the Requests view: a presigned GET opened in a browser tab makes the browser
// fetch /favicon.ico of that host by itself. s3sandbox answers it as S3 does (an anonymous GET of
// bucket "favicon.ico": 404 NoSuchBucket) and journals it; the Requests view hides it by default,
// says how many it hides, and shows it again with "Show browser noise".
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { startConsole } from "./console_ops_harness.mjs";

let c;
before(async () => {
  c = await startConsole();
  await c.client.send(new CreateBucketCommand({ Bucket: "shared" }));
  await c.client.send(new PutObjectCommand({ Bucket: "shared", Key: "note.txt", Body: "hello",
    ContentType: "text/plain" }));
});
after(async () => {
  await c?.stop();
});

async function journal(query) {
  const r = await fetch(`${c.s3.endpoint}/_sandbox/requests?${new URLSearchParams(query)}`);
  return (await r.json()).requests;
}

test("a presigned URL opened in a tab: its favicon fetch is answered as S3 does, hidden by default",
  { timeout: 90000 }, async () => {
    const { page } = c;
    await page.goto(c.consoleUrl("#/requests"));
    await page.locator('.ops-live[data-state="live"]').waitFor();

    // The presigned URL, opened in a tab of its own as a user pastes it.
    const url = await getSignedUrl(c.client, new GetObjectCommand({ Bucket: "shared",
      Key: "note.txt" }), { expiresIn: 300 });
    const tab = await c.context.newPage();
    const response = await tab.goto(url);
    assert.equal(response.status(), 200);
    assert.equal(await tab.textContent("body"), "hello");

    // The browser's own favicon fetch reaches the sandbox, which answers it as S3 would.
    let icon = [];
    for (let i = 0; i < 100 && icon.length === 0; i++) {
      icon = (await journal({ limit: 50 })).filter((e) => e.path === "/favicon.ico");
      if (icon.length === 0) await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(icon.length, 1, "the tab fetched /favicon.ico");
    assert.equal(icon[0].status, 404);
    assert.equal(icon[0].error_code, "NoSuchBucket");
    assert.equal(icon[0].auth.kind, "anonymous");
    await tab.close();

    // In the Requests view: the presigned GET shows, the favicon fetch is there but hidden, and
    // the toggle says how many it hides.
    const get = page.locator('tr.ops-req[data-status="200"]', { hasText: "GetObject" });
    await get.first().waitFor();
    const noise = page.locator("tr.ops-req.ops-noise");
    await noise.waitFor({ state: "attached" });
    assert.equal(await noise.count(), 1);
    assert.equal(await noise.isVisible(), false);
    assert.equal(await page.locator('tr.ops-req[data-code="NoSuchBucket"]:visible').count(), 0);
    const toggle = page.getByLabel("Show browser noise (favicon fetches)");
    assert.equal(await toggle.isVisible(), true);
    assert.equal(await toggle.isChecked(), false);
    assert.equal(await page.locator("[data-noise-count]").textContent(), "(1 hidden)");

    await toggle.check();
    await noise.waitFor({ state: "visible" });
    assert.match(await noise.textContent(), /404/);
    assert.match(await noise.textContent(), /NoSuchBucket/);
    assert.match(await noise.textContent(), /browser noise/);
    assert.equal(await page.locator("[data-noise-count]").isVisible(), false);
    await toggle.uncheck();
    await noise.waitFor({ state: "hidden" });
    assert.deepEqual(c.errors, []);
  });
