// Chromium on an https page uploads with a presigned PUT to the sandbox's https endpoint, then
// the bytes are read back with aws-sdk-js: the whole browser flow over TLS, with --tls auto's
// certificate.
//
// How Chromium is told to trust it, without a new Debian package (no certutil/NSS tools) and
// without touching the system's trust store: --ignore-certificate-errors-spki-list takes the
// base64 SHA-256 of a certificate's SubjectPublicKeyInfo and accepts, for any host, exactly a
// chain carrying that public key, and nothing else (unlike --ignore-certificate-errors, which
// would accept any certificate and prove nothing). It takes effect only with --user-data-dir,
// which playwright passes for its temporary profile. The pinned key is the server
// certificate's (cert.pem next to ca.pem), which the page's own https server uses too.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createHash, X509Certificate, randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import https from "node:https";
import path from "node:path";
import { once } from "node:events";
import { S3Client, CreateBucketCommand, GetObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { chromium } from "playwright-core";
import { startS3Sandbox } from "../../packages/npm/index.js";
import { credentials } from "../e2e/js/server.mjs";

const binary = process.env.S3SANDBOX_BIN ??
  path.resolve(import.meta.dirname, "../../build/s3sandbox");
const kBucket = "https-upload";
const kTimeout = { timeout: 30000 };

let sandbox;
let agent;
let s3;
let page;
let pageServer;
let browser;
let pageOrigin;

// The base64 SHA-256 of the certificate's SubjectPublicKeyInfo (DER).
function spkiHash(pem) {
  const der = new X509Certificate(pem).publicKey.export({ type: "spki", format: "der" });
  return createHash("sha256").update(der).digest("base64");
}

before(async () => {
  sandbox = await startS3Sandbox({ binary, tls: true, ...credentials });
  const tlsDir = path.dirname(sandbox.caPath);
  const cert = readFileSync(path.join(tlsDir, "cert.pem"), "utf8");
  const key = readFileSync(path.join(tlsDir, "key.pem"), "utf8");
  agent = new https.Agent({ ca: sandbox.ca, keepAlive: true });
  s3 = new S3Client({
    endpoint: sandbox.tlsEndpoint,
    region: "us-east-1",
    forcePathStyle: true,
    credentials,
    requestHandler: new NodeHttpHandler({ httpsAgent: agent }),
    // Presigned PUTs without a body must not promise the empty body's CRC32 (the SDK's default
    // since 3.729; S3 and the sandbox refuse the upload then).
    requestChecksumCalculation: "WHEN_REQUIRED",
  });
  await s3.send(new CreateBucketCommand({ Bucket: kBucket }));

  // The page: another origin (its own port, https), served with the same certificate.
  pageServer = https.createServer({ cert, key }, (req, res) => {
    res.writeHead(200, { "content-type": "text/html" });
    res.end("<!doctype html><title>upload</title><p>upload page</p>");
  });
  pageServer.listen(0, "127.0.0.1");
  await once(pageServer, "listening");
  pageOrigin = `https://localhost:${pageServer.address().port}`;

  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
      `--ignore-certificate-errors-spki-list=${spkiHash(cert)}`],
  });
  page = await (await browser.newContext()).newPage();
  const response = await page.goto(`${pageOrigin}/`);
  assert.equal(response.status(), 200);
});

after(async () => {
  await browser?.close();
  pageServer?.close();
  s3?.destroy();
  agent?.destroy();
  const code = await sandbox?.stop();
  assert.equal(code, 0, "server exits cleanly on SIGTERM");
});

test("the page is https and trusted (a secure context)", async () => {
  assert.equal(await page.evaluate(() => location.protocol), "https:");
  assert.equal(await page.evaluate(() => window.isSecureContext), true);
});

test("a presigned PUT from the https page to the https endpoint, read back", kTimeout, async () => {
  const bytes = randomBytes(300 * 1024);
  const url = await getSignedUrl(s3, new PutObjectCommand({ Bucket: kBucket, Key: "up.bin" }), {
    expiresIn: 300,
  });
  assert.ok(url.startsWith(`${sandbox.tlsEndpoint}/`), url);
  const result = await page.evaluate(async ({ url, base64 }) => {
    const body = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const res = await fetch(url, { method: "PUT", body });
    return { status: res.status, etag: res.headers.get("etag"), text: await res.text() };
  }, { url, base64: bytes.toString("base64") });
  assert.equal(result.status, 200, result.text);
  assert.equal(result.etag, `"${createHash("md5").update(bytes).digest("hex")}"`);
  const got = await s3.send(new GetObjectCommand({ Bucket: kBucket, Key: "up.bin" }));
  assert.ok(Buffer.from(await got.Body.transformToByteArray()).equals(bytes));
  // The journal says it came over TLS, from the page's origin.
  const entries = await sandbox.requests({ bucket: kBucket, operation: "PutObject" });
  const put = entries.find((e) => e.key === "up.bin");
  assert.equal(put.tls, true);
  assert.equal(put.cors?.origin, pageOrigin);
});

test("a key Chromium was not told to trust is still refused", kTimeout, async () => {
  // The pin trusts exactly the sandbox's key: a page served with another key fails.
  // An S3 path answers cross-origin pages (permissive CORS, error answers included), so on the
  // trusted sandbox the fetch resolves (with an S3 error status): only TLS can make it throw.
  const fetchFromPage = (url) => page.evaluate(async (url) => {
    try {
      return { status: (await fetch(url)).status };
    } catch (e) {
      return { error: String(e) };
    }
  }, url);
  const trusted = await fetchFromPage(`${sandbox.tlsEndpoint}/no-such-bucket/k`);
  assert.equal(trusted.status, 404, JSON.stringify(trusted));
  const other = await startS3Sandbox({ binary, tls: true, ...credentials });
  try {
    const untrusted = await fetchFromPage(`${other.tlsEndpoint}/no-such-bucket/k`);
    assert.ok(untrusted.error, `an untrusted certificate must fail: ${JSON.stringify(untrusted)}`);
  } finally {
    await other.stop();
  }
});
