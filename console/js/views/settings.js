// A bucket's settings (#/settings/BUCKET): who can reach it anonymously, in words; Block Public
// Access; the bucket policy (JSON, S3's MalformedPolicy shown inline); Object Ownership; the
// default encryption (and SSE-C blocking); versioning (settings_versioning.js); tags;
// notification targets. Every read and change is
// the S3 API (api.js s3(): presigned by the console API, so each shows in the request journal
// as a console action), exactly what an SDK would send.
import { control, describeError, s3, s3Xml } from "../api.js";
import { describeAccess, publicGrants } from "../bucket_access.js";
import { el } from "../dom.js";
import { link } from "../nav.js";
import { sha256Base64 } from "../s3util.js";
import { versioningCard } from "./settings_versioning.js";

const NS = "http://s3.amazonaws.com/doc/2006-03-01/";
const esc = (s) => String(s).replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
const textOf = (node, name) => node?.getElementsByTagName(name)[0]?.textContent ?? "";

// GET of a subresource; null when S3 says the bucket has none (404 NoSuch...).
async function getSub(bucket, sub, what) {
  try {
    return await s3Xml("GET", { bucket, query: { [sub]: "" }, what });
  } catch (e) {
    if (e.status === 404 && e.code !== "NoSuchBucket") return null;
    throw e;
  }
}

// PUT of a subresource document, with the integrity checksum S3 asks of bucket configurations.
async function putSub(bucket, sub, body, what, contentType = "application/xml") {
  await s3("PUT", { bucket, query: { [sub]: "" }, body, what,
    headers: { "content-type": contentType, "x-amz-checksum-sha256": await sha256Base64(body) } });
}

// A card with a status line (polite) and an error line (alert), both under its controls.
function card(id, title, intro, ...body) {
  const status = el("p", { class: "muted", role: "status", id: `${id}-status` });
  const error = el("p", { class: "error", role: "alert", id: `${id}-error`, hidden: true });
  const node = el("section", { class: "card settings-card", id, "aria-labelledby": `${id}-title` },
    el("h2", { id: `${id}-title` }, title), intro ? el("p", { class: "hint" }, intro) : null,
    ...body, error, status);
  const say = (text, bad = false) => {
    error.textContent = bad ? text : "";
    error.hidden = !bad;
    status.textContent = bad ? "" : text;
  };
  return { node, say };
}

// Runs a change, refreshes the access summary, then says what happened: the message comes last,
// so once it shows, everything on the page (the summary included) is up to date.
function action(say, done, refresh) {
  return async (fn, okText) => {
    try {
      await fn();
      await refresh?.();
      say(okText);
      return true;
    } catch (e) {
      say(describeError(e), true);
      return false;
    } finally {
      done?.();
    }
  };
}

const PAB = [
  ["BlockPublicAcls", "Block public ACLs", "Refuse new public ACLs on the bucket and its objects."],
  ["IgnorePublicAcls", "Ignore public ACLs", "Existing public ACLs grant nothing."],
  ["BlockPublicPolicy", "Block public policies", "Refuse a bucket policy that grants anyone access."],
  ["RestrictPublicBuckets", "Restrict public buckets",
    "A public policy allows only this account's principals."],
];

function pabCard(bucket, state, refresh) {
  const boxes = Object.fromEntries(PAB.map(([name]) =>
    [name, el("input", { type: "checkbox", id: `pab-${name}`, name,
      "aria-describedby": `pab-${name}-hint` })]));
  const { node, say } = card("settings-pab", "Block Public Access",
    "S3 turns all four on for a new bucket. Off, a public policy or ACL takes effect.",
    el("div", { class: "switches" }, PAB.map(([name, label, hint]) => el("div", { class: "switch" },
      el("label", { class: "inline", for: `pab-${name}` }, boxes[name], label),
      el("small", { class: "hint", id: `pab-${name}-hint` }, hint)))),
    el("div", { class: "actions" },
      el("button", { type: "button", class: "btn", onclick: () => act(async () => {
        await s3("DELETE", { bucket, query: { publicAccessBlock: "" }, what: "DeletePublicAccessBlock" });
      }, "Deleted the Block Public Access configuration: nothing is blocked.") }, "Delete configuration"),
      el("button", { type: "button", class: "btn primary", onclick: () => act(() => putSub(bucket,
        "publicAccessBlock", `<PublicAccessBlockConfiguration xmlns="${NS}">${PAB.map(([n]) =>
          `<${n}>${boxes[n].checked}</${n}>`).join("")}</PublicAccessBlockConfiguration>`,
        "PutPublicAccessBlock"), "Saved Block Public Access.") }, "Save Block Public Access")));
  const act = action(say, null, refresh);
  const show = (pab) => {
    for (const [name] of PAB) boxes[name].checked = Boolean(pab?.[name]);
    if (!pab) say("No configuration: nothing is blocked.");
  };
  show(state.pab);
  return { node, show };
}

