// Object details: system headers with checksums, user metadata and tags edited from the page,
// previews (image, JSON pretty-printed, text, hex for other bytes), download, copy, rename and
// delete; each change checked with an S3 client.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { CreateBucketCommand, PutObjectCommand, HeadObjectCommand, GetObjectTaggingCommand,
  PutObjectTaggingCommand } from "@aws-sdk/client-s3";
import { startConsole, assertNoHorizontalOverflow } from "./console_harness.mjs";
import { makePng } from "./harness.mjs";

let c;
before(async () => {
  c = await startConsole();
  await c.client.send(new CreateBucketCommand({ Bucket: "docs" }));
});
after(async () => {
  await c?.stop();
});

const put = (Key, Body, extra = {}) =>
  c.client.send(new PutObjectCommand({ Bucket: "docs", Key, Body, ...extra }));

test("properties, checksums, image preview, metadata and tags edited", async () => {
  await put("img/cat.png", makePng(80, 60, 3), { ContentType: "image/png",
    Metadata: { owner: "bob" }, CacheControl: "max-age=60", ChecksumAlgorithm: "SHA256" });
  await c.client.send(new PutObjectTaggingCommand({ Bucket: "docs", Key: "img/cat.png",
    Tagging: { TagSet: [{ Key: "kind", Value: "pet" }] } }));
  await c.open("#/o/docs/img/cat.png");
  await c.page.getByRole("heading", { name: "img/cat.png" }).waitFor();
  const props = await c.page.locator("#props").textContent();
  assert.match(props, /Content-Type\s*image\/png/);
  assert.match(props, /Cache-Control\s*max-age=60/);
  assert.match(props, /Checksum SHA256/);
  assert.match(props, /Storage class\s*STANDARD/);
  const img = c.page.getByRole("img", { name: "Preview of img/cat.png" });
  await img.waitFor();
  await c.page.waitForFunction(() => document.querySelector("#preview img")?.naturalWidth === 80);
  assert.equal(await c.page.getByLabel("metadata 1 name").inputValue(), "owner");
  assert.equal(await c.page.getByLabel("tag 1 value").inputValue(), "pet");
  await c.shot("object-image");
  await c.page.setViewportSize({ width: 390, height: 800 });
  await assertNoHorizontalOverflow(c.page, assert);
  await c.shot("object-image-390");
  await c.page.setViewportSize({ width: 1280, height: 720 });

  await c.page.getByRole("button", { name: "Add tag" }).click();
  await c.page.getByLabel("tag 2 name").fill("color");
  await c.page.getByLabel("tag 2 value").fill("grey/white");
  await c.page.getByRole("button", { name: "Save tags" }).click();
  await c.page.getByText("Tags saved.").waitFor();
  const tags = await c.client.send(new GetObjectTaggingCommand({ Bucket: "docs", Key: "img/cat.png" }));
  assert.deepEqual(tags.TagSet, [{ Key: "kind", Value: "pet" }, { Key: "color", Value: "grey/white" }]);

  await c.page.getByLabel("metadata 1 value").fill("carol");
  await c.page.getByRole("button", { name: "Save metadata" }).click();
  await c.page.getByText("Metadata saved.").waitFor();
  const head = await c.client.send(new HeadObjectCommand({ Bucket: "docs", Key: "img/cat.png" }));
  assert.deepEqual(head.Metadata, { owner: "carol" });
  assert.equal(head.ContentType, "image/png", "content headers kept through the REPLACE copy");
  assert.equal(head.CacheControl, "max-age=60");
  assert.deepEqual(c.errors, []);
});

test("JSON pretty, text, hex previews", async () => {
  await put("data.json", '{"a":[1,2],"b":{"c":"d"}}', { ContentType: "application/json" });
  await put("notes.txt", "line one\nline two\n", { ContentType: "text/plain" });
  await put("blob.bin", Buffer.from([0, 1, 2, 0x41, 0x42, 0xff]), {
    ContentType: "application/octet-stream" });
  await c.open("#/o/docs/data.json");
  const pre = c.page.getByLabel("Text preview");
  await pre.waitFor();
  assert.equal(await pre.textContent(), JSON.stringify({ a: [1, 2], b: { c: "d" } }, null, 2));
  await c.shot("object-json");
  await c.open("#/o/docs/notes.txt");
  await c.page.getByLabel("Text preview").waitFor();
  assert.equal(await c.page.getByLabel("Text preview").textContent(), "line one\nline two\n");
  await c.open("#/o/docs/blob.bin");
  const hex = c.page.getByLabel("Hex view");
  await hex.waitFor();
  assert.match(await hex.textContent(), /^00000000  00 01 02 41 42 ff\s+\.\.\.AB\.$/);
});

test("download, copy, rename, delete", async () => {
  await put("report.txt", "quarterly numbers", { ContentType: "text/plain" });
  await c.open("#/o/docs/report.txt");
  await c.page.getByLabel("Text preview").waitFor();
  const [download] = await Promise.all([c.page.waitForEvent("download"),
    c.page.getByRole("link", { name: "Download" }).click()]);
  assert.equal(download.suggestedFilename(), "report.txt");
  const saved = await download.path();
  const { readFile } = await import("node:fs/promises");
  assert.equal((await readFile(saved)).toString(), "quarterly numbers");

  await c.page.getByRole("button", { name: "Copy" }).click();
  await c.page.getByRole("dialog").getByLabel("Key").fill("copies/report.txt");
  await c.page.getByRole("dialog").getByRole("button", { name: "Copy" }).click();
  await c.page.getByRole("heading", { name: "copies/report.txt" }).waitFor();
  await c.client.send(new HeadObjectCommand({ Bucket: "docs", Key: "report.txt" }));

  await c.page.getByRole("button", { name: "Rename" }).click();
  await c.page.getByRole("dialog").getByLabel("Key").fill("copies/renamed.txt");
  await c.page.getByRole("dialog").getByRole("button", { name: "Rename" }).click();
  await c.page.getByRole("heading", { name: "copies/renamed.txt" }).waitFor();
  await assert.rejects(c.client.send(new HeadObjectCommand({ Bucket: "docs", Key: "copies/report.txt" })));
  const moved = await c.client.send(new HeadObjectCommand({ Bucket: "docs", Key: "copies/renamed.txt" }));
  assert.equal(moved.ContentLength, "quarterly numbers".length);

  await c.page.getByRole("button", { name: "Delete" }).click();
  await c.page.getByRole("dialog").getByRole("button", { name: "Delete" }).click();
  await c.page.getByRole("heading", { name: "docs/copies/" }).waitFor();
  await assert.rejects(c.client.send(new HeadObjectCommand({ Bucket: "docs", Key: "copies/renamed.txt" })));
});
