// A bucket's CORS rules in the Sandbox controls view: the XML S3 takes, edited as text and saved
// with PutBucketCors through S3 itself (the shell's s3(): presigned by the console API, so the
// change goes through the application and the request journal like any client's). XML that does
// not parse is shown inline before anything is sent; S3's refusal (MalformedXML, InvalidRequest
// and s3sandbox's diagnosis) is shown inline too.
import { s3 } from "../api.js";
import { el } from "../dom.js";

const EXAMPLE = `<CORSConfiguration>
  <CORSRule>
    <AllowedOrigin>http://localhost:3000</AllowedOrigin>
    <AllowedMethod>GET</AllowedMethod>
    <AllowedMethod>PUT</AllowedMethod>
    <AllowedHeader>*</AllowedHeader>
    <ExposeHeader>ETag</ExposeHeader>
    <MaxAgeSeconds>3000</MaxAgeSeconds>
  </CORSRule>
</CORSConfiguration>`;

// "" when well-formed, else the parser's complaint (with its line).
export function xmlProblem(text) {
  const doc = new DOMParser().parseFromString(text, "application/xml");
  const error = doc.querySelector("parsererror");
  if (!error) return doc.documentElement.nodeName === "CORSConfiguration" ? ""
    : `The document's root must be <CORSConfiguration>, not <${doc.documentElement.nodeName}>.`;
  const detail = error.querySelector("div")?.textContent ?? error.textContent;
  return `Not well-formed XML: ${detail.trim()}`;
}

async function sha256Base64(text) {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return btoa(String.fromCharCode(...new Uint8Array(digest)));
}

export function corsSection() {
  const bucket = el("input", { id: "cors-bucket", autocomplete: "off", required: true });
  const xml = el("textarea", { id: "cors-xml", rows: 12, spellcheck: "false",
    "aria-describedby": "cors-problem" });
  const problem = el("p", { id: "cors-problem", class: "error", role: "alert", hidden: true });
  const status = el("p", { role: "status", class: "muted" });
  const say = (text, bad = false) => {
    problem.textContent = bad ? text : "";
    problem.hidden = !bad;
    xml.setAttribute("aria-invalid", String(bad));
    status.textContent = bad ? "" : text;
  };
  const load = async () => {
    const name = bucket.value.trim();
    if (!name) return;
    try {
      const resp = await s3("GET", { bucket: name, query: { cors: "" },
        what: `Reading the CORS rules of ${name}` });
      xml.value = await resp.text();
      say(`Loaded the CORS rules of ${name}.`);
    } catch (err) {
      if (err.code === "NoSuchCORSConfiguration") {
        xml.value = EXAMPLE;
        say(`${name} has no CORS rules yet; an example is filled in.`);
      } else {
        say(err.message, true);
      }
    }
  };
  const save = async () => {
    const name = bucket.value.trim();
    const text = xml.value.trim();
    const local = xmlProblem(text);
    if (local) return say(local, true);
    try {
      await s3("PUT", { bucket: name, query: { cors: "" }, body: text,
        headers: { "Content-Type": "application/xml",
          "x-amz-checksum-sha256": await sha256Base64(text) },
        what: "PutBucketCors" });
      say(`Saved the CORS rules of ${name}.`);
    } catch (err) {
      say(err.message, true);
    }
  };
  const remove = async () => {
    const name = bucket.value.trim();
    try {
      await s3("DELETE", { bucket: name, query: { cors: "" }, what: "DeleteBucketCors" });
      xml.value = "";
      say(`Deleted the CORS rules of ${name}.`);
    } catch (err) {
      say(err.message, true);
    }
  };
  xml.addEventListener("input", () => {
    const local = xml.value.trim() ? xmlProblem(xml.value.trim()) : "";
    if (local) say(local, true);
    else if (!problem.hidden) say("");
  });
  return el("section", { class: "ops-card", "aria-labelledby": "h-cors" },
    el("h2", { id: "h-cors" }, "Bucket CORS rules"),
    el("p", { class: "muted" }, "Which web pages may call a bucket from the browser. Saved with " +
      "PutBucketCors, as an SDK would."),
    el("form", { class: "ops-inline-form", onsubmit: (e) => {
      e.preventDefault();
      load();
    } },
    el("div", { class: "ops-field" }, el("label", { for: bucket.id }, "Bucket for CORS rules"), bucket),
    el("button", { type: "submit" }, "Load rules")),
    el("div", { class: "ops-field" }, el("label", { for: xml.id }, "CORS configuration (XML)"), xml),
    problem,
    el("div", { class: "ops-actions" },
      el("button", { type: "button", class: "primary", onclick: save }, "Save rules"),
      el("button", { type: "button", onclick: remove }, "Delete rules")),
    status);
}
