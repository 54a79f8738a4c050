// Uploading from the console: several files chosen at once and a folder dropped on the page,
// a progress bar per file and overall reaching 100 %, a file over 16 MiB sent as a multipart
// upload whose failed part is retried (a fault rule fails part 2 once), Content-Type from the
// file, metadata and tags set; every byte read back with an S3 client and compared.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { CreateBucketCommand, GetObjectCommand, GetObjectTaggingCommand } from "@aws-sdk/client-s3";
import { startConsole } from "./console_harness.mjs";
import { makePng } from "./harness.mjs";

let c;
before(async () => {
  c = await startConsole({
    serverArgs: ["--fault", "operation=UploadPart,part=2,error=InternalError,times=1"],
  });
  await c.client.send(new CreateBucketCommand({ Bucket: "inbox" }));
});
after(async () => {
  await c?.stop();
});

const sha = (b) => createHash("sha256").update(b).digest("hex");

async function readBack(key) {
  const out = await c.client.send(new GetObjectCommand({ Bucket: "inbox", Key: key }));
  return { bytes: Buffer.from(await out.Body.transformToByteArray()), out };
}

test("files chosen at once, one multipart with a retried part, metadata and tags", async () => {
  const big = Buffer.alloc(20 * 1024 * 1024 + 12345);
  for (let i = 0; i < big.length; i += 4096) big.writeUInt32LE((i * 2654435761) >>> 0, i);
  const png = makePng(64, 48, 7);
  const note = Buffer.from("hello from the console\n");
  await c.open("#/b/inbox/in/");
  await c.page.getByText("This folder is empty.").waitFor();
  await c.page.getByText("Metadata and tags for the next uploads").click();
  await c.page.getByLabel("Metadata (one name=value a line)").fill("owner=alice\nstage=test");
  await c.page.getByLabel("Tags (one key=value a line)").fill("project=demo");
  await c.page.getByLabel("Choose files").setInputFiles([
    { name: "note.txt", mimeType: "text/plain", buffer: note },
    { name: "pic.png", mimeType: "image/png", buffer: png },
    { name: "big.bin", mimeType: "application/octet-stream", buffer: big },
  ]);
  await c.page.getByText("Uploaded 3 file(s).").waitFor({ timeout: 60000 });
  await c.shot("upload-done");
  assert.match(await c.page.locator("#overall-text").textContent(), /^100% /);
  for (const key of ["in/note.txt", "in/pic.png", "in/big.bin"]) {
    const row = c.page.locator(`.upload-row[data-key="${key}"]`);
    assert.equal(await row.getAttribute("data-state"), "done");
    assert.equal(await row.locator("progress").evaluate((p) => p.value), 1);
  }
  // The listing now shows them.
  await c.page.getByRole("link", { name: "big.bin" }).waitFor();

  const got = await readBack("in/big.bin");
  assert.equal(got.bytes.length, big.length);
  assert.equal(sha(got.bytes), sha(big));
  assert.match(got.out.ETag, /-3"$/, "20 MiB in 8 MiB parts: a 3-part multipart upload");
  assert.equal(got.out.Metadata.owner, "alice");
  const pic = await readBack("in/pic.png");
  assert.equal(sha(pic.bytes), sha(png));
  assert.equal(pic.out.ContentType, "image/png");
  const txt = await readBack("in/note.txt");
  assert.deepEqual(txt.bytes, note);
  assert.equal(txt.out.ContentType, "text/plain");
  assert.deepEqual(txt.out.Metadata, { owner: "alice", stage: "test" });
  for (const key of ["in/note.txt", "in/big.bin"]) {
    const tags = await c.client.send(new GetObjectTaggingCommand({ Bucket: "inbox", Key: key }));
    assert.deepEqual(tags.TagSet, [{ Key: "project", Value: "demo" }]);
  }
  // Part 2 failed once (the fault rule) and was retried.
  const journal = await (await fetch(`${c.server.endpoint}/_sandbox/requests?operation=UploadPart`)).json();
  const parts = JSON.stringify(journal);
  assert.match(parts, /"fault":"#\d+/, "the injected part failure is in the journal");
});

test("files dropped on the page are uploaded", async () => {
  await c.open("#/b/inbox/");
  await c.page.locator("#dropzone").waitFor();
  // Synthetic drops carry files but no directory entries: the page takes dataTransfer.files.
  await c.page.evaluate(() => {
    const dt = new DataTransfer();
    dt.items.add(new File(["alpha"], "a.txt", { type: "text/plain" }));
    dt.items.add(new File(['{"b":1}'], "b.json", { type: "application/json" }));
    document.getElementById("dropzone").dispatchEvent(new DragEvent("drop", { dataTransfer: dt,
      bubbles: true, cancelable: true }));
  });
  await c.page.getByText("Uploaded 2 file(s).").waitFor();
  assert.equal((await readBack("a.txt")).bytes.toString(), "alpha");
  const json = await readBack("b.json");
  assert.equal(json.bytes.toString(), '{"b":1}');
  assert.equal(json.out.ContentType, "application/json");
});