const EXAMPLE_POLICY = (bucket) => JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Sid: "PublicRead", Effect: "Allow", Principal: "*", Action: "s3:GetObject",
    Resource: `arn:aws:s3:::${bucket}/public/*` }],
}, null, 2);

function policyCard(bucket, state, refresh) {
  const text = el("textarea", { id: "policy-json", rows: 14, spellcheck: "false", class: "mono",
    "aria-describedby": "settings-policy-error" });
  const statusLine = el("p", { id: "policy-public", class: "hint" });
  const { node, say } = card("settings-policy", "Bucket policy",
    "A JSON document S3 validates when it is saved (MalformedPolicy, shown here).",
    el("label", { for: "policy-json" }, "Policy (JSON)"), text, statusLine,
    el("div", { class: "actions" },
      el("button", { type: "button", class: "btn", onclick: () => {
        text.value = EXAMPLE_POLICY(bucket);
        text.focus();
      } }, "Insert an example"),
      el("button", { type: "button", class: "btn danger", onclick: () => act(async () => {
        await s3("DELETE", { bucket, query: { policy: "" }, what: "DeleteBucketPolicy" });
        text.value = "";
      }, "Deleted the bucket policy.") }, "Delete policy"),
      el("button", { type: "button", class: "btn primary", onclick: () => {
        const body = text.value.trim();
        try {
          JSON.parse(body);
        } catch (e) {
          text.setAttribute("aria-invalid", "true");
          say(`Not valid JSON: ${e.message}`, true);
          return;
        }
        act(() => putSub(bucket, "policy", body, "PutBucketPolicy", "application/json"),
          "Saved the bucket policy.");
      } }, "Save policy")));
  const act = action(say, () => text.setAttribute("aria-invalid",
    String(!node.querySelector('[role="alert"]').hidden)), refresh);
  text.addEventListener("input", () => text.removeAttribute("aria-invalid"));
  const show = (s) => {
    if (s.policyText !== null && s.policyText !== undefined && document.activeElement !== text) {
      text.value = s.policy ? JSON.stringify(s.policy, null, 2) : s.policyText;
    }
    statusLine.textContent = s.policyText === null ? "No policy." : `S3's policy status: ${
      s.policyIsPublic ? "public (IsPublic true)" : "not public (IsPublic false)"}.`;
  };
  show(state);
  return { node, show };
}

const OWNERSHIP = [
  ["BucketOwnerEnforced", "Bucket owner enforced: ACLs off"],
  ["BucketOwnerPreferred", "Bucket owner preferred: ACLs on"],
  ["ObjectWriter", "Object writer: ACLs on"],
];

function ownershipCard(bucket, state, refresh) {
  const select = el("select", { id: "ownership" }, OWNERSHIP.map(([v, label]) =>
    el("option", { value: v }, label)));
  select.value = state.ownership;
  const { node, say } = card("settings-ownership", "Object Ownership",
    "Who owns uploaded objects, and whether ACLs count at all. S3's default: the bucket " +
    "owner, ACLs off.",
    el("label", { for: "ownership" }, "Owner of new objects", select),
    el("div", { class: "actions" }, el("button", { type: "button", class: "btn primary",
      onclick: () => act(() => putSub(bucket, "ownershipControls",
        `<OwnershipControls xmlns="${NS}"><Rule><ObjectOwnership>${select.value}</ObjectOwnership>` +
        "</Rule></OwnershipControls>", "PutBucketOwnershipControls"),
      "Saved Object Ownership.") }, "Save Object Ownership")));
  const act = action(say, null, refresh);
  return { node };
}

