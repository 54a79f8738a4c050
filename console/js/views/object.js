// Object details: system headers (HEAD with x-amz-checksum-mode), user metadata and tags
// (editable), a preview (image, audio, video, PDF, text, JSON, else hex; size-capped), and
// download, copy, rename (copy + delete), delete. Every action is an S3 request (api.js).
import { describeError, notify, presign, s3, s3Xml } from "../api.js";
import { confirmDialog, el, formatDate, humanSize } from "../dom.js";
import { go, link } from "../nav.js";
import { sha256Base64 } from "../s3util.js";

const TEXT_CAP = 256 * 1024; // bytes of text / JSON shown
const HEX_CAP = 4096; // bytes shown as hex
const MEDIA_CAP = 100 * 1024 * 1024; // larger media are not previewed

const copySource = (bucket, key) =>
  `${encodeURIComponent(bucket)}/${key.split("/").map(encodeURIComponent).join("/")}`;

async function signedUrl(bucket, key, query = {}) {
  return (await presign({ method: "GET", bucket, key, query, mark: false })).url;
}

function hexDump(bytes) {
  const lines = [];
  for (let i = 0; i < bytes.length; i += 16) {
    const row = bytes.subarray(i, i + 16);
    const hex = [...row].map((b) => b.toString(16).padStart(2, "0")).join(" ");
    const ascii = [...row].map((b) => (b >= 32 && b < 127 ? String.fromCharCode(b) : ".")).join("");
    lines.push(`${i.toString(16).padStart(8, "0")}  ${hex.padEnd(47)}  ${ascii}`);
  }
  return lines.join("\n");
}

// An <audio> or <video> player; when the browser cannot play the bytes (a codec it lacks, a
// damaged file) the player is replaced by the reason in words, rather than a silent dead control.
const MEDIA_ERRORS = { 1: "loading was aborted", 2: "a network error stopped the download",
  3: "the file could not be decoded", 4: "this browser cannot play this format" };
function mediaPlayer(type, url, key) {
  const kind = type.startsWith("audio/") ? "audio" : "video";
  const player = el(kind, { src: url, controls: true, preload: "metadata",
    "aria-label": `${kind === "audio" ? "Audio" : "Video"} ${key}` });
  player.addEventListener("error", () => {
    const why = MEDIA_ERRORS[player.error?.code] ?? "an unknown media error";
    player.replaceWith(el("p", { class: "error media-error", role: "status" },
      `No ${kind} preview: ${why} (${type}). Download it to play it elsewhere.`));
  });
  return player;
}

async function preview(bucket, key, head) {
  const type = (head.get("content-type") || "").split(";")[0].trim().toLowerCase();
  const size = Number(head.get("content-length") || 0);
  const box = el("div", { class: "preview", id: "preview" });
  const lower = key.toLowerCase();
  const isJson = type === "application/json" || lower.endsWith(".json");
  const isText = type.startsWith("text/") || isJson || /\.(txt|md|csv|log|xml|ya?ml|js|css|html?)$/.test(lower)
    || type === "application/xml";
  if (/^(image|audio|video)\//.test(type) || type === "application/pdf") {
    if (size > MEDIA_CAP) {
      box.append(el("p", { class: "muted" }, `No preview: ${humanSize(size)} is over the ${humanSize(MEDIA_CAP)} preview cap.`));
      return box;
    }
    const url = await signedUrl(bucket, key, type === "application/pdf"
      ? { "response-content-type": "application/pdf", "response-content-disposition": "inline" } : {});
    if (type.startsWith("image/")) box.append(el("img", { src: url, alt: `Preview of ${key}` }));
    else if (type.startsWith("audio/") || type.startsWith("video/")) box.append(mediaPlayer(type, url, key));
    else box.append(el("iframe", { src: url, title: `PDF ${key}` }));
    return box;
  }
  const cap = isText ? TEXT_CAP : HEX_CAP;
  if (size === 0) {
    box.append(el("p", { class: "muted" }, "Empty object."));
    return box;
  }
  const resp = await s3("GET", { bucket, key, headers: { range: `bytes=0-${cap - 1}` },
    what: "Reading the preview" });
  const bytes = new Uint8Array(await resp.arrayBuffer());
  const cut = size > cap ? el("p", { class: "muted" }, `First ${humanSize(cap)} of ${humanSize(size)} shown.`) : "";
  if (isText) {
    let text = new TextDecoder().decode(bytes);
    if (isJson && size <= cap) {
      try {
        text = JSON.stringify(JSON.parse(text), null, 2);
      } catch { /* shown as it is */ }
    }
    box.append(el("pre", { class: "mono", tabindex: 0, "aria-label": "Text preview" }, text), cut);
  } else {
    box.append(el("pre", { class: "mono hex", tabindex: 0, "aria-label": "Hex view" }, hexDump(bytes)), cut);
  }
  return box;
}

