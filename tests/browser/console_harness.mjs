// What the console's browser tests share: an s3sandbox, headless Chromium on its console, an
// S3 client (aws-sdk-js v3) to seed and check what the page did, and screenshots saved to
// build/console-shots/ for a person to look at.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { S3Client } from "@aws-sdk/client-s3";
import { startServer, launchBrowser } from "./harness.mjs";

export const shotsDir = path.resolve(import.meta.dirname, "../../build/console-shots");

export async function startConsole({ serverArgs = [], viewport = { width: 1280, height: 720 } } = {}) {
  const server = await startServer(serverArgs);
  let browser;
  try {
    browser = await launchBrowser();
  } catch (e) {
    await server.stop(); // or the test process waits on the server forever
    throw e;
  }
  const context = await browser.newContext({ viewport, acceptDownloads: true });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  const client = new S3Client(server.s3ClientConfig); // the npm package's: path-style, its keys
  const consoleUrl = `${server.endpoint}/_sandbox/console/`;
  return {
    server, browser, context, page, client, consoleUrl, errors,
    async open(hash = "#/buckets") {
      await page.goto(consoleUrl + hash);
    },
    async shot(name) {
      mkdirSync(shotsDir, { recursive: true });
      await page.screenshot({ path: path.join(shotsDir, `${name}.png`), fullPage: true });
    },
    async stop() {
      client.destroy();
      await browser.close();
      await server.stop();
    },
  };
}

// The layout holds: nothing wider than the viewport (a table scrolls inside its wrapper).
export async function assertNoHorizontalOverflow(page, assert) {
  const { scroll, width } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth, width: window.innerWidth }));
  assert.ok(scroll <= width + 1, `the page is ${scroll}px wide in a ${width}px viewport`);
}
