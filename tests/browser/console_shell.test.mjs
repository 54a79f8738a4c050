// The console's shell: served from the binary at /_sandbox/console/ behind the control API's
// access rule, with a strict CSP and ETags; the hash router and the navigation work by keyboard,
// and the layout holds at 1280x720 and at 390 px wide.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startConsole, assertNoHorizontalOverflow } from "./console_harness.mjs";

let c;
before(async () => {
  c = await startConsole();
});
after(async () => {
  await c?.stop();
});

test("the page, its files and its headers", async () => {
  const base = c.server.endpoint;
  const bare = await fetch(`${base}/_sandbox/console`, { redirect: "manual" });
  assert.equal(bare.status, 301);
  assert.equal(bare.headers.get("location"), "/_sandbox/console/");
  const index = await fetch(`${base}/_sandbox/console/`);
  assert.equal(index.status, 200);
  assert.match(index.headers.get("content-type"), /^text\/html/);
  const csp = index.headers.get("content-security-policy");
  assert.match(csp, /script-src 'self'/);
  assert.doesNotMatch(csp, /unsafe-inline/);
  const html = await index.text();
  assert.doesNotMatch(html, /<script>[^<]/, "no inline script");
  const js = await fetch(`${base}/_sandbox/console/js/main.js`);
  assert.equal(js.status, 200);
  assert.match(js.headers.get("content-type"), /^text\/javascript/);
  const etag = js.headers.get("etag");
  assert.ok(etag);
  const again = await fetch(`${base}/_sandbox/console/js/main.js`, {
    headers: { "If-None-Match": etag } });
  assert.equal(again.status, 304);
  const missing = await fetch(`${base}/_sandbox/console/js/nope.js`);
  assert.equal(missing.status, 404);
  // The control API's access rule: a page of another site may not use it.
  const foreign = await fetch(`${base}/_sandbox/console/api/buckets`, {
    headers: { Origin: "http://evil.example" } });
  assert.equal(foreign.status, 403);
});

test("navigation by keyboard, at 1280x720 and at 390 px wide", async () => {
  await c.open("#/buckets");
  await c.page.getByRole("heading", { name: "Buckets" }).waitFor();
  await c.shot("shell-buckets-1280");
  await assertNoHorizontalOverflow(c.page, assert);
  // Tab to the "Requests" link and follow it with Enter.
  let reached = false;
  for (let i = 0; i < 10 && !reached; i++) {
    await c.page.keyboard.press("Tab");
    reached = await c.page.evaluate(() => document.activeElement?.textContent === "Requests");
  }
  assert.ok(reached, "the Requests link is reachable by Tab");
  await c.page.keyboard.press("Enter");
  await c.page.getByRole("heading", { name: "Requests" }).waitFor();
  assert.equal(await c.page.getAttribute("[data-nav=requests]", "aria-current"), "page");
  await c.page.setViewportSize({ width: 390, height: 800 });
  await c.open("#/buckets");
  await c.page.getByRole("heading", { name: "Buckets" }).waitFor();
  await assertNoHorizontalOverflow(c.page, assert);
  await c.shot("shell-buckets-390");
  await c.open("#/nowhere");
  await c.page.getByRole("heading", { name: "Not found" }).waitFor();
  assert.deepEqual(c.errors, []);
});