function encryptionCard(bucket, state) {
  const algorithm = el("select", { id: "sse-algorithm" },
    el("option", { value: "AES256" }, "SSE-S3 (AES256)"),
    el("option", { value: "aws:kms" }, "SSE-KMS (aws:kms)"),
    el("option", { value: "aws:kms:dsse" }, "DSSE-KMS (aws:kms:dsse)"));
  const keyId = el("input", { type: "text", id: "sse-key", autocomplete: "off",
    placeholder: "the account's AWS managed key" });
  const bucketKey = el("input", { type: "checkbox", id: "sse-bucket-key" });
  const blockSsec = el("input", { type: "checkbox", id: "sse-block-ssec",
    "aria-describedby": "sse-block-ssec-hint" });
  const e = state.encryption;
  algorithm.value = textOf(e, "SSEAlgorithm") || "AES256";
  keyId.value = textOf(e, "KMSMasterKeyID");
  bucketKey.checked = textOf(e, "BucketKeyEnabled") === "true";
  blockSsec.checked = textOf(e, "EncryptionType") !== "NONE";
  const keyField = el("label", { for: "sse-key", class: "grow" }, "KMS key id (optional)", keyId);
  const syncKey = () => {
    keyField.hidden = algorithm.value === "AES256";
  };
  algorithm.addEventListener("change", syncKey);
  syncKey();
  const { node, say } = card("settings-encryption", "Default encryption",
    "Applied to uploads that name no encryption.",
    el("div", { class: "toolbar" }, el("label", { for: "sse-algorithm" }, "Algorithm", algorithm),
      keyField),
    el("label", { class: "inline", for: "sse-bucket-key" }, bucketKey, "Bucket key"),
    el("div", { class: "switch" },
      el("label", { class: "inline", for: "sse-block-ssec" }, blockSsec,
        "Block SSE-C uploads"),
      el("small", { class: "hint", id: "sse-block-ssec-hint" }, "S3's default for new buckets " +
        "since April 2026: uploads with a customer-provided key are refused.")),
    el("div", { class: "actions" }, el("button", { type: "button", class: "btn primary",
      onclick: () => {
        const kms = algorithm.value !== "AES256" && keyId.value.trim()
          ? `<KMSMasterKeyID>${esc(keyId.value.trim())}</KMSMasterKeyID>` : "";
        act(() => putSub(bucket, "encryption", `<ServerSideEncryptionConfiguration xmlns="${NS}">` +
          `<Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>${algorithm.value}</SSEAlgorithm>` +
          `${kms}</ApplyServerSideEncryptionByDefault><BucketKeyEnabled>${bucketKey.checked}` +
          `</BucketKeyEnabled><BlockedEncryptionTypes><EncryptionType>${blockSsec.checked
            ? "SSE-C" : "NONE"}</EncryptionType></BlockedEncryptionTypes></Rule>` +
          "</ServerSideEncryptionConfiguration>", "PutBucketEncryption"), "Saved the default encryption.");
      } }, "Save encryption")));
  const act = action(say);
  return { node };
}

