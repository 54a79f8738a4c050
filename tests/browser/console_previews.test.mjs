// Object details' media previews, with real files made here: a WAV (header + a second of a sine
// tone), a WebM recorded by Chromium itself from a canvas (MediaRecorder: nothing to download,
// nothing prebuilt), an MP4 when this Chromium can record one, a minimal PDF, and bytes that are
// not audio at all. Asserts what the user sees: a player that loaded the media (readyState,
// duration, video size), the PDF in a frame served inline as application/pdf, and for the
// undecodable file the reason in words instead of a dead player.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { CreateBucketCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { startConsole } from "./console_harness.mjs";

let c;
before(async () => {
  c = await startConsole();
  await c.client.send(new CreateBucketCommand({ Bucket: "media" }));
});
after(async () => {
  await c?.stop();
});

const put = (Key, Body, ContentType) =>
  c.client.send(new PutObjectCommand({ Bucket: "media", Key, Body, ContentType }));

// 16-bit mono PCM at 8 kHz: a RIFF/WAVE header and `seconds` of a 440 Hz tone.
function makeWav(seconds = 1, rate = 8000) {
  const samples = Math.round(seconds * rate);
  const b = Buffer.alloc(44 + samples * 2);
  b.write("RIFF", 0);
  b.writeUInt32LE(36 + samples * 2, 4);
  b.write("WAVEfmt ", 8);
  b.writeUInt32LE(16, 16); // fmt chunk size
  b.writeUInt16LE(1, 20); // PCM
  b.writeUInt16LE(1, 22); // mono
  b.writeUInt32LE(rate, 24);
  b.writeUInt32LE(rate * 2, 28); // byte rate
  b.writeUInt16LE(2, 32); // block align
  b.writeUInt16LE(16, 34); // bits per sample
  b.write("data", 36);
  b.writeUInt32LE(samples * 2, 40);
  for (let i = 0; i < samples; i++) {
    b.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / rate)), 44 + i * 2);
  }
  return b;
}

// A one-page PDF with a correct cross-reference table (offsets computed, not guessed).
function makePdf(text) {
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 144] /Contents 4 0 R " +
      "/Resources << /Font << /F1 5 0 R >> >> >>",
    null, // the content stream, below
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ];
  const stream = `BT /F1 18 Tf 20 60 Td (${text}) Tj ET`;
  objects[3] = `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`;
  let out = "%PDF-1.4\n";
  const offsets = objects.map((body, i) => {
    const at = out.length;
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
    return at;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n` +
    offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("") +
    `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, "latin1");
}

// Records `ms` of an animated canvas with Chromium's MediaRecorder; null when it cannot record
// that type. Returns the bytes.
async function record(mimeType, ms = 600) {
  const b64 = await c.page.evaluate(async ({ mimeType, ms }) => {
    if (!MediaRecorder.isTypeSupported(mimeType)) return null;
    const canvas = document.createElement("canvas");
    canvas.width = 64;
    canvas.height = 48;
    const g = canvas.getContext("2d");
    const stream = canvas.captureStream(25);
    const rec = new MediaRecorder(stream, { mimeType });
    const chunks = [];
    rec.ondataavailable = (e) => chunks.push(e.data);
    let frame = 0;
    const timer = setInterval(() => {
      g.fillStyle = `hsl(${(frame++ * 30) % 360} 80% 50%)`;
      g.fillRect(0, 0, 64, 48);
    }, 40);
    rec.start(100);
    await new Promise((r) => setTimeout(r, ms));
    await new Promise((r) => {
      rec.onstop = r;
      rec.stop();
    });
    clearInterval(timer);
    const bytes = new Uint8Array(await new Blob(chunks).arrayBuffer());
    let s = "";
    for (const x of bytes) s += String.fromCharCode(x);
    return btoa(s);
  }, { mimeType, ms });
  return b64 === null ? null : Buffer.from(b64, "base64");
}

