// Buckets: the list (creation date, object count, total size from the console API), create
// with S3's naming rule checked as you type, delete with confirmation (offering to empty a
// bucket that is not empty).
import { consoleApi, describeError, notify, s3 } from "../api.js";
import { confirmDialog, el, formatDate, humanSize } from "../dom.js";
import { link } from "../nav.js";
import { emptyBucket } from "../s3util.js";

const RULE = "3 to 63 characters: lower-case letters, digits, dots and hyphens, starting and " +
  "ending with a letter or digit; no two dots in a row, not an IP address, not starting with " +
  "xn--, sthree- or amzn-s3-demo-, not ending with -s3alias, --ol-s3, .mrap, --x-s3 or " +
  "--table-s3.";

// What is wrong with a bucket name, in words; "" when S3 would accept it.
export function bucketNameProblem(name) {
  if (name.length < 3) return "Too short: a bucket name has at least 3 characters.";
  if (name.length > 63) return "Too long: a bucket name has at most 63 characters.";
  const bad = name.match(/[^a-z0-9.-]/);
  if (bad) return `'${bad[0]}' is not allowed: only lower-case letters, digits, dots and hyphens.`;
  if (!/^[a-z0-9]/.test(name) || !/[a-z0-9]$/.test(name)) {
    return "It must start and end with a lower-case letter or a digit.";
  }
  if (name.includes("..")) return "Two dots in a row are not allowed.";
  if (/^\d+\.\d+\.\d+\.\d+$/.test(name)) return "It must not look like an IP address.";
  for (const p of ["xn--", "sthree-", "amzn-s3-demo-"]) {
    if (name.startsWith(p)) return `It must not start with ${p}.`;
  }
  for (const s of ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"]) {
    if (name.endsWith(s)) return `It must not end with ${s}.`;
  }
  return "";
}

export async function render(container) {
  const tbody = el("tbody");
  const status = el("p", { class: "muted", role: "status" }, "Loading buckets…");
  const nameInput = el("input", { type: "text", id: "new-bucket", name: "bucket",
    autocomplete: "off", spellcheck: "false", "aria-describedby": "bucket-rule bucket-problem" });
  const problem = el("p", { id: "bucket-problem", class: "field-error", "aria-live": "polite" });
  const createBtn = el("button", { type: "submit", class: "btn primary" }, "Create bucket");
  let region = "us-east-1";

  nameInput.addEventListener("input", () => {
    problem.textContent = nameInput.value ? bucketNameProblem(nameInput.value) : "";
  });
  const form = el("form", { class: "toolbar", "aria-label": "Create a bucket" },
    el("label", { for: "new-bucket", class: "grow" }, "New bucket name", nameInput),
    createBtn);
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const name = nameInput.value.trim();
    const why = bucketNameProblem(name);
    problem.textContent = why;
    if (why) return nameInput.focus();
    createBtn.disabled = true;
    try {
      const body = region === "us-east-1" ? undefined :
        `<CreateBucketConfiguration><LocationConstraint>${region}</LocationConstraint></CreateBucketConfiguration>`;
      await s3("PUT", { bucket: name, body, what: `Creating bucket ${name}` });
      notify(`Bucket ${name} created.`);
      nameInput.value = "";
      await load();
    } catch (err) {
      problem.textContent = describeError(err);
    } finally {
      createBtn.disabled = false;
    }
  });

  async function remove(b) {
    const nonEmpty = b.objects > 0;
    const emptyBox = el("input", { type: "checkbox", id: "empty-first" });
    const ok = await confirmDialog(
      nonEmpty ? `Bucket ${b.name} holds ${b.objects} object(s) (${humanSize(b.bytes)}). ` +
        "S3 deletes only empty buckets." : `Delete bucket ${b.name}?`,
      { confirmLabel: "Delete bucket", danger: true,
        extra: nonEmpty ? el("label", { class: "inline", for: "empty-first" }, emptyBox,
          `Delete its ${b.objects} object(s) first`) : null });
    if (!ok) return;
    try {
      if (nonEmpty && emptyBox.checked) {
        status.textContent = `Emptying ${b.name}…`;
        await emptyBucket(b.name, (n) => (status.textContent = `Emptying ${b.name}: ${n} deleted…`));
      }
      await s3("DELETE", { bucket: b.name, what: `Deleting bucket ${b.name}` });
      notify(`Bucket ${b.name} deleted.`);
    } catch (err) {
      notify(describeError(err), "error");
    }
    await load();
  }

  async function load() {
    try {
      const data = await consoleApi("GET", "buckets");
      region = data.region || "us-east-1";
      tbody.replaceChildren(...data.buckets.map((b) => el("tr", {},
        el("td", { class: "key" }, el("a", { href: link.browser(b.name) }, b.name)),
        el("td", { class: "nowrap" }, formatDate(b.created)),
        el("td", { class: "wide-only" }, b.region),
        el("td", { class: "num" }, b.objects ?? "—"),
        el("td", { class: "num" }, humanSize(b.bytes)),
        el("td", {}, el("div", { class: "row-actions" }, el("a", { class: "btn",
          href: link.settings(b.name), "aria-label": `Settings of bucket ${b.name}` }, "Settings"),
        el("button", { type: "button", class: "btn",
          "aria-label": `Delete bucket ${b.name}`, onclick: () => remove(b) }, "Delete"))))));
      status.textContent = data.buckets.length === 0 ? "No buckets yet: create one above."
        : `${data.buckets.length} bucket(s).`;
    } catch (err) {
      status.textContent = describeError(err);
      status.className = "error";
    }
  }

  container.append(
    el("h1", {}, "Buckets"),
    form,
    el("p", { id: "bucket-rule", class: "hint" }, "Bucket names: ", RULE),
    problem,
    el("div", { class: "table-wrap" }, el("table", { class: "list", "aria-label": "Buckets" },
      el("thead", {}, el("tr", {},
        el("th", { scope: "col" }, "Name"), el("th", { scope: "col" }, "Created"),
        el("th", { scope: "col", class: "wide-only" }, "Region"),
        el("th", { scope: "col", class: "num" }, "Objects"),
        el("th", { scope: "col", class: "num" }, "Total size"),
        el("th", { scope: "col" }, el("span", { class: "sr-only" }, "Actions")))),
      tbody)),
    status);
  await load();
}
