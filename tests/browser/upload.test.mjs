// A real browser (headless Chromium) runs the example media service's page and uploads straight
// to s3sandbox with the URLs the service signs: presigned PUT, presigned POST form, multipart
// with presigned part URLs; then downloads through a presigned GET and compares the bytes.
// The page (http://127.0.0.1:A) and s3sandbox (http://127.0.0.1:B) are different origins, so
// every S3 request is a cross-origin one and goes through the browser's CORS checks.
import { test, describe, before, after } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { S3Client, PutBucketCorsCommand, ListObjectsV2Command } from "@aws-sdk/client-s3";
import {
  startServer,
  credentials,
  startMediaService,
  launchBrowser,
  makePng,
} from "./harness.mjs";

const kBucket = "media"; // the media service's default bucket
const kPartSize = 1024; // s3sandbox --min-part-size and the service's --part-size
const kTimeout = { timeout: 20000 };

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

// s3sandbox + the media service + a fresh browser context on the service's page.
async function startStack({ s3Args = [], virtual = false } = {}) {
  const s3 = await startServer(["--min-part-size", String(kPartSize), ...s3Args]);
  let service;
  let context;
  try {
    const port = new URL(s3.endpoint).port;
    service = await startMediaService({
      // Virtual-hosted URLs need a host name under which BUCKET.HOST resolves: Chromium resolves
      // every *.localhost name to the loopback address.
      endpoint: virtual ? `http://localhost:${port}` : s3.endpoint,
      addressing: virtual ? "virtual" : "path",
      partSize: kPartSize,
    });
    context = await browser.newContext();
    const page = await context.newPage();
    const consoleLines = [];
    page.on("console", (m) => consoleLines.push(m.text()));
    await page.goto(service.url);
    await page.waitForFunction(() => window.media !== undefined);
    return {
      s3,
      service,
      page,
      consoleLines,
      origin: new URL(service.url).origin,
      async stop() {
        await context.close();
        await service.stop();
        await s3.stop();
      },
    };
  } catch (e) {
    await context?.close();
    await service?.stop();
    await s3.stop();
    throw e;
  }
}

function s3Client(endpoint) {
  return new S3Client({ endpoint, region: "us-east-1", forcePathStyle: true, credentials });
}

// Uploads bytes as a File named `name` of type image/png with the page's own upload function.
function uploadInPage(page, method, bytes, name = "picture.png") {
  return page.evaluate(
    ({ method, base64, name }) => {
      const data = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      return window.media.upload(method, new File([data], name, { type: "image/png" }));
    },
    { method, base64: bytes.toString("base64"), name },
  );
}

// Downloads a key through the page's presigned GET: {contentType, bytes}.
async function downloadInPage(page, key) {
  const { contentType, base64 } = await page.evaluate((key) => window.media.download(key), key);
  return { contentType, bytes: Buffer.from(base64, "base64") };
}

async function assertRoundTrip(page, key, expected) {
  const { contentType, bytes } = await downloadInPage(page, key);
  assert.equal(contentType, "image/png");
  assert.equal(bytes.length, expected.length);
  assert.ok(bytes.equals(expected), "downloaded bytes differ from the uploaded ones");
}

const md5 = (b) => createHash("md5").update(b).digest("hex");

describe("default CORS (permissive), path-style URLs", () => {
  let stack;
  before(async () => {
    stack = await startStack();
  });
  after(async () => {
    await stack?.stop();
  });

  test("a presigned PUT uploads the picture and the page can read its ETag", kTimeout, async () => {
    const png = makePng(16, 16, 1);
    const { key, etag } = await uploadInPage(stack.page, "put", png);
    assert.equal(etag, `"${md5(png)}"`);
    await assertRoundTrip(stack.page, key, png);
  });

  test("a presigned POST form uploads the picture", kTimeout, async () => {
    const png = makePng(16, 16, 2);
    const { key } = await uploadInPage(stack.page, "post", png);
    await assertRoundTrip(stack.page, key, png);
  });

  test("presigned part URLs upload the picture in parts completed with their ETags",
    kTimeout, async () => {
      const png = makePng(32, 32, 3); // about 3 KiB: four parts of 1 KiB or less
      const parts = Math.ceil(png.length / kPartSize);
      assert.ok(parts > 1);
      const { key, etag } = await uploadInPage(stack.page, "multipart", png);
      assert.match(etag, new RegExp(`^"[0-9a-f]{32}-${parts}"$`));
      await assertRoundTrip(stack.page, key, png);
    });

  test("a user picks a picture, uploads it each way and sees it displayed", kTimeout, async () => {
    const { page } = stack;
    const png = makePng(32, 24, 4);
    await page.setInputFiles("#file", { name: "cat.png", mimeType: "image/png", buffer: png });
    for (const method of ["put", "post", "multipart"]) {
      await page.click(`button[data-method="${method}"]`);
      const item = page.locator(`#results li[data-method="${method}"]`);
      await item.and(page.locator(":not([data-state='uploading'])")).waitFor({ timeout: 10000 });
      const state = await item.getAttribute("data-state");
      assert.equal(state, "done", `${method}: ${await item.textContent()}`);
      const size = await item.locator("img").evaluate((img) => [img.naturalWidth,
        img.naturalHeight]);
      assert.deepEqual(size, [32, 24], `${method}: the picture is displayed`);
      await assertRoundTrip(page, await item.getAttribute("data-key"), png);
    }
  });
});