// The player's state once it has settled: metadata loaded, or an error.
const settled = (selector) => c.page.waitForFunction((sel) => {
  const m = document.querySelector(sel);
  return m && (m.readyState >= 1 || m.error) ? { readyState: m.readyState, error: m.error?.code ?? 0,
    duration: m.duration, width: m.videoWidth ?? 0 } : null;
}, selector, { timeout: 15000 }).then((h) => h.jsonValue());

test("WAV: an audio player that loaded a one-second tone", async () => {
  await put("sound/tone.wav", makeWav(1), "audio/wav");
  await c.open("#/o/media/sound/tone.wav");
  const audio = c.page.getByLabel("Audio sound/tone.wav");
  await audio.waitFor();
  const s = await settled("#preview audio");
  assert.equal(s.error, 0);
  assert.ok(s.readyState >= 1);
  assert.ok(Math.abs(s.duration - 1) < 0.01, `duration ${s.duration}`);
  assert.equal(await audio.getAttribute("controls"), "");
  await c.shot("object-audio");
});

test("WebM recorded by Chromium: a video player with the video's size", async () => {
  const webm = await record("video/webm;codecs=vp8");
  assert.ok(webm && webm.length > 100, "Chromium records WebM/VP8");
  await put("clips/colors.webm", webm, "video/webm");
  await c.open("#/o/media/clips/colors.webm");
  await c.page.getByLabel("Video clips/colors.webm").waitFor();
  const s = await settled("#preview video");
  assert.equal(s.error, 0);
  assert.equal(s.width, 64);
  await c.page.waitForFunction(() => document.querySelector("#preview video").readyState >= 2);
  await c.shot("object-video");
});

test("MP4: played when this Chromium can make one, else the reason in words", async (t) => {
  const mp4 = await record("video/mp4;codecs=avc1");
  if (!mp4) {
    t.diagnostic("this Chromium cannot record MP4 (no H.264 encoder): MP4 playback not tested");
    return;
  }
  await put("clips/colors.mp4", mp4, "video/mp4");
  await c.open("#/o/media/clips/colors.mp4");
  const s = await settled("#preview video");
  assert.equal(s.error, 0);
  assert.equal(s.width, 64);
});

test("bytes that are not audio: the player is replaced by why it cannot play", async () => {
  await put("sound/broken.wav", Buffer.from("this is not a wave file at all".repeat(20)), "audio/wav");
  await c.open("#/o/media/sound/broken.wav");
  const why = c.page.locator("#preview .media-error");
  await why.waitFor();
  assert.match(await why.textContent(),
    /^No audio preview: (the file could not be decoded|this browser cannot play this format) \(audio\/wav\)/);
  assert.equal(await c.page.locator("#preview audio").count(), 0);
  // Download stays available.
  await c.page.getByRole("link", { name: "Download" }).waitFor();
});

test("PDF: shown in a frame, served inline as application/pdf", async () => {
  const pdf = makePdf("Hello from s3sandbox");
  await put("docs/hello.pdf", pdf, "application/pdf");
  await c.open("#/o/media/docs/hello.pdf");
  const frame = c.page.locator("#preview iframe");
  await frame.waitFor();
  assert.equal(await frame.getAttribute("title"), "PDF docs/hello.pdf");
  const src = await frame.evaluate((f) => f.src); // absolute
  // What the frame loads: the PDF itself, inline (not a download), the bytes uploaded.
  const resp = await fetch(src);
  assert.equal(resp.status, 200);
  assert.equal(resp.headers.get("content-type"), "application/pdf");
  assert.equal(resp.headers.get("content-disposition"), "inline");
  assert.deepEqual(Buffer.from(await resp.arrayBuffer()), pdf);
  // The frame navigated to it (Chromium's PDF viewer renders it there).
  await c.page.waitForFunction((u) => [...document.querySelectorAll("iframe")]
    .some((f) => f.src === u), src);
  const loaded = c.page.frames().find((f) => f.url() === src);
  assert.ok(loaded, "the frame loaded the presigned PDF URL");
  await c.shot("object-pdf");
  assert.deepEqual(c.errors.filter((e) => !/^Failed to load resource/.test(e)), []);
});