function kvEditor(id, pairs, label) {
  const rows = el("div", { class: "kv-rows" });
  const add = (k = "", v = "") => {
    rows.querySelector("p.muted")?.remove();
    const n = rows.querySelectorAll(".kv").length + 1;
    const name = el("input", { type: "text", value: k, "aria-label": `${label} ${n} name`, class: "kv-name" });
    const value = el("input", { type: "text", value: v, "aria-label": `${label} ${n} value`, class: "kv-value" });
    const line = el("div", { class: "kv" }, name, value,
      el("button", { type: "button", class: "btn", "aria-label": `Remove ${label} ${n}`,
        onclick: () => line.remove() }, "Remove"));
    rows.append(line);
  };
  pairs.forEach(([k, v]) => add(k, v));
  const none = el("p", { class: "muted" }, `No ${label === "tag" ? "tags" : label}.`);
  if (pairs.length === 0) rows.append(none);
  const read = () => [...rows.querySelectorAll(".kv")].map((line) => [
    line.querySelector(".kv-name").value.trim(), line.querySelector(".kv-value").value,
  ]).filter(([k]) => k);
  return { node: el("div", { id }, rows, el("button", { type: "button", class: "btn",
    onclick: () => add() }, `Add ${label}`)), read };
}

export async function render(container, { bucket, key }) {
  const resp = await s3("HEAD", { bucket, key, headers: { "x-amz-checksum-mode": "ENABLED" },
    what: `Reading ${key}` });
  const head = resp.headers;
  const tagDoc = await s3Xml("GET", { bucket, key, query: { tagging: "" }, what: "Reading the tags" });
  const tags = [...tagDoc.getElementsByTagName("Tag")].map((t) => [
    t.getElementsByTagName("Key")[0]?.textContent ?? "", t.getElementsByTagName("Value")[0]?.textContent ?? ""]);
  const metadata = [];
  head.forEach((value, name) => {
    if (name.startsWith("x-amz-meta-")) metadata.push([name.slice(11), value]);
  });
  const checksums = [];
  head.forEach((value, name) => {
    if (name.startsWith("x-amz-checksum-") && name !== "x-amz-checksum-type") checksums.push([name.slice(15).toUpperCase(), value]);
  });

  const props = [
    ["Size", `${humanSize(Number(head.get("content-length")))} (${head.get("content-length")} bytes)`],
    ["Last modified", formatDate(head.get("last-modified"))],
    ["ETag", head.get("etag")],
    ...checksums.map(([a, v]) => [`Checksum ${a}`, v]),
    ["Checksum type", head.get("x-amz-checksum-type")],
    ["Content-Type", head.get("content-type")],
    ["Content-Disposition", head.get("content-disposition")],
    ["Content-Encoding", head.get("content-encoding")],
    ["Cache-Control", head.get("cache-control")],
    ["Storage class", head.get("x-amz-storage-class") || "STANDARD"],
    ["Server-side encryption", head.get("x-amz-server-side-encryption")],
    ["Parts", head.get("x-amz-mp-parts-count")],
  ].filter(([, v]) => v);

  const metaEd = kvEditor("meta-editor", metadata, "metadata");
  const tagEd = kvEditor("tag-editor", tags, "tag");

  const saveMeta = el("button", { type: "button", class: "btn primary" }, "Save metadata");
  saveMeta.addEventListener("click", async () => {
    // S3 changes metadata only by copying the object onto itself with REPLACE, which also
    // replaces the content headers: they are sent again as they are.
    const headers = { "x-amz-copy-source": copySource(bucket, key),
      "x-amz-metadata-directive": "REPLACE" };
    for (const h of ["content-type", "content-disposition", "content-encoding", "cache-control",
      "content-language", "expires"]) {
      if (head.get(h)) headers[h] = head.get(h);
    }
    for (const [k, v] of metaEd.read()) headers[`x-amz-meta-${k.toLowerCase()}`] = v;
    try {
      await s3("PUT", { bucket, key, headers, what: "Saving the metadata" });
      notify("Metadata saved.");
      go(link.object(bucket, key));
    } catch (err) {
      notify(describeError(err), "error");
    }
  });
  const saveTags = el("button", { type: "button", class: "btn primary" }, "Save tags");
  saveTags.addEventListener("click", async () => {
    const esc = (s) => s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
    const body = `<Tagging><TagSet>${tagEd.read().map(([k, v]) =>
      `<Tag><Key>${esc(k)}</Key><Value>${esc(v)}</Value></Tag>`).join("")}</TagSet></Tagging>`;
    try {
      await s3("PUT", { bucket, key, query: { tagging: "" }, body,
        headers: { "x-amz-checksum-sha256": await sha256Base64(body) }, what: "Saving the tags" });
      notify("Tags saved.");
    } catch (err) {
      notify(describeError(err), "error");
    }
  });

  const name = key.split("/").filter(Boolean).pop() ?? key;
  const download = el("a", { class: "btn", href: await signedUrl(bucket, key, {
    "response-content-disposition": `attachment; filename*=UTF-8''${encodeURIComponent(name)}` }),
  download: name }, "Download");

  async function copyTo({ move }) {
    const destBucket = el("input", { type: "text", id: "dest-bucket", value: bucket });
    const destKey = el("input", { type: "text", id: "dest-key", value: key });
    const ok = await confirmDialog(move ? "Rename (copy, then delete this one) to:" : "Copy to:", {
      confirmLabel: move ? "Rename" : "Copy",
      extra: el("div", { class: "toolbar" },
        el("label", { for: "dest-bucket" }, "Bucket", destBucket),
        el("label", { for: "dest-key", class: "grow" }, "Key", destKey)),
    });
    const b = destBucket.value.trim();
    const k = destKey.value;
    if (!ok || !b || !k) return;
    if (b === bucket && k === key) return notify("That is this object's own name.", "error");
    try {
      await s3("PUT", { bucket: b, key: k, headers: { "x-amz-copy-source": copySource(bucket, key) },
        what: move ? "Renaming" : "Copying" });
      if (move) await s3("DELETE", { bucket, key, what: "Deleting the old name" });
      notify(move ? `Renamed to ${b}/${k}.` : `Copied to ${b}/${k}.`);
      go(link.object(b, k));
    } catch (err) {
      notify(describeError(err), "error");
    }
  }
  const remove = async () => {
    if (!await confirmDialog(`Delete ${key}?`, { confirmLabel: "Delete", danger: true })) return;
    try {
      await s3("DELETE", { bucket, key, what: `Deleting ${key}` });
      notify(`Deleted ${key}.`);
      const parent = key.slice(0, key.lastIndexOf("/", key.length - 2) + 1);
      go(link.browser(bucket, parent));
    } catch (err) {
      notify(describeError(err), "error");
    }
  };

  const parent = key.slice(0, key.lastIndexOf("/", key.length - 2) + 1);
  const previewCard = el("section", { class: "card", "aria-labelledby": "preview-title" },
    el("h2", { id: "preview-title" }, "Preview"), el("p", { class: "muted" }, "Loading…"));
  container.append(
    el("nav", { class: "breadcrumbs", "aria-label": "Breadcrumbs" }, el("ol", {},
      el("li", {}, el("a", { href: link.buckets() }, "Buckets")),
      el("li", {}, el("a", { href: link.browser(bucket, parent) }, parent ? `${bucket}/${parent}` : bucket)),
      el("li", {}, el("span", { "aria-current": "page" }, name)))),
    el("h1", {}, key),
    el("div", { class: "toolbar" }, download,
      el("button", { type: "button", class: "btn", onclick: () => copyTo({ move: false }) }, "Copy"),
      el("button", { type: "button", class: "btn", onclick: () => copyTo({ move: true }) }, "Rename"),
      el("a", { class: "btn", href: link.share(bucket, key) }, "Share"),
      el("button", { type: "button", class: "btn danger", onclick: remove }, "Delete")),
    el("div", { class: "cards" },
      el("section", { class: "card", "aria-labelledby": "props-title" },
        el("h2", { id: "props-title" }, "Properties"),
        el("dl", { class: "props", id: "props" }, props.map(([k, v]) => [el("dt", {}, k), el("dd", {}, v)]))),
      previewCard,
      el("section", { class: "card", "aria-labelledby": "meta-title" },
        el("h2", { id: "meta-title" }, "User metadata"), metaEd.node,
        el("div", { class: "actions" }, saveMeta)),
      el("section", { class: "card", "aria-labelledby": "tags-title" },
        el("h2", { id: "tags-title" }, "Tags"), tagEd.node, el("div", { class: "actions" }, saveTags))));
  try {
    previewCard.replaceChildren(previewCard.firstChild, await preview(bucket, key, head));
  } catch (err) {
    previewCard.replaceChildren(previewCard.firstChild, el("p", { class: "error" }, describeError(err)));
  }
}
