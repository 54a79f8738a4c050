// Talking to the server. Three kinds of calls:
//   control(method, path, body)  the control API, /_sandbox/PATH (JSON in and out)
//   consoleApi(method, path, body)  the console's own JSON API, /_sandbox/console/api/PATH
//   s3(method, {bucket, key, query, headers, body})  a real S3 request: the console API presigns
//     it (SigV4, server side: the page holds no secret) and the page sends it to that URL, so it
//     goes through S3 authentication, the handlers and the request journal like any client's.
// Every failure is thrown as an ApiError whose message says in words what went wrong (S3's
// <Code>, <Message> and s3sandbox's <Diagnosis>; a control API's error message).
import { el } from "./dom.js";

export class ApiError extends Error {
  constructor(message, { status = 0, code = "" } = {}) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

const unreachable = () =>
  new ApiError("Cannot reach the s3sandbox server: is it still running?");

export async function control(method, path, body) {
  let resp;
  try {
    resp = await fetch(`/_sandbox/${path}`, {
      method,
      headers: body === undefined ? {} : { "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw unreachable();
  }
  const text = await resp.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch { /* not JSON: reported below */ }
  if (!resp.ok) {
    const err = data?.error;
    throw new ApiError(err ? `${err.message} (${err.code})`
      : `The server answered ${resp.status} ${resp.statusText} to ${method} /_sandbox/${path}`,
    { status: resp.status, code: err?.code ?? "" });
  }
  return data;
}

export const consoleApi = (method, path, body) => control(method, `console/api/${path}`, body);

// {url, headers}: the presigned request (headers: what must be sent with it, signed). `mark:
// false` for a URL the browser loads itself (<img src>, a download link), which cannot send the
// x-s3sandbox-console header that marks the console's requests in the journal.
export function presign({ method, bucket = "", key = "", query = {}, headers = {}, expires,
  mark = true }) {
  return consoleApi("POST", "presign", { method, bucket, key, query, headers, expires, mark });
}

// S3's <Error> document (or its absence) in words.
export function s3ErrorOf(status, text, what) {
  const doc = text ? new DOMParser().parseFromString(text, "application/xml") : null;
  const pick = (name) => doc?.querySelector(`Error > ${name}`)?.textContent ?? "";
  const code = pick("Code");
  const message = pick("Message");
  const diagnosis = pick("Diagnosis");
  const words = code
    ? `${what} failed: ${code}${message ? ` — ${message}` : ""}${diagnosis ? ` (${diagnosis})` : ""}`
    : `${what} failed: HTTP ${status}`;
  return new ApiError(words, { status, code });
}

// Sends one S3 request through a presigned URL; resolves with the Response (ok) or throws.
export async function s3(method, { bucket = "", key = "", query = {}, headers = {}, body,
  what } = {}) {
  const signed = await presign({ method, bucket, key, query, headers });
  let resp;
  try {
    resp = await fetch(signed.url, { method, headers: signed.headers, body });
  } catch {
    throw unreachable();
  }
  if (!resp.ok) {
    const text = method === "HEAD" ? "" : await resp.text();
    throw s3ErrorOf(resp.status, text, what ?? `${method} ${bucket}${key ? "/" + key : ""}`);
  }
  return resp;
}

// The same, answering the response body parsed as XML.
export async function s3Xml(method, opts) {
  const resp = await s3(method, opts);
  return new DOMParser().parseFromString(await resp.text(), "application/xml");
}

// A PUT with upload progress (XMLHttpRequest: fetch reports none). onProgress(loaded, total).
// Resolves with {etag, headers: (name) => value}.
export function xhrPut(url, headers, body, onProgress, signal) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("PUT", url);
    for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
    xhr.upload.addEventListener("progress", (e) => onProgress?.(e.loaded, e.total));
    xhr.addEventListener("load", () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve({ etag: xhr.getResponseHeader("ETag"), header: (n) => xhr.getResponseHeader(n) });
      } else {
        reject(s3ErrorOf(xhr.status, xhr.responseText, "Upload"));
      }
    });
    xhr.addEventListener("error", () => reject(unreachable()));
    xhr.addEventListener("abort", () => reject(new ApiError("Upload cancelled")));
    signal?.addEventListener("abort", () => xhr.abort());
    xhr.send(body);
  });
}

export function describeError(e) {
  if (e instanceof ApiError) return e.message;
  return `Something went wrong in the console: ${e?.message ?? e}`;
}

// A message in the notices area (role=status): kind "ok" | "error".
export function notify(message, kind = "ok") {
  const box = document.getElementById("notices");
  if (!box) return;
  const note = el("div", { class: `notice ${kind}` }, message,
    el("button", { type: "button", class: "close", "aria-label": "Dismiss",
      onclick: () => note.remove() }, "×"));
  box.append(note);
  if (kind === "ok") setTimeout(() => note.remove(), 6000);
}