describe("virtual-hosted URLs (http://media.localhost:PORT/KEY)", () => {
  let stack;
  before(async () => {
    stack = await startStack({ virtual: true });
  });
  after(async () => {
    await stack?.stop();
  });

  test("the page gets virtual-hosted URLs", kTimeout, async () => {
    const png = makePng(8, 8, 5);
    const { key } = await uploadInPage(stack.page, "put", png);
    const url = new URL(await stack.page.evaluate((key) => window.media.downloadUrl(key), key));
    assert.equal(url.hostname, `${kBucket}.localhost`);
    assert.equal(url.pathname, `/${key}`);
  });

  for (const method of ["put", "post", "multipart"]) {
    test(`${method} upload and GET round-trip through virtual-hosted URLs`, kTimeout, async () => {
      const png = makePng(32, 32, 6);
      const { key } = await uploadInPage(stack.page, method, png);
      await assertRoundTrip(stack.page, key, png);
    });
  }
});

describe("--cors buckets: only the bucket's CORS rules apply", () => {
  let stack;
  before(async () => {
    stack = await startStack({ s3Args: ["--cors", "buckets"] });
  });
  after(async () => {
    await stack?.stop();
  });

  test("without a bucket CORS rule the browser refuses PUT uploads at preflight",
    kTimeout, async () => {
      const png = makePng(32, 32, 7);
      for (const method of ["put", "multipart"]) {
        await assert.rejects(uploadInPage(stack.page, method, png),
          /Failed to fetch.*blocked by CORS/, method);
      }
      // The preflight was refused, so no PUT reached s3sandbox: nothing was stored.
      const listing = await s3Client(stack.s3.endpoint).send(
        new ListObjectsV2Command({ Bucket: kBucket }));
      assert.equal(listing.KeyCount, 0);
    });

  test("without a bucket CORS rule the page cannot read a form POST's answer",
    kTimeout, async () => {
      // A form POST is a "simple" request: no preflight, but without Access-Control-Allow-Origin
      // in the answer the browser hides it from the page.
      await assert.rejects(uploadInPage(stack.page, "post", makePng(8, 8, 8)),
        /Failed to fetch.*blocked by CORS/);
    });

  // One rule for the page's origin; exposeHeaders as in the rule's ExposeHeader elements.
  function putCorsRule(exposeHeaders) {
    return s3Client(stack.s3.endpoint).send(new PutBucketCorsCommand({
      Bucket: kBucket,
      CORSConfiguration: {
        CORSRules: [{
          AllowedOrigins: [stack.origin],
          AllowedMethods: ["GET", "PUT", "POST"],
          AllowedHeaders: ["*"],
          ExposeHeaders: exposeHeaders,
        }],
      },
    }));
  }

  test("a rule that does not expose ETag lets a PUT through but breaks multipart",
    kTimeout, async () => {
      await putCorsRule([]);
      const png = makePng(32, 32, 10);
      const { key, etag } = await uploadInPage(stack.page, "put", png);
      assert.equal(etag, null, "ETag is not a CORS-safelisted response header");
      await assertRoundTrip(stack.page, key, png);
      await assert.rejects(uploadInPage(stack.page, "multipart", png), /no ETag readable/);
    });

  test("after PutBucketCors exposing ETag for the page's origin every upload method works",
    kTimeout, async () => {
      await putCorsRule(["ETag"]);
      for (const method of ["put", "post", "multipart"]) {
        const png = makePng(32, 32, 9);
        const { key } = await uploadInPage(stack.page, method, png);
        await assertRoundTrip(stack.page, key, png);
      }
    });
});
