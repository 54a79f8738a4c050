// Requests: the journal of S3 exchanges, live (GET /_sandbox/requests long-polled with since= and
// wait=), filtered by bucket, key prefix, status and auth kind. Refused requests stand out; a
// row opens to show the diagnosis, and for SignatureDoesNotMatch the canonical request and
// string to sign the server computed from what arrived beside the ones the client signed (known
// when the Share view made the URL, or pasted from the SDK's debug log), differences marked.
import { el } from "../dom.js";
import { control, ensureOpsStyles } from "../ops/control.js";
import { changedSpan, diffLines } from "../ops/diff.js";
import { findSigned } from "../ops/signed_store.js";
import { isBrowserNoise } from "../ops/browser_noise.js";

const AUTH_KINDS = ["sigv4-header", "sigv4-presigned", "sigv2-header", "sigv2-presigned",
  "post-policy", "anonymous"];
const MAX_ROWS = 500;
const WAIT_SECONDS = 25;

function statusClass(status) {
  if (status === 0) return "st-none";
  if (status >= 500) return "st-5xx";
  if (status >= 400) return "st-4xx";
  if (status >= 300) return "st-3xx";
  return "st-2xx";
}

function timeOf(iso) {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleTimeString([], { hour12: false });
}

// One side of a side-by-side diff: each line with its changed span marked.
function sideBySide(title, serverText, clientText) {
  const rows = diffLines(serverText, clientText);
  const cell = (text, other, side) => {
    if (text === null) return el("td", { class: "ops-diff-gap" }, "");
    const [pre, changed, post] = changedSpan(text, other);
    return el("td", { class: other === text ? "" : `ops-diff-${side}` },
      el("code", {}, pre, changed ? el("mark", {}, changed) : null, post));
  };
  const changedCount = rows.filter((r) => !r.same).length;
  return el("div", { class: "ops-diff" },
    el("h4", {}, title, " ", el("span", { class: changedCount ? "ops-bad" : "ops-ok" },
      changedCount ? `${changedCount} line${changedCount === 1 ? "" : "s"} differ`
        : "identical")),
    el("div", { class: "ops-scroll" }, el("table", { class: "ops-diff-table" },
      el("thead", {}, el("tr", {},
        el("th", { scope: "col" }, "Server computed (from what arrived)"),
        el("th", { scope: "col" }, "Client signed"))),
      el("tbody", {}, rows.map((r) => el("tr", { class: r.same ? "" : "ops-diff-row" },
        cell(r.left, r.right, "server"), cell(r.right, r.left, "client")))))));
}

function signatureDetail(entry) {
  const server = entry.auth?.canonical_request ?? "";
  const serverSts = entry.auth?.string_to_sign ?? "";
  const area = el("div", { class: "ops-sig" });
  const known = findSigned(entry.path);
  const paste = el("textarea", { rows: 6, spellcheck: "false", id: `paste-${entry.id}`,
    placeholder: "GET\n/bucket/key\nX-Amz-Algorithm=...\nhost:localhost:9000\n\nhost\nUNSIGNED-PAYLOAD" });
  const show = (clientCr, clientSts, source) => {
    area.replaceChildren(
      el("p", { class: "muted" }, source),
      server ? sideBySide("Canonical request", server, clientCr ?? "") : null,
      clientSts || serverSts ? sideBySide("String to sign", serverSts, clientSts ?? "") : null);
  };
  if (known) {
    show(known.canonicalRequest, known.stringToSign,
      "The client side is what the Share view signed for this URL.");
  } else if (server) {
    area.append(el("pre", { class: "ops-pre", "aria-label": "Canonical request the server computed" }, server));
  }
  const compare = el("form", { class: "ops-form", onsubmit: (e) => {
    e.preventDefault();
    const text = paste.value.replace(/\r\n/g, "\n").trim();
    show(text, "", "The client side is what you pasted.");
  } },
  el("label", { for: paste.id }, "Compare with the canonical request your client logged " +
    "(boto3: boto3.set_stream_logger('botocore'); aws-sdk-js: a logger)"),
  paste, el("div", { class: "ops-actions" }, el("button", { type: "submit" }, "Compare")));
  return [area, server ? compare : null];
}

