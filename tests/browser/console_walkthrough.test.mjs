// The "Done when", as a person would do it, in one browser session: open the console
// from the README's link, create a bucket, upload a picture, preview it, share it with a
// presigned URL, open that URL in another tab (the download appears in Requests), advance the
// sandbox clock past the URL's expiry in Sandbox controls, open it again, and read in Requests
// why it is now refused. Only what the page shows is used to move on (labels, buttons, links);
// each step is screenshotted into build/console-shots/walkthrough-N-*.png.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { GetObjectCommand } from "@aws-sdk/client-s3";
import { startConsole } from "./console_harness.mjs";
import { makePng } from "./harness.mjs";

let c;
before(async () => {
  c = await startConsole();
});
after(async () => {
  await c?.stop();
});

test("open from the README, create, upload, preview, share, download, expire, see why",
  { timeout: 180000 }, async () => {
    const { page } = c;
    let step = 0;
    const shot = (name) => c.shot(`walkthrough-${++step}-${name}`);

    // 1. The README's console link (its host and port are the default; this server's differ).
    const readme = await readFile(path.resolve(import.meta.dirname, "../../README.md"), "utf8");
    const section = readme.slice(readme.indexOf("## The web console"));
    const link = section.match(/<(http:\/\/[^>]+\/_sandbox\/console\/)>/)?.[1];
    assert.equal(link, "http://127.0.0.1:9000/_sandbox/console/");
    const url = new URL(link);
    const here = new URL(c.server.endpoint);
    url.host = here.host;
    await page.goto(url.href);
    await page.getByRole("heading", { name: "Buckets" }).waitFor();
    await page.getByText("No buckets yet").waitFor();
    await shot("open");

    // 2. Create a bucket.
    await page.getByLabel("New bucket name").fill("holiday-photos");
    await page.getByRole("button", { name: "Create bucket" }).click();
    await page.getByRole("link", { name: "holiday-photos", exact: true }).click();
    await page.getByRole("heading", { name: "holiday-photos" }).waitFor();
    await shot("bucket");

    // 3. Upload a picture.
    const png = makePng(120, 80, 7);
    await page.getByLabel("Choose files").setInputFiles([{ name: "beach.png", mimeType: "image/png",
      buffer: png }]);
    await page.getByText("Uploaded 1 file(s).").waitFor();
    assert.equal(await page.locator('.upload-row[data-key="beach.png"]').getAttribute("data-state"),
      "done");
    const stored = await c.client.send(new GetObjectCommand({ Bucket: "holiday-photos",
      Key: "beach.png" }));
    assert.deepEqual(Buffer.from(await stored.Body.transformToByteArray()), png);
    assert.equal(stored.ContentType, "image/png");
    await shot("uploaded");

    // 4. Preview it.
    await page.getByRole("link", { name: "beach.png", exact: true }).click();
    await page.getByRole("img", { name: "Preview of beach.png" }).waitFor();
    await page.waitForFunction(() => document.querySelector("#preview img")?.naturalWidth === 120);
    await shot("preview");

    // 5. Share it: a presigned GET valid for the shortest expiry offered.
    await page.getByRole("link", { name: "Share" }).last().click();
    await page.getByRole("heading", { name: "Share" }).waitFor();
    assert.equal(await page.getByLabel("Bucket", { exact: true }).inputValue(), "holiday-photos");
    assert.equal(await page.getByLabel("Key", { exact: true }).inputValue(), "beach.png");
    const expiries = await page.getByLabel("Expires in").locator("option").evaluateAll((os) =>
      os.map((o) => Number(o.value)).sort((a, b) => a - b));
    const expiry = expiries[0];
    await page.getByLabel("Expires in").selectOption(String(expiry));
    await page.getByRole("button", { name: "Generate presigned URL" }).click();
    const shared = await page.locator('textarea[data-out="url"]').inputValue();
    assert.match(shared, new RegExp(`X-Amz-Expires=${expiry}&`));
    await shot("share");

    // 6. Watch the requests, then open the URL in another tab, as anyone given it would.
    await page.getByRole("link", { name: "Requests" }).click();
    await page.locator('.ops-live[data-state="live"]').waitFor();
    await page.getByLabel("Hide the console's own requests").check();
    // The picture's earlier GETs (the upload check, the preview) are listed already: the
    // download is the newest row, whose id is above every id listed now.
    const beachGets = page.locator("tr.ops-req", { hasText: /GetObjectholiday-photos \/ beach\.png/ });
    await beachGets.first().waitFor();
    const lastId = Math.max(...(await beachGets.evaluateAll((rows) => rows.map((r) => Number(r.dataset.id)))));
    const tab = await c.context.newPage();
    const ok = await tab.goto(shared);
    assert.equal(ok.status(), 200);
    assert.deepEqual(await ok.body(), png);
    await page.waitForFunction((id) => [...document.querySelectorAll("tr.ops-req")]
      .some((r) => Number(r.dataset.id) > id && /beach\.png/.test(r.textContent)), lastId,
    { timeout: 10000 });
    const download = beachGets.first();
    assert.ok(Number(await download.getAttribute("data-id")) > lastId);
    assert.equal(await download.getAttribute("data-status"), "200");
    assert.match(await download.textContent(), /GET.*GetObject.*holiday-photos \/ beach\.png.*sigv4-presigned/);
    await page.bringToFront();
    await shot("download-in-requests");

    // 7. Move the sandbox clock past the expiry.
    await page.getByRole("link", { name: "Sandbox controls" }).click();
    await page.getByLabel("Advance", { exact: true }).fill(`+${expiry + 60}s`);
    await page.getByRole("button", { name: "Set advance" }).click();
    await page.locator('[data-clock="offset"]', { hasText: `+${expiry + 60} s` }).waitFor();
    await shot("clock-advanced");

    // 8. The same URL again: refused.
    const refusedAnswer = await tab.goto(shared);
    assert.equal(refusedAnswer.status(), 403);
    assert.match(await refusedAnswer.text(), /<Code>AccessDenied<\/Code>[\s\S]*expired/i);

    // 9. Requests says why, in words.
    await page.bringToFront();
    await page.getByRole("link", { name: "Requests" }).click();
    await page.getByLabel("Hide the console's own requests").check();
    const refused = page.locator('tr.ops-req[data-code="AccessDenied"]', { hasText: "GetObject" });
    await refused.waitFor({ timeout: 10000 });
    assert.match(await refused.getAttribute("class"), /ops-refused/);
    await refused.getByRole("button").click();
    const diagnosis = page.locator("[data-diagnosis]");
    await diagnosis.waitFor();
    const why = await diagnosis.textContent();
    assert.match(why, /expired/i);
    assert.match(why, /clock/i, "the diagnosis says the sandbox clock was moved");
    await shot("refusal-explained");
    assert.deepEqual(c.errors.filter((e) => !/^Failed to load resource/.test(e)), []);
  });
