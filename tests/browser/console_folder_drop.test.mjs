// Dropping onto the object browser's upload zone. Two drops, each dispatched on the real zone so
// that the page's own handler (views/upload_panel.js → drop.js) runs and uploads through S3:
// - plain files, in a real DataTransfer built in the page (what Chromium gives a script);
// - a folder. A script cannot make Chromium hand it a real directory entry (webkitGetAsEntry()
//   answers null for a DataTransfer built by script, and there is no drag from the OS in a
//   headless test), so the drop event carries a fake entry tree with the FileSystemEntry API's
//   shape: a folder with a subfolder, whose reader answers in two batches as Chromium's does.
// The objects must land under the current prefix + the folder's name, bytes and types intact.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { CreateBucketCommand, ListObjectsV2Command, GetObjectCommand } from "@aws-sdk/client-s3";
import { startConsole } from "./console_harness.mjs";

let c;
before(async () => {
  c = await startConsole();
  await c.client.send(new CreateBucketCommand({ Bucket: "drops" }));
});
after(async () => {
  await c?.stop();
});

const keys = async (Prefix) => ((await c.client.send(new ListObjectsV2Command({ Bucket: "drops",
  Prefix }))).Contents ?? []).map((o) => o.Key).sort();
const body = async (Key) => {
  const r = await c.client.send(new GetObjectCommand({ Bucket: "drops", Key }));
  return { text: await r.Body.transformToString(), type: r.ContentType };
};

test("dropping files (a real DataTransfer) uploads them to the current folder", async () => {
  await c.open("#/b/drops/inbox/");
  await c.page.locator("#dropzone").waitFor();
  const realEntries = await c.page.evaluate(() => {
    const dt = new DataTransfer();
    dt.items.add(new File(["first"], "one.txt", { type: "text/plain" }));
    dt.items.add(new File(['{"n":2}'], "two.json", { type: "application/json" }));
    const entries = [...dt.items].map((i) => i.webkitGetAsEntry());
    document.querySelector("#dropzone").dispatchEvent(new DragEvent("drop", { bubbles: true,
      cancelable: true, dataTransfer: dt }));
    return entries.filter(Boolean).length;
  });
  await c.page.getByText("Uploaded 2 file(s).").waitFor();
  assert.deepEqual(await keys("inbox/"), ["inbox/one.txt", "inbox/two.json"]);
  assert.deepEqual(await body("inbox/two.json"), { text: '{"n":2}', type: "application/json" });
  // Recorded for the report: a scripted DataTransfer has no directory entries in this Chromium.
  assert.equal(realEntries, 0, "Chromium gives a scripted DataTransfer no FileSystemEntry: " +
    "if it now does, the folder test below can use a real one");
});

test("dropping a folder uploads its files under the folder's prefix, subfolders included",
  async () => {
    await c.open("#/b/drops/inbox/");
    await c.page.locator("#dropzone").waitFor();
    await c.page.evaluate(() => {
      const file = (name, text, type) => ({ isFile: true, isDirectory: false, name,
        file: (ok) => ok(new File([text], name, { type })) });
      // A reader answering its entries in batches, then [] (as FileSystemDirectoryReader does).
      const dir = (name, ...batches) => ({ isFile: false, isDirectory: true, name,
        createReader: () => {
          const left = [...batches];
          return { readEntries: (ok) => setTimeout(() => ok(left.shift() ?? []), 5) };
        } });
      const holiday = dir("holiday",
        [file("a.txt", "alpha", "text/plain"), file("b.csv", "x,y\n1,2\n", "text/csv")],
        [dir("day 2", [file("c.txt", "gamma", "text/plain")]), dir("empty")]);
      const dataTransfer = { items: [{ kind: "file", webkitGetAsEntry: () => holiday }], files: [] };
      const drop = new Event("drop", { bubbles: true, cancelable: true });
      Object.defineProperty(drop, "dataTransfer", { value: dataTransfer });
      document.querySelector("#dropzone").dispatchEvent(drop);
    });
    await c.page.getByText("Uploaded 3 file(s).").waitFor();
    // The per-file rows reached 100%.
    for (const key of ["inbox/holiday/a.txt", "inbox/holiday/b.csv", "inbox/holiday/day 2/c.txt"]) {
      assert.equal(await c.page.locator(`.upload-row[data-key="${key}"]`).getAttribute("data-state"),
        "done", key);
    }
    assert.deepEqual(await keys("inbox/holiday/"),
      ["inbox/holiday/a.txt", "inbox/holiday/b.csv", "inbox/holiday/day 2/c.txt"]);
    assert.deepEqual(await body("inbox/holiday/b.csv"), { text: "x,y\n1,2\n", type: "text/csv" });
    assert.deepEqual(await body("inbox/holiday/day 2/c.txt"), { text: "gamma", type: "text/plain" });
    // The listing shows the new folder.
    await c.page.getByRole("link", { name: "holiday/" }).waitFor();
    await c.shot("browser-folder-drop");
    assert.deepEqual(c.errors, []);
  });
