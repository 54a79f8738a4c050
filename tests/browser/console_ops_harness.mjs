// Shared by the console's Share, Requests and Sandbox controls tests: a server, a browser page
// on its console, an S3 client, screenshots under build/console-shots/ at the two layouts the
// console must hold (1280x720 and a 390 px phone).
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { S3Client } from "@aws-sdk/client-s3";
import { startServer, launchBrowser } from "./harness.mjs";

export const shotsDir = path.resolve(import.meta.dirname, "../../build/console-shots");

export async function startConsole(args = []) {
  const s3 = await startServer(args);
  let browser;
  try {
    browser = await launchBrowser();
  } catch (e) {
    await s3.stop(); // or the test process never ends
    throw e;
  }
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  const client = new S3Client(s3.s3ClientConfig); // the npm package's: path-style, its keys
  return {
    s3, browser, context, page, client, errors,
    consoleUrl: (hash) => `${s3.endpoint}/_sandbox/console/${hash}`,
    async stop() {
      client.destroy();
      await browser.close();
      await s3.stop();
    },
  };
}

// Screenshots of the page at 1280x720 and 390 px wide; asserts nothing overflows sideways.
export async function shoot(page, name) {
  await mkdir(shotsDir, { recursive: true });
  const overflow = {};
  for (const [label, viewport] of [["desktop", { width: 1280, height: 720 }],
    ["phone", { width: 390, height: 844 }]]) {
    await page.setViewportSize(viewport);
    await page.waitForTimeout(100);
    await page.screenshot({ path: path.join(shotsDir, `${name}-${label}.png`), fullPage: true });
    overflow[label] = await page.evaluate(() =>
      document.documentElement.scrollWidth - document.documentElement.clientWidth);
  }
  await page.setViewportSize({ width: 1280, height: 720 });
  return overflow;
}