function detail(entry) {
  const a = entry.auth ?? {};
  const facts = [
    ["Request", `${entry.method} ${entry.path}`], ["Host", entry.host],
    ["Operation", entry.operation], ["Bucket", entry.bucket], ["Key", entry.key],
    ["Status", entry.status || "no response (the client went away)"],
    ["Error", entry.error_code], ["Auth", a.kind], ["Access key", a.access_key],
    ["Signed headers", (a.signed_headers ?? []).join(", ")], ["Verdict", a.verdict],
    ["Expires", a.expires ? `${a.expires} (${a.seconds_left}s left when it arrived)` : null],
    ["CORS origin", entry.cors?.origin], ["Fault", entry.fault],
    ["Bytes in / out", `${entry.bytes_in} / ${entry.bytes_out}`],
    ["Duration", `${entry.duration_ms} ms`], ["User agent", entry.user_agent],
  ].filter(([, v]) => v !== null && v !== undefined && v !== "");
  return el("div", { class: "ops-detail" },
    entry.diagnosis ? el("div", { class: "ops-diagnosis", dataset: { diagnosis: "" } },
      el("strong", {}, "Why: "), entry.diagnosis) : null,
    el("dl", { class: "ops-dl" }, facts.map(([k, v]) => [el("dt", {}, k), el("dd", {}, String(v))])),
    entry.error_code === "SignatureDoesNotMatch" ? signatureDetail(entry) : null);
}

