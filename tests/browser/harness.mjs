// What the browser tests need around the page: the example media service started on a free
// port, headless Chromium (Debian's, driven by playwright-core), and a generated PNG picture.
import { spawn } from "node:child_process";
import { once } from "node:events";
import path from "node:path";
import { crc32, deflateSync } from "node:zlib";
import { chromium } from "playwright-core";

// s3sandbox itself is started by the npm package's startS3Sandbox (packages/npm, dogfooding),
// through the JavaScript e2e tests' startServer: S3SANDBOX_BIN or build/s3sandbox.
export { startServer, credentials } from "../e2e/js/server.mjs";

const mediaService = path.resolve(import.meta.dirname, "../../examples/media-service/server.py");

// Starts examples/media-service/server.py against an s3sandbox endpoint; resolves with its url
// once it prints "media-service ready http://HOST:PORT".
export async function startMediaService({ endpoint, addressing = "path", partSize = 1024,
  maxBytes = null }) {
  const python = process.env.PYTHON ?? "/usr/bin/python3"; // Debian's, with python3-boto3
  const limit = maxBytes === null ? [] : ["--max-bytes", String(maxBytes)];
  const child = spawn(python, [mediaService, "--endpoint", endpoint, "--port", "0",
    "--addressing", addressing, "--part-size", String(partSize), ...limit], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  const url = await new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error("media service did not start: " + stderr)),
      15000);
    child.stdout.on("data", (d) => {
      out += d;
      const m = out.match(/media-service ready (http:\/\/[^\s]+)/);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.on("exit", (code) => reject(new Error(`media service exited with ${code}: ${stderr}`)));
  });
  return {
    url,
    log: () => stderr,
    async stop() {
      if (child.exitCode !== null) return child.exitCode;
      child.kill("SIGTERM");
      await once(child, "exit");
    },
  };
}

export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
}

function pngChunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, "latin1");
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])));
  return Buffer.concat([head, data, crc]);
}

// A valid, uncompressed RGB PNG of width x height pixels whose colours depend on seed: a real
// picture the page can display, of a predictable size (about 3 * width * height bytes).
export function makePng(width, height, seed) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit depth, RGB, deflate, no filter, no interlace
  const raw = Buffer.alloc(height * (1 + 3 * width));
  let state = seed >>> 0 || 1;
  for (let y = 0; y < height; y++) {
    const row = y * (1 + 3 * width); // raw[row] = 0: filter type None
    for (let i = 1; i <= 3 * width; i++) {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      raw[row + i] = state >>> 24;
    }
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk("IHDR", ihdr),
    pngChunk("IDAT", deflateSync(raw, { level: 0 })), // stored: the size stays predictable
    pngChunk("IEND", Buffer.alloc(0)),
  ]);
}