function tagsCard(bucket, state) {
  const rows = el("div", { class: "kv-rows", id: "bucket-tags" });
  const add = (k = "", v = "") => {
    rows.querySelector("p.muted")?.remove();
    const n = rows.querySelectorAll(".kv").length + 1;
    const line = el("div", { class: "kv" },
      el("input", { type: "text", value: k, class: "kv-name", "aria-label": `bucket tag ${n} key` }),
      el("input", { type: "text", value: v, class: "kv-value", "aria-label": `bucket tag ${n} value` }),
      el("button", { type: "button", class: "btn", "aria-label": `Remove bucket tag ${n}`,
        onclick: () => line.remove() }, "Remove"));
    rows.append(line);
    return line;
  };
  if (state.tags.length === 0) rows.append(el("p", { class: "muted" }, "No tags."));
  for (const [k, v] of state.tags) add(k, v);
  const read = () => [...rows.querySelectorAll(".kv")].map((l) => [
    l.querySelector(".kv-name").value.trim(), l.querySelector(".kv-value").value]).filter(([k]) => k);
  const { node, say } = card("settings-tags", "Bucket tags", "Up to 50; keys may not start with aws:.",
    rows,
    el("div", { class: "actions" },
      el("button", { type: "button", class: "btn", onclick: () => add().querySelector("input").focus() },
        "Add bucket tag"),
      el("button", { type: "button", class: "btn primary", onclick: () => {
        const tags = read();
        act(() => (tags.length === 0
          ? s3("DELETE", { bucket, query: { tagging: "" }, what: "DeleteBucketTagging" })
          : putSub(bucket, "tagging", `<Tagging xmlns="${NS}"><TagSet>${tags.map(([k, v]) =>
            `<Tag><Key>${esc(k)}</Key><Value>${esc(v)}</Value></Tag>`).join("")}</TagSet></Tagging>`,
          "PutBucketTagging")), tags.length ? "Saved the bucket tags." : "Deleted the bucket tags.");
      } }, "Save bucket tags")));
  const act = action(say);
  return { node };
}

const KINDS = [["QueueConfiguration", "Queue", "Queue"], ["TopicConfiguration", "Topic", "Topic"],
  ["CloudFunctionConfiguration", "Lambda", "CloudFunction"],
  ["LambdaFunctionConfiguration", "Lambda", "CloudFunction"]];

// [{kind, arn, events, filter}] of a NotificationConfiguration document.
function notificationTargets(doc) {
  const out = [];
  if (!doc) return out;
  for (const [tag, kind, arnTag] of KINDS) {
    for (const c of doc.getElementsByTagName(tag)) {
      const rules = [...c.getElementsByTagName("FilterRule")].map((r) =>
        `${textOf(r, "Name")}=${textOf(r, "Value")}`);
      out.push({ kind, arn: textOf(c, arnTag) || textOf(c, "LambdaFunctionArn"),
        events: [...c.getElementsByTagName("Event")].map((e) => e.textContent).join(", "),
        filter: rules.join(", ") || "every key" });
    }
  }
  return out;
}

function notificationsCard(bucket, state) {
  const body = el("tbody");
  const text = el("textarea", { id: "notification-xml", rows: 10, spellcheck: "false",
    class: "mono", "aria-describedby": "settings-notifications-error" });
  const show = (doc, webhooks) => {
    const targets = notificationTargets(doc);
    text.value = doc ? new XMLSerializer().serializeToString(doc) : "";
    body.replaceChildren(...(targets.length ? targets.map((t) => el("tr", {},
      el("td", {}, t.kind), el("td", { class: "key" }, el("code", {}, t.arn)),
      el("td", {}, t.events), el("td", {}, t.filter),
      el("td", {}, webhooks.get(t.arn) ?? "none: recorded at /_sandbox/events only")))
      : [el("tr", {}, el("td", { colspan: 5, class: "muted" }, "No notification targets."))]));
  };
  const { node, say } = card("settings-notifications", "Event notifications",
    "Where S3 announces object events (PutBucketNotificationConfiguration). A target's messages " +
    "are POSTed to the webhook mapped to its ARN (Sandbox: --notify-target).",
    // Focusable: on a narrow screen the table scrolls sideways, and the keyboard must reach it.
    el("div", { class: "table-wrap", tabindex: 0, role: "region",
      "aria-label": "Notification targets, scrollable" },
    el("table", { class: "list", "aria-label": "Notification targets" },
      el("thead", {}, el("tr", {}, ["Kind", "ARN", "Events", "Filter", "Webhook"].map((h) =>
        el("th", { scope: "col" }, h)))), body)),
    el("details", {}, el("summary", {}, "Edit the configuration (XML)"),
      el("label", { for: "notification-xml" }, "NotificationConfiguration (XML)"), text,
      el("div", { class: "actions" }, el("button", { type: "button", class: "btn primary",
        onclick: () => act(async () => {
          const xml = text.value.trim() || `<NotificationConfiguration xmlns="${NS}"/>`;
          await putSub(bucket, "notification", xml, "PutBucketNotificationConfiguration");
          const doc = await getSub(bucket, "notification", "GetBucketNotificationConfiguration");
          show(doc, state.webhooks);
        }, "Saved the notification configuration.") }, "Save notifications"))));
  const act = action(say);
  show(state.notification, state.webhooks);
  return { node };
}

