// Share: presigned URLs made by the server with its configured credential (POST
// /_sandbox/presign: the secret never reaches the page), with a copy button, a ready-to-run curl
// command and, for uploads, exactly what the uploader must send; and a paste box that explains
// any presigned URL (POST /_sandbox/explain).
import { el } from "../dom.js";
import { control, copyText, ensureOpsStyles } from "../ops/control.js";
import { rememberSigned } from "../ops/signed_store.js";

const OVERRIDES = [
  ["content-type", "Content-Type"],
  ["content-disposition", "Content-Disposition"],
  ["cache-control", "Cache-Control"],
  ["content-language", "Content-Language"],
  ["content-encoding", "Content-Encoding"],
  ["expires", "Expires"],
];

let uid = 0;
function field(label, input, hint) {
  const id = input.id || `share-${++uid}`;
  input.id = id;
  const hintId = hint ? `${id}-hint` : null;
  if (hintId) input.setAttribute("aria-describedby", hintId);
  return el("div", { class: "ops-field" }, el("label", { for: id }, label), input,
    hint ? el("small", { id: hintId, class: "muted" }, hint) : null);
}

function copyRow(label, text, name) {
  const status = el("span", { class: "ops-copied", role: "status" });
  const id = `share-out-${name}`;
  return el("div", { class: "ops-output" },
    el("label", { for: id }, label),
    el("textarea", { id, readonly: true, rows: Math.min(6, Math.ceil(text.length / 90) + 1),
      spellcheck: "false", dataset: { out: name } }, text),
    el("div", { class: "ops-actions" },
      el("button", { type: "button", onclick: async () => {
        status.textContent = (await copyText(text)) ? "Copied" : "Copy failed: select and copy";
      } }, `Copy ${label.toLowerCase()}`), status));
}

function renderResult(out, r) {
  const parts = [el("h2", {}, "Result")];
  parts.push(el("p", {}, `${r.method} · ${r.signature === "v4" ? "SigV4" : "SigV2"} · access key `,
    el("code", {}, r.access_key), ` · valid until ${new Date(r.expires).toLocaleString()}`,
    " (sandbox clock)"));
  parts.push(copyRow("URL", r.url, "url"));
  parts.push(copyRow("curl command", r.curl, "curl"));
  if (r.method === "PUT") {
    const headers = Object.entries(r.headers ?? {});
    parts.push(el("div", { class: "ops-note", dataset: { note: "put-headers" } },
      el("h3", {}, "What the uploader must send"),
      headers.length
        ? [el("p", {}, "These headers are part of the signature. Send each one with exactly this " +
            "value, or S3 answers 403 SignatureDoesNotMatch:"),
          el("ul", {}, headers.map(([n, v]) => el("li", {}, el("code", {}, `${n}: ${v}`))))]
        : el("p", {}, "No header is signed besides Host: any Content-Type may be sent. Sign one " +
            "to make uploaders send exactly it."),
      el("p", { class: "muted" }, "A browser fetch(url, {method: \"PUT\", body: file}) adds the " +
        "file's type as Content-Type; pass the body as a Blob of the signed type to match.")));
  }
  if (r.method === "POST") {
    parts.push(el("div", { class: "ops-note" },
      el("h3", {}, "Form fields (send them before the file field)"),
      el("table", { class: "ops-table" },
        el("thead", {}, el("tr", {}, el("th", { scope: "col" }, "Field"),
          el("th", { scope: "col" }, "Value"))),
        el("tbody", {}, r.fields.map(([n, v]) =>
          el("tr", {}, el("td", {}, el("code", {}, n)), el("td", { class: "ops-wrap" }, v))))),
      el("details", {}, el("summary", {}, "Policy document"),
        el("pre", { class: "ops-pre" }, JSON.stringify(JSON.parse(r.policy), null, 2)))));
  }
  if (r.canonical_request || r.string_to_sign) {
    parts.push(el("details", {}, el("summary", {}, "What was signed"),
      r.canonical_request ? [el("h3", {}, "Canonical request"),
        el("pre", { class: "ops-pre" }, r.canonical_request)] : null,
      el("h3", {}, "String to sign"), el("pre", { class: "ops-pre" }, r.string_to_sign)));
  }
  out.replaceChildren(...parts);
}