export async function render(container) {
  ensureOpsStyles();
  const bucket = el("input", { id: "req-bucket", autocomplete: "off" });
  const key = el("input", { id: "req-key", autocomplete: "off" });
  const status = el("select", { id: "req-status" },
    [["", "any"], ["2xx", "2xx success"], ["3xx", "3xx"], ["4xx", "4xx refused"],
      ["5xx", "5xx server error"], ["403", "403"], ["404", "404"]]
      .map(([v, t]) => el("option", { value: v }, t)));
  const auth = el("select", { id: "req-auth" }, el("option", { value: "" }, "any"),
    AUTH_KINDS.map((k) => el("option", { value: k }, k)));
  const hideConsole = el("input", { type: "checkbox", id: "req-hide-console" });
  // Browser noise (ops/browser_noise.js: a tab's own /favicon.ico fetch) is hidden by default.
  const showNoise = el("input", { type: "checkbox", id: "req-show-noise" });
  const noiseCount = el("span", { class: "muted", dataset: { noiseCount: "0" } }, "");
  const live = el("span", { class: "ops-live", role: "status" }, "Connecting…");
  const pause = el("button", { type: "button", "aria-pressed": "false" }, "Pause");
  const clear = el("button", { type: "button" }, "Clear the journal");
  const tbody = el("tbody");
  const empty = el("p", { class: "muted" }, "No request matches yet. Requests appear here as " +
    "they arrive.");
  const table = el("table", { class: "ops-table ops-requests ops-hide-noise",
    "aria-label": "Requests, newest first" },
    el("thead", {}, el("tr", {}, ["Time", "Method", "Operation", "Bucket / key", "Status",
      "Error", "Auth"].map((h) => el("th", { scope: "col" }, h)))), tbody);

  let since = null;
  let generation = 0;
  let paused = false;
  let controller = null;
  let gone = false;
  const open = new Set();

  const query = () => {
    const p = new URLSearchParams();
    if (bucket.value.trim()) p.set("bucket", bucket.value.trim());
    if (key.value) p.set("key", key.value);
    if (status.value) p.set("status", status.value);
    if (auth.value) p.set("auth", auth.value);
    return p;
  };

  const addEntries = (entries) => {
    for (const entry of entries) {
      const refused = entry.status >= 400 || entry.status === 0;
      // The console's own S3 calls sign x-s3sandbox-console (docs/console.md).
      const fromConsole = (entry.auth?.signed_headers ?? []).includes("x-s3sandbox-console");
      const noise = isBrowserNoise(entry);
      const id = `req-detail-${entry.id}`;
      const toggle = el("button", { type: "button", class: "ops-row-toggle",
        "aria-expanded": "false", "aria-controls": id }, timeOf(entry.time));
      const row = el("tr", { class: `ops-req ${refused ? "ops-refused" : ""} ${fromConsole ? "ops-console" : ""} ${noise ? "ops-noise" : ""}`,
        dataset: { id: entry.id, status: entry.status, code: entry.error_code ?? "" } },
      el("td", {}, toggle), el("td", {}, entry.method), el("td", {}, entry.operation ?? "—"),
      el("td", { class: "ops-wrap" }, [entry.bucket, entry.key].filter(Boolean).join(" / ") || "—"),
      el("td", {}, el("span", { class: `ops-status ${statusClass(entry.status)}` },
        entry.status || "—")),
      el("td", {}, entry.error_code ?? ""), el("td", {}, entry.auth?.kind ?? "",
        fromConsole ? el("span", { class: "ops-tag" }, "console") : null,
        noise ? el("span", { class: "ops-tag" }, "browser noise") : null));
      const detailRow = el("tr", { class: `ops-detail-row ${fromConsole ? "ops-console" : ""} ${noise ? "ops-noise" : ""}`, id,
        hidden: true },
        el("td", { colspan: 7 }));
      const flip = () => {
        const opening = detailRow.hidden;
        if (opening && !detailRow.firstChild.firstChild) detailRow.firstChild.append(detail(entry));
        detailRow.hidden = !opening;
        toggle.setAttribute("aria-expanded", String(opening));
        if (opening) open.add(entry.id);
        else open.delete(entry.id);
      };
      toggle.addEventListener("click", flip);
      row.addEventListener("click", (e) => {
        if (e.target.closest("button, a, input, textarea")) return;
        flip();
      });
      tbody.prepend(detailRow);
      tbody.prepend(row);
    }
    while (tbody.rows.length > MAX_ROWS * 2) tbody.lastElementChild.remove();
    empty.hidden = tbody.rows.length > 0;
    countNoise();
  };

  // How many rows the noise toggle hides, so that hiding is never silent.
  const countNoise = () => {
    const n = tbody.querySelectorAll("tr.ops-req.ops-noise").length;
    noiseCount.dataset.noiseCount = String(n);
    noiseCount.textContent = n ? `(${n} hidden)` : "";
    noiseCount.hidden = showNoise.checked || n === 0;
    // Rows all hidden as noise: the view still says nothing (of yours) arrived yet.
    const rows = tbody.querySelectorAll("tr.ops-req").length;
    empty.hidden = rows - (showNoise.checked ? 0 : n) > 0;
  };

  const loop = async (mine) => {
    while (!gone && mine === generation) {
      if (paused) {
        live.textContent = "Paused";
        return;
      }
      controller = new AbortController();
      const p = query();
      if (since === null) p.set("limit", "200");
      else {
        p.set("since", String(since));
        p.set("wait", String(WAIT_SECONDS));
      }
      try {
        const page = await control("GET", `requests?${p}`, undefined, { signal: controller.signal });
        if (mine !== generation || gone) return;
        since = page.next_since;
        addEntries(page.requests ?? []);
        live.textContent = "Live: waiting for requests";
        live.dataset.state = "live";
      } catch (err) {
        if (err.name === "AbortError" || mine !== generation || gone) return;
        live.textContent = `Disconnected (${err.message}); retrying…`;
        live.dataset.state = "error";
        await new Promise((r) => setTimeout(r, 2000));
      }
    }
  };

  const restart = () => {
    generation++;
    controller?.abort();
    since = null;
    tbody.replaceChildren();
    empty.hidden = false;
    countNoise();
    loop(generation);
  };

  let debounce = null;
  for (const input of [bucket, key]) {
    input.addEventListener("input", () => {
      clearTimeout(debounce);
      debounce = setTimeout(restart, 300);
    });
  }
  for (const select of [status, auth]) select.addEventListener("change", restart);
  hideConsole.addEventListener("change", () =>
    table.classList.toggle("ops-hide-console", hideConsole.checked));
  showNoise.addEventListener("change", () => {
    table.classList.toggle("ops-hide-noise", !showNoise.checked);
    countNoise();
  });
  pause.addEventListener("click", () => {
    paused = !paused;
    pause.textContent = paused ? "Resume" : "Pause";
    pause.setAttribute("aria-pressed", String(paused));
    if (!paused) {
      generation++;
      loop(generation);
    } else {
      generation++;
      controller?.abort();
      live.textContent = "Paused";
      live.dataset.state = "paused";
    }
  });
  clear.addEventListener("click", async () => {
    await control("DELETE", "requests");
    restart();
  });

  const filters = el("form", { class: "ops-filters", "aria-label": "Filter requests",
    onsubmit: (e) => e.preventDefault() },
  el("div", { class: "ops-field" }, el("label", { for: bucket.id }, "Bucket"), bucket),
  el("div", { class: "ops-field" }, el("label", { for: key.id }, "Key starts with"), key),
  el("div", { class: "ops-field" }, el("label", { for: status.id }, "Status"), status),
  el("div", { class: "ops-field" }, el("label", { for: auth.id }, "Auth"), auth),
  el("div", { class: "ops-check" }, hideConsole,
    el("label", { for: hideConsole.id }, "Hide the console's own requests")),
  el("div", { class: "ops-check" }, showNoise,
    el("label", { for: showNoise.id, title: "Requests a browser tab makes on its own, such as " +
      "/favicon.ico when a presigned URL is opened: S3 answers them too (NoSuchBucket)" },
    "Show browser noise (favicon fetches)"), noiseCount));

  container.append(
    el("h1", {}, "Requests"),
    el("p", { class: "muted" }, "Every S3 request the sandbox answered, newest first, live. " +
      "Refused ones are highlighted: open a row to see why."),
    filters,
    el("div", { class: "ops-actions" }, live, pause, clear),
    empty,
    el("div", { class: "ops-scroll" }, table));
  loop(generation);
  return () => {
    gone = true;
    generation++;
    controller?.abort();
  };
}
