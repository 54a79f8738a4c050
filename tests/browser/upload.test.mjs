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
async function startStack({ s3Args = [], virtual = false, maxBytes = null } = {}) {
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
      maxBytes,
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

describe("the service's --max-bytes, and refusals explained on the page", () => {
  const kMaxBytes = 2000;
  let stack;
  before(async () => {
    stack = await startStack({ maxBytes: kMaxBytes });
  });
  after(async () => {
    await stack?.stop();
  });

  test("a picture over --max-bytes is refused in all three upload modes", kTimeout, async () => {
    const png = makePng(32, 32, 11); // about 3 KiB
    assert.ok(png.length > kMaxBytes);
    // PUT and multipart: the service refuses to sign; POST: S3 enforces the policy's
    // content-length-range.
    await assert.rejects(uploadInPage(stack.page, "put", png), /size must be between 1 and 2000/);
    await assert.rejects(uploadInPage(stack.page, "multipart", png),
      /size must be between 1 and 2000/);
    await assert.rejects(uploadInPage(stack.page, "post", png), /EntityTooLarge/);
    const listing = await s3Client(stack.s3.endpoint).send(
      new ListObjectsV2Command({ Bucket: kBucket }));
    assert.equal(listing.KeyCount, 0, "nothing was stored");
  });

  test("a page that declares a smaller size than it sends is refused by S3", kTimeout,
    async () => {
      // The URLs sign Content-Length: lying to the service about the size does not get more
      // bytes past it, for a single PUT or for a part.
      const refusal = await stack.page.evaluate(async () => {
        const file = new File([new Uint8Array(1500)], "big.png", { type: "image/png" });
        const res = await fetch("/api/presign-put", {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ filename: "big.png", contentType: "image/png", size: 100 }),
        });
        const { url, headers } = await res.json();
        const put = await fetch(url, { method: "PUT", headers, body: file });
        return { status: put.status, body: await put.text() };
      });
      assert.equal(refusal.status, 403);
      assert.match(refusal.body, /<Code>SignatureDoesNotMatch<\/Code>/);
      assert.match(refusal.body, /<Diagnosis>[^<]*content-length/i);
    });

  test("a refused upload shows s3sandbox's diagnosis under the error", kTimeout, async () => {
    const { page } = stack;
    const png = makePng(32, 32, 12);
    await page.setInputFiles("#file", { name: "big.png", mimeType: "image/png", buffer: png });
    await page.click('button[data-method="post"]');
    const item = page.locator('#results li[data-method="post"]');
    await item.and(page.locator("[data-state='failed']")).waitFor({ timeout: 10000 });
    assert.match(await item.locator(".status").textContent(), /EntityTooLarge/);
    const diagnosis = await item.locator(".diagnosis").textContent();
    assert.match(diagnosis, /content-length-range/);
    assert.match(diagnosis, /2000/);
  });
});
