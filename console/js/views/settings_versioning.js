// The versioning card of the bucket settings view: the bucket's state in words and the
// Enabled/Suspended toggle, with GetBucketVersioning and PutBucketVersioning through S3.
// Tested against the `versioning` branch merged (tests/browser/console_settings.test.mjs).
import { describeError, s3, s3Xml } from "../api.js";
import { el } from "../dom.js";
import { sha256Base64 } from "../s3util.js";

const NS = "http://s3.amazonaws.com/doc/2006-03-01/";

const MEANING = {
  "": "Never enabled: each key holds one object; an overwrite or a delete loses the old one.",
  Enabled: "Enabled: every overwrite and delete keeps the previous version (a delete adds a " +
    "delete marker).",
  Suspended: "Suspended: new writes replace the null version; versions made while it was " +
    "enabled are kept.",
};

async function readStatus(bucket) {
  const doc = await s3Xml("GET", { bucket, query: { versioning: "" }, what: "GetBucketVersioning" });
  return doc.getElementsByTagName("Status")[0]?.textContent ?? "";
}

// The card, or null on a server without versioning (GetBucketVersioning answers 501
// NotImplemented there: no toggle that could only fail).
export async function versioningCard(bucket) {
  let status;
  try {
    status = await readStatus(bucket);
  } catch (e) {
    if (e.status === 501) return null;
    throw e;
  }
  const state = el("p", { id: "versioning-state" });
  const note = el("p", { class: "muted", role: "status", id: "settings-versioning-status" });
  const error = el("p", { class: "error", role: "alert", id: "settings-versioning-error", hidden: true });
  const toggle = el("button", { type: "button", class: "btn primary", id: "versioning-toggle" });
  const show = () => {
    state.textContent = MEANING[status] ?? `Status: ${status}`;
    toggle.textContent = status === "Enabled" ? "Suspend versioning" : "Enable versioning";
  };
  toggle.addEventListener("click", async () => {
    const next = status === "Enabled" ? "Suspended" : "Enabled";
    const body = `<VersioningConfiguration xmlns="${NS}"><Status>${next}</Status>` +
      "</VersioningConfiguration>";
    try {
      await s3("PUT", { bucket, query: { versioning: "" }, body, what: "PutBucketVersioning",
        headers: { "content-type": "application/xml",
          "x-amz-checksum-sha256": await sha256Base64(body) } });
      status = await readStatus(bucket);
      show();
      error.hidden = true;
      note.textContent = `Versioning is now ${status.toLowerCase()}.`;
    } catch (e) {
      error.textContent = describeError(e);
      error.hidden = false;
      note.textContent = "";
    }
  });
  show();
  return el("section", { class: "card settings-card", id: "settings-versioning",
    "aria-labelledby": "settings-versioning-title" },
  el("h2", { id: "settings-versioning-title" }, "Versioning"),
  el("p", { class: "hint" }, "Once enabled, versioning can only be suspended, never turned off."),
  state, el("div", { class: "actions" }, toggle), error, note);
}