// Everything the view shows, read through S3 (and the sandbox's webhook map).
async function readState(bucket) {
  const [pabDoc, policyResp, statusDoc, ownDoc, encryption, tagDoc, notification, targets] =
    await Promise.all([
      getSub(bucket, "publicAccessBlock", "GetPublicAccessBlock"),
      s3("GET", { bucket, query: { policy: "" }, what: "GetBucketPolicy" })
        .then((r) => r.text()).catch((e) => (e.code === "NoSuchBucketPolicy" ? null : Promise.reject(e))),
      getSub(bucket, "policyStatus", "GetBucketPolicyStatus"),
      getSub(bucket, "ownershipControls", "GetBucketOwnershipControls"),
      getSub(bucket, "encryption", "GetBucketEncryption"),
      getSub(bucket, "tagging", "GetBucketTagging"),
      getSub(bucket, "notification", "GetBucketNotificationConfiguration"),
      control("GET", "notify-targets").catch(() => ({ targets: [] })),
    ]);
  const pab = pabDoc ? Object.fromEntries(PAB.map(([n]) => [n, textOf(pabDoc, n) === "true"])) : null;
  let policy = null;
  try {
    policy = policyResp ? JSON.parse(policyResp) : null;
  } catch { /* shown as text */ }
  const ownership = textOf(ownDoc, "ObjectOwnership") || "BucketOwnerEnforced";
  const aclDoc = ownership === "BucketOwnerEnforced" ? null
    : await s3Xml("GET", { bucket, query: { acl: "" }, what: "GetBucketAcl" });
  return {
    pab, policy, policyText: policyResp, ownership, encryption,
    policyIsPublic: textOf(statusDoc, "IsPublic") === "true",
    aclGrants: publicGrants(aclDoc),
    tags: tagDoc ? [...tagDoc.getElementsByTagName("Tag")].map((t) => [textOf(t, "Key"),
      textOf(t, "Value")]) : [],
    notification,
    webhooks: new Map((targets.targets ?? []).map((t) => [t.arn, t.url])),
  };
}

export async function render(container, { bucket }) {
  const state = await readState(bucket);
  const headline = el("p", { class: "access-headline", id: "access-headline" });
  const lines = el("ul", { class: "access-lines", id: "access-lines" });
  const summary = el("section", { class: "card access", id: "settings-access",
    "aria-labelledby": "settings-access-title", "aria-live": "polite" },
  el("h2", { id: "settings-access-title" }, "Anonymous access"), headline, lines);
  const cards = {};
  const showSummary = (s) => {
    const d = describeAccess({ bucket, ...s });
    headline.textContent = d.headline;
    summary.classList.toggle("open", d.open);
    lines.replaceChildren(...d.lines.map((l) => el("li", {}, l)));
  };
  const refresh = async () => {
    const s = await readState(bucket);
    showSummary(s);
    cards.pab.show(s.pab);
    cards.policy.show(s);
  };
  const versioning = await versioningCard(bucket);
  cards.pab = pabCard(bucket, state, refresh);
  cards.policy = policyCard(bucket, state, refresh);
  showSummary(state);
  container.append(
    el("nav", { class: "breadcrumbs", "aria-label": "Breadcrumbs" }, el("ol", {},
      el("li", {}, el("a", { href: link.buckets() }, "Buckets")),
      el("li", {}, el("a", { href: link.browser(bucket) }, bucket)),
      el("li", {}, el("span", { "aria-current": "page" }, "Settings")))),
    el("h1", {}, `${bucket}: settings`),
    summary,
    el("div", { class: "cards settings" }, cards.pab.node, cards.policy.node,
      ownershipCard(bucket, state, refresh).node, encryptionCard(bucket, state).node,
      versioning, tagsCard(bucket, state).node, notificationsCard(bucket, state).node));
}
