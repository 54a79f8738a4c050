// The page's side of the presigned flow. The service signs; the browser talks to S3 directly,
// cross-origin, so S3 (s3sandbox) must answer CORS preflights for this page's origin and expose
// the ETag header (multipart needs each part's ETag to complete the upload).
"use strict";

// POSTs JSON to the media service and returns its JSON answer.
async function api(path, body) {
  const res = await fetch(path, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  const json = await res.json();
  if (!res.ok) throw new Error(`${path}: ${json.error}`);
  return json;
}

// An S3 refusal: its code and message, and s3sandbox's plain-words diagnosis when there is one
// (the <Diagnosis> element, or the x-s3sandbox-diagnosis header when CORS exposes it; real S3
// sends neither).
class S3Refusal extends Error {
  constructor(message, diagnosis) {
    super(message);
    this.diagnosis = diagnosis;
  }
}

const unescapeXml = (s) => s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"')
  .replace(/&apos;/g, "'").replace(/&amp;/g, "&");

// Throws an S3Refusal with S3's error code and message when an S3 response is not a success.
async function check(res, what) {
  if (res.ok) return res;
  const text = await res.text();
  const element = (name) => {
    const m = new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(text);
    return m ? unescapeXml(m[1]) : null;
  };
  const code = element("Code") ?? "";
  const diagnosis = element("Diagnosis") ?? res.headers.get("x-s3sandbox-diagnosis");
  // s3sandbox appends its diagnosis to the message too ("... [s3sandbox: why]"); the page shows
  // it on its own line, so the message keeps S3's words.
  const message = (element("Message") ?? text).replace(/ \[s3sandbox: [\s\S]*\]$/, "");
  throw new S3Refusal(`${what}: HTTP ${res.status} ${code} ${message}`.trim(), diagnosis);
}

// A fetch that fails before any response (the CORS preflight was refused, or the response
// lacks Access-Control-Allow-Origin) only says "Failed to fetch": say what it probably means.
async function s3fetch(url, init, what) {
  let res;
  try {
    res = await fetch(url, init);
  } catch (e) {
    throw new Error(`${what}: ${e.message} (blocked by CORS? see the browser console)`);
  }
  return check(res, what);
}

async function uploadWithPut(file) {
  const { key, url, headers } = await api("/api/presign-put",
    { filename: file.name, contentType: file.type, size: file.size });
  // Content-Type is part of the signature: send exactly the one the service signed.
  const res = await s3fetch(url, { method: "PUT", headers, body: file }, "PUT");
  return { key, etag: res.headers.get("ETag") };
}

async function uploadWithPost(file) {
  const { key, url, fields } = await api("/api/presign-post",
    { filename: file.name, contentType: file.type });
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  form.append("file", file); // the file must be the last field
  const res = await s3fetch(url, { method: "POST", body: form }, "POST");
  return { key, etag: res.headers.get("ETag") };
}

async function uploadWithMultipart(file) {
  const { key, uploadId, partSize, urls } = await api("/api/multipart/create",
    { filename: file.name, contentType: file.type, size: file.size });
  try {
    const parts = await Promise.all(urls.map(async (url, i) => {
      const body = file.slice(i * partSize, (i + 1) * partSize);
      const res = await s3fetch(url, { method: "PUT", body }, `part ${i + 1}`);
      const etag = res.headers.get("ETag");
      if (!etag) throw new Error(`part ${i + 1}: no ETag readable (S3 must expose it via CORS)`);
      return { partNumber: i + 1, etag };
    }));
    return await api("/api/multipart/complete", { key, uploadId, parts });
  } catch (e) {
    await api("/api/multipart/abort", { key, uploadId }).catch(() => {});
    throw e;
  }
}

const uploaders = { put: uploadWithPut, post: uploadWithPost, multipart: uploadWithMultipart };

// Uploads a File or Blob with the given method ("put", "post" or "multipart"): {key, etag}.
async function upload(method, file) {
  return uploaders[method](file);
}

// A presigned GET URL for a key this service handed out.
async function downloadUrl(key) {
  return (await api("/api/presign-get", { key })).url;
}

// Downloads a key through a presigned GET: {contentType, base64} (base64 so tests can compare).
async function download(key) {
  const res = await s3fetch(await downloadUrl(key), {}, "GET");
  const bytes = new Uint8Array(await res.arrayBuffer());
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return { contentType: res.headers.get("Content-Type"), base64: btoa(binary) };
}

// The UI: one list item per upload, with data-state "uploading", "done" or "failed".
async function onUploadClick(method) {
  const file = document.getElementById("file").files[0];
  if (!file) return alert("Pick a picture first.");
  const item = document.createElement("li");
  item.dataset.method = method;
  item.dataset.state = "uploading";
  item.innerHTML = `<strong></strong> <span class="status">uploading…</span>`;
  item.querySelector("strong").textContent = `${method}: ${file.name}`;
  document.getElementById("results").prepend(item);
  const status = item.querySelector(".status");
  try {
    const { key } = await upload(method, file);
    item.dataset.key = key;
    const img = document.createElement("img");
    img.alt = key;
    // A CORS request, like download()'s fetch of the same URL: a plain <img> request carries no
    // Origin, so its response has no Access-Control-* headers and no "Vary: Origin", the browser
    // may cache it, and a fetch() of the same URL then gets that cached answer and fails the
    // CORS check ("Failed to fetch"). S3 behaves the same way; see this example's README.
    img.crossOrigin = "anonymous";
    img.src = await downloadUrl(key);
    await img.decode().catch(() => {}); // not a decodable picture: still uploaded
    status.textContent = `uploaded as ${key}`;
    item.append(img);
    item.dataset.state = "done";
  } catch (e) {
    status.textContent = e.message;
    if (e.diagnosis) {
      // Under the error, in plain words: why s3sandbox refused it and what to change.
      const why = document.createElement("p");
      why.className = "diagnosis";
      why.append(Object.assign(document.createElement("strong"), { textContent: "s3sandbox: " }),
        e.diagnosis);
      item.append(why);
    }
    item.dataset.state = "failed";
  }
}

for (const button of document.querySelectorAll("button[data-method]")) {
  button.addEventListener("click", () => onUploadClick(button.dataset.method));
}

// For scripts and tests driving the page (e.g. Playwright's page.evaluate).
window.media = { upload, download, downloadUrl };
