// The object browser: "/" folders and breadcrumbs, pages of 100 with continuation (never the
// whole bucket), the prefix filter, the columns (size in human units, content type, storage
// class), multi-select delete and "New folder". Also measures a 10,000-key folder's first page.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { CreateBucketCommand, PutObjectCommand, HeadObjectCommand,
  ListObjectsV2Command } from "@aws-sdk/client-s3";
import { startConsole, assertNoHorizontalOverflow } from "./console_harness.mjs";

let c;
before(async () => {
  c = await startConsole();
});
after(async () => {
  await c?.stop();
});

async function putMany(bucket, keys, body = "x") {
  for (let i = 0; i < keys.length; i += 50) {
    await Promise.all(keys.slice(i, i + 50).map((Key) =>
      c.client.send(new PutObjectCommand({ Bucket: bucket, Key, Body: body }))));
  }
}

const dataRows = () => c.page.locator("table[aria-label=Objects] tbody tr");

test("folders, breadcrumbs, pages, filter, delete, new folder", async () => {
  await c.client.send(new CreateBucketCommand({ Bucket: "site" }));
  const logs = Array.from({ length: 250 }, (_, i) => `logs/log-${String(i).padStart(3, "0")}.txt`);
  await putMany("site", logs);
  await c.client.send(new PutObjectCommand({ Bucket: "site", Key: "index.html",
    Body: "<h1>hi</h1>".repeat(300), ContentType: "text/html" }));
  await c.client.send(new PutObjectCommand({ Bucket: "site", Key: "docs/guide/intro.md",
    Body: "# intro", ContentType: "text/markdown" }));

  await c.open("#/b/site/");
  await c.page.getByRole("link", { name: "index.html" }).waitFor();
  const top = await dataRows().allTextContents();
  assert.equal(top.length, 3);
  assert.match(top[0], /docs\//);
  assert.match(top[1], /index\.html.*3\.2 KiB.*text\/html.*STANDARD/);
  assert.match(top[2], /logs\//);
  await c.shot("browser-root");

  // Into a folder by its link, then deeper, and back by the breadcrumbs.
  await c.page.getByRole("link", { name: /docs\// }).click();
  await c.page.getByRole("link", { name: /guide\// }).click();
  await c.page.getByRole("link", { name: "intro.md" }).waitFor();
  const crumbs = c.page.getByRole("navigation", { name: "Breadcrumbs" });
  assert.deepEqual(await crumbs.getByRole("listitem").allTextContents(),
    ["Buckets", "site", "docs", "guide"]);
  await crumbs.getByRole("link", { name: "site" }).click();
  await c.page.getByRole("link", { name: "index.html" }).waitFor();

  // 250 keys: pages of 100, 100, 50.
  await c.page.getByRole("link", { name: /logs\// }).click();
  await c.page.getByText("on this page (more on the next pages)").waitFor();
  assert.equal(await dataRows().count(), 100);
  assert.match(await dataRows().first().textContent(), /log-000\.txt/);
  await c.page.getByRole("button", { name: "Next page" }).click();
  await c.page.getByText("Page 2").waitFor();
  assert.match(await dataRows().first().textContent(), /log-100\.txt/);
  await c.page.getByRole("button", { name: "Next page" }).click();
  await c.page.getByText("Page 3").waitFor();
  assert.equal(await dataRows().count(), 50);
  assert.ok(await c.page.getByRole("button", { name: "Next page" }).isDisabled());
  await c.page.getByRole("button", { name: "Previous page" }).click();
  await c.page.getByText("Page 2").waitFor();
  assert.match(await dataRows().first().textContent(), /log-100\.txt/);

  // The filter lists keys of this folder that start with what is typed.
  await c.page.getByLabel(/Filter by prefix/).fill("log-24");
  await c.page.getByText("0 folder(s), 10 object(s) on this page.").waitFor();
  assert.match(await dataRows().first().textContent(), /log-240\.txt/);

  // Select two and delete them.
  await c.page.getByLabel("Select log-241.txt").check();
  await c.page.getByLabel("Select log-242.txt").check();
  await c.page.getByRole("button", { name: "Delete selected (2)" }).click();
  await c.page.getByRole("dialog").getByRole("button", { name: "Delete" }).click();
  await c.page.getByText("0 folder(s), 8 object(s) on this page.").waitFor();
  for (const key of ["logs/log-241.txt", "logs/log-242.txt"]) {
    await assert.rejects(c.client.send(new HeadObjectCommand({ Bucket: "site", Key: key })));
  }
  await c.client.send(new HeadObjectCommand({ Bucket: "site", Key: "logs/log-240.txt" }));

  // A new folder is an empty object ending in "/".
  await c.page.getByRole("button", { name: "New folder" }).click();
  await c.page.getByRole("dialog").getByLabel("Folder name").fill("archive");
  await c.page.getByRole("dialog").getByRole("button", { name: "Create folder" }).click();
  await c.page.getByRole("heading", { name: "site/logs/archive/" }).waitFor();
  const head = await c.client.send(new HeadObjectCommand({ Bucket: "site", Key: "logs/archive/" }));
  assert.equal(head.ContentLength, 0);

  // At 390 px wide the page does not spill sideways (the table scrolls in its frame).
  await c.page.setViewportSize({ width: 390, height: 800 });
  await c.open("#/b/site/");
  await c.page.getByRole("link", { name: "index.html" }).waitFor();
  await assertNoHorizontalOverflow(c.page, assert);
  await c.shot("browser-390");
  await c.page.setViewportSize({ width: 1280, height: 720 });
  assert.deepEqual(c.errors, []);
});

test("a folder of 10,000 keys: the first page and the next are one page each", async () => {
  await c.client.send(new CreateBucketCommand({ Bucket: "many" }));
  const keys = Array.from({ length: 10000 }, (_, i) => `k/${String(i).padStart(5, "0")}`);
  await putMany("many", keys);
  const listed = await c.client.send(new ListObjectsV2Command({ Bucket: "many", Prefix: "k/",
    MaxKeys: 1 }));
  assert.equal(listed.IsTruncated, true);
  const started = Date.now();
  await c.open("#/b/many/k/");
  await c.page.getByRole("link", { name: "00099" }).waitFor();
  const firstPageMs = Date.now() - started;
  assert.equal(await dataRows().count(), 100);
  const t2 = Date.now();
  await c.page.getByRole("button", { name: "Next page" }).click();
  await c.page.getByRole("link", { name: "00199" }).waitFor();
  const nextPageMs = Date.now() - t2;
  console.log(`10,000 keys: page load to first rows ${firstPageMs} ms, next page ${nextPageMs} ms`);
  await c.shot("browser-10000");
  // A page, not the bucket: well under what loading 10,000 rows would take.
  assert.ok(nextPageMs < 5000, `next page took ${nextPageMs} ms`);
});