function renderExplanation(out, x) {
  const v = x.verdict ?? {};
  const ok = x.usable === true && !v.error;
  const rows = [
    ["Operation", x.target?.operation], ["Bucket", x.target?.bucket], ["Key", x.target?.key],
    ["Signature", `${x.signature?.version ?? "?"}${x.signature?.access_key ? `, key ${x.signature.access_key}` : ""}`],
    ["Valid for methods", (x.method?.valid_for ?? []).join(", ")],
    ["Signed at", x.time?.signed_at], ["Expires at", x.time?.expires_at],
    ["Seconds left", x.time?.remaining_seconds],
    ["Headers to send", (x.signed_headers ?? []).filter((h) => h.must_send)
      .map((h) => `${h.name}${h.value ? `: ${h.value}` : ""}`).join("; ")],
  ].filter(([, value]) => value !== null && value !== undefined && value !== "");
  out.replaceChildren(
    el("p", { class: ok ? "ops-ok" : "ops-bad", dataset: { verdict: ok ? "ok" : "refused" } },
      ok ? `S3 would accept this URL (${v.method ?? x.method?.given ?? "as signed"}).`
        : v.error ? `S3 would refuse it: ${v.error.code}. ${v.error.message ?? ""}`
          : "Not usable as given: see the findings below."),
    v.error?.diagnosis ? el("p", { class: "ops-diagnosis" }, v.error.diagnosis) : null,
    el("dl", { class: "ops-dl" }, rows.map(([k, value]) => [el("dt", {}, k), el("dd", {}, String(value))])),
    (x.findings ?? []).length
      ? el("ul", { class: "ops-findings" }, x.findings.map((f) =>
        el("li", { class: `sev-${f.severity}` }, el("strong", {}, `${f.severity}: `), f.message)))
      : null);
}

