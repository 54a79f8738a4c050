// The buckets view: the list with creation date, object count and total size; creating a bucket
// (S3's naming rule shown in words when broken); deleting an empty bucket and a non-empty one
// after emptying it. Every change is checked with an S3 client, and the journal shows the
// console's requests as presigned S3 requests marked as the console's.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { CreateBucketCommand, PutObjectCommand, ListBucketsCommand } from "@aws-sdk/client-s3";
import { startConsole } from "./console_harness.mjs";

let c;
before(async () => {
  c = await startConsole();
});
after(async () => {
  await c?.stop();
});

const bucketNames = async () =>
  ((await c.client.send(new ListBucketsCommand({}))).Buckets ?? []).map((b) => b.Name);

test("lists buckets with object count and size, creates and deletes them", async () => {
  await c.client.send(new CreateBucketCommand({ Bucket: "photos" }));
  for (let i = 0; i < 3; i++) {
    await c.client.send(new PutObjectCommand({ Bucket: "photos", Key: `p${i}.bin`,
      Body: Buffer.alloc(1024 * (i + 1)) }));
  }
  await c.open("#/buckets");
  const row = c.page.getByRole("row", { name: /photos/ });
  await row.waitFor();
  const cells = await row.getByRole("cell").allTextContents();
  assert.equal(cells[0], "photos");
  assert.equal(cells[3], "3");
  assert.equal(cells[4], "6.0 KiB");
  assert.ok(cells[1].length > 0 && cells[1] !== "—", "a creation date is shown");

  // A name S3 refuses: the rule in words, nothing created.
  const input = c.page.getByLabel("New bucket name");
  await input.fill("My_Bucket");
  await c.page.getByRole("button", { name: "Create bucket" }).click();
  await c.page.getByText("'M' is not allowed").waitFor();
  assert.ok(!(await bucketNames()).includes("My_Bucket"));
  await c.shot("buckets-invalid-name");

  await input.fill("reports-2024");
  await c.page.getByRole("button", { name: "Create bucket" }).click();
  await c.page.getByRole("row", { name: /reports-2024/ }).waitFor();
  assert.ok((await bucketNames()).includes("reports-2024"));
  await c.shot("buckets");

  // An empty bucket: confirm and it is gone.
  await c.page.getByRole("button", { name: "Delete bucket reports-2024" }).click();
  await c.page.getByRole("dialog").getByRole("button", { name: "Delete bucket" }).click();
  await c.page.getByRole("row", { name: /reports-2024/ }).waitFor({ state: "detached" });
  assert.ok(!(await bucketNames()).includes("reports-2024"));

  // A non-empty bucket: S3 refuses to delete it until it is emptied; the dialog offers that.
  await c.page.getByRole("button", { name: "Delete bucket photos" }).click();
  const dialog = c.page.getByRole("dialog");
  await dialog.getByText("holds 3 object(s)").waitFor();
  await dialog.getByLabel("Delete its 3 object(s) first").check();
  await dialog.getByRole("button", { name: "Delete bucket" }).click();
  await c.page.getByText("No buckets yet").waitFor();
  assert.deepEqual(await bucketNames(), []);

  // The console's S3 requests are in the journal as presigned SigV4, marked as the console's.
  const journal = await (await fetch(`${c.server.endpoint}/_sandbox/requests`)).json();
  const entries = journal.requests ?? journal.entries ?? journal;
  const text = JSON.stringify(entries);
  assert.match(text, /DeleteBucket/);
  assert.match(text, /x-s3sandbox-console/);
  assert.deepEqual(c.errors, []);
});