export async function render(container, params = {}) {
  ensureOpsStyles();
  const q = params.query ?? {};
  const bucket = el("input", { name: "bucket", required: true, autocomplete: "off",
    value: q.bucket ?? "" });
  const key = el("input", { name: "key", autocomplete: "off", value: q.key ?? "" });
  const method = el("select", { name: "method" },
    el("option", { value: "GET" }, "GET (download)"),
    el("option", { value: "PUT" }, "PUT (upload)"),
    el("option", { value: "POST" }, "POST form (browser upload)"));
  const expires = el("select", { name: "expires" },
    [[60, "1 minute"], [900, "15 minutes"], [3600, "1 hour"], [86400, "1 day"],
      [604800, "7 days (SigV4's maximum)"]].map(([s, t]) =>
      el("option", { value: s, selected: s === 3600 }, t)));
  const sigv4 = el("input", { type: "radio", name: "signature", value: "v4", checked: true,
    id: "share-sig-v4" });
  const sigv2 = el("input", { type: "radio", name: "signature", value: "v2", id: "share-sig-v2" });
  const contentType = el("input", { name: "content_type", autocomplete: "off",
    placeholder: "image/png" });
  const disposition = el("input", { name: "content_disposition", autocomplete: "off",
    placeholder: "attachment; filename=\"photo.png\"" });
  const overrideInputs = OVERRIDES.map(([name, label]) =>
    [name, field(`response-${name}`, el("input", { name: `response-${name}`, autocomplete: "off",
      placeholder: label === "Content-Type" ? "text/plain" : "" }))]);
  const uploadBox = el("fieldset", { class: "ops-fieldset", dataset: { for: "upload" } },
    el("legend", {}, "Headers to sign (the uploader must send them)"),
    field("Content-Type", contentType), field("Content-Disposition", disposition));
  const downloadBox = el("fieldset", { class: "ops-fieldset", dataset: { for: "download" } },
    el("legend", {}, "Response overrides (response-* parameters)"),
    el("div", { class: "ops-grid" }, overrideInputs.map(([, f]) => f)));
  const error = el("p", { class: "error", role: "alert", hidden: true });
  const result = el("section", { class: "ops-result", "aria-live": "polite",
    "aria-label": "Presigned result" });

  const sync = () => {
    const upload = method.value !== "GET";
    uploadBox.hidden = !upload;
    downloadBox.hidden = upload;
    key.required = method.value !== "POST";
  };
  method.addEventListener("change", sync);

  const form = el("form", { class: "ops-form", "aria-label": "Presigned URL generator",
    onsubmit: async (e) => {
      e.preventDefault();
      error.hidden = true;
      const body = {
        bucket: bucket.value.trim(), key: key.value, method: method.value,
        expires: Number(expires.value), signature: sigv2.checked ? "v2" : "v4",
      };
      if (method.value !== "GET") {
        body.content_type = contentType.value.trim();
        body.content_disposition = disposition.value.trim();
      } else {
        body.response = {};
        for (const [name, f] of overrideInputs) {
          const v = f.querySelector("input").value.trim();
          if (v) body.response[name] = v;
        }
      }
      try {
        const r = await control("POST", "presign", body);
        rememberSigned(r.url, r.canonical_request, r.string_to_sign);
        renderResult(result, r);
        result.querySelector("textarea")?.focus();
      } catch (err) {
        error.textContent = err.message;
        error.hidden = false;
        result.replaceChildren();
      }
    } },
  el("div", { class: "ops-grid" },
    field("Bucket", bucket), field("Key", key, "For a POST form, a key ending in ${filename} " +
      "lets the uploader choose the file name."),
    field("Method", method), field("Expires in", expires)),
  el("fieldset", { class: "ops-fieldset ops-inline" }, el("legend", {}, "Signature version"),
    el("label", { for: "share-sig-v4" }, sigv4, " SigV4"),
    el("label", { for: "share-sig-v2" }, sigv2, " SigV2 (legacy)")),
  uploadBox, downloadBox,
  el("div", { class: "ops-actions" }, el("button", { type: "submit", class: "primary" },
    "Generate presigned URL")),
  error);
  sync();

  const pasted = el("textarea", { id: "share-explain-url", rows: 3, spellcheck: "false",
    placeholder: "http://localhost:9000/bucket/key?X-Amz-Algorithm=..." });
  const pastedMethod = el("select", { id: "share-explain-method" },
    el("option", { value: "" }, "as signed"), ["GET", "PUT", "HEAD", "DELETE", "POST"]
      .map((m) => el("option", { value: m }, m)));
  const explained = el("div", { "aria-live": "polite", class: "ops-explained" });
  const explainForm = el("form", { class: "ops-form", "aria-label": "Explain a URL",
    onsubmit: async (e) => {
      e.preventDefault();
      try {
        const body = { url: pasted.value.trim() };
        if (pastedMethod.value) body.method = pastedMethod.value;
        renderExplanation(explained, await control("POST", "explain", body));
      } catch (err) {
        explained.replaceChildren(el("p", { class: "error", role: "alert" }, err.message));
      }
    } },
  field("Presigned URL", pasted),
  el("div", { class: "ops-grid" }, field("Used with method", pastedMethod)),
  el("div", { class: "ops-actions" }, el("button", { type: "submit" }, "Explain")),
  explained);

  container.append(
    el("h1", {}, "Share"),
    el("p", { class: "muted" }, "Presigned URLs are signed by the sandbox with its configured " +
      "credential; the secret key never reaches this page. Times are the sandbox clock's."),
    form, result,
    el("h2", {}, "Explain a URL"),
    el("p", { class: "muted" }, "Paste any presigned URL: who signed it, for what, until when, " +
      "and whether S3 would accept it now."),
    explainForm);
}
