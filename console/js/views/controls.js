// Sandbox controls: the clock (offset, freeze, advance, reset), fault rules (add from a form,
// list, delete), snapshots (save, restore, delete) and reset, through the control API; and a
// bucket's CORS rules (views/cors_editor.js), through S3 itself.
import { confirmDialog, el } from "../dom.js";
import { control, ensureOpsStyles } from "../ops/control.js";

let uid = 0;
function field(label, input, hint) {
  input.id ||= `ctl-${++uid}`;
  if (hint) input.setAttribute("aria-describedby", `${input.id}-hint`);
  return el("div", { class: "ops-field" }, el("label", { for: input.id }, label), input,
    hint ? el("small", { class: "muted", id: `${input.id}-hint` }, hint) : null);
}

function errorLine() {
  return el("p", { class: "error", role: "alert", hidden: true });
}
function showError(line, err) {
  line.textContent = err ? err.message : "";
  line.hidden = !err;
}

function clockSection() {
  const state = el("dl", { class: "ops-dl", "aria-live": "polite", id: "clock-state" });
  const error = errorLine();
  const offset = el("input", { id: "clock-offset", placeholder: "+2h", autocomplete: "off" });
  const advance = el("input", { id: "clock-advance", placeholder: "+15m", autocomplete: "off" });
  const freezeAt = el("input", { id: "clock-freeze-at", placeholder: "now or 2030-01-01T00:00:00Z",
    autocomplete: "off" });

  const show = (c) => {
    const sign = c.offset_seconds >= 0 ? "+" : "";
    state.replaceChildren(
      el("dt", {}, "Sandbox time"), el("dd", { dataset: { clock: "now" } }, c.now),
      el("dt", {}, "Real time"), el("dd", {}, c.real_now),
      el("dt", {}, "Offset"), el("dd", { dataset: { clock: "offset" } }, `${sign}${c.offset_seconds} s`),
      el("dt", {}, "State"), el("dd", { dataset: { clock: "state" } },
        c.frozen ? `frozen at ${c.frozen_at}` : "running"));
  };
  const apply = async (change) => {
    try {
      show(await control("PUT", "clock", change));
      showError(error, null);
    } catch (err) {
      showError(error, err);
    }
  };
  const refresh = async () => {
    try {
      show(await control("GET", "clock"));
    } catch (err) {
      showError(error, err);
    }
  };
  const form = (label, input, hint, make) => el("form", { class: "ops-inline-form",
    onsubmit: (e) => {
      e.preventDefault();
      if (input.value.trim()) apply(make(input.value.trim()));
    } }, field(label, input, hint), el("button", { type: "submit" }, `Set ${label.toLowerCase()}`));

  refresh();
  return el("section", { class: "ops-card", "aria-labelledby": "h-clock" },
    el("h2", { id: "h-clock" }, "Clock"),
    el("p", { class: "muted" }, "Signatures, expiries and Last-Modified use the sandbox clock: " +
      "move it to expire presigned URLs without waiting."),
    state,
    el("div", { class: "ops-grid" },
      form("Offset", offset, "From real time, e.g. +2h or -30m", (v) => ({ offset: v })),
      form("Advance", advance, "Move forward (or back, -90s)", (v) => ({ advance: v })),
      form("Freeze", freezeAt, "now, or an instant", (v) => ({ freeze: v }))),
    el("div", { class: "ops-actions" },
      el("button", { type: "button", onclick: () => apply({ freeze: "now" }) }, "Freeze now"),
      el("button", { type: "button", onclick: () => apply({ unfreeze: true }) }, "Unfreeze"),
      el("button", { type: "button", onclick: () => apply({ offset: 0 }) }, "Reset clock"),
      el("button", { type: "button", onclick: refresh }, "Refresh")),
    error);
}

const FAULT_FIELDS = [
  ["operation", "Operation", "GetObject, PutObject, UploadPart…"],
  ["bucket", "Bucket", ""], ["key", "Key (glob)", "uploads/*.jpg"],
  ["method", "Method", "PUT"], ["error", "Error code", "SlowDown, InternalError…"],
  ["status", "Status", "503"], ["delay", "Delay", "2s or 250ms"],
  ["throttle", "Throttle", "64KiB/s"], ["reset-after", "Reset after", "1MiB"],
  ["times", "Times", "1 (empty: every time)"], ["probability", "Probability", "0.5"],
];

function faultsSection() {
  const list = el("tbody");
  const error = errorLine();
  const inputs = Object.fromEntries(FAULT_FIELDS.map(([name, , placeholder]) =>
    [name, el("input", { id: `fault-${name}`, name, placeholder, autocomplete: "off" })]));
  const auth = el("select", { id: "fault-auth", name: "auth" }, el("option", { value: "" }, "any"),
    ["sigv4-header", "sigv4-presigned", "sigv2-header", "sigv2-presigned", "post-policy",
      "anonymous"].map((k) => el("option", { value: k }, k)));
  const when = el("select", { id: "fault-when", name: "when" },
    el("option", { value: "" }, "before the body (default)"),
    el("option", { value: "after-body" }, "after the body"));

  const refresh = async () => {
    try {
      const { faults } = await control("GET", "faults");
      list.replaceChildren(...(faults.length ? faults.map((f) => el("tr", { dataset: { fault: f.id } },
        el("td", {}, `#${f.id}`), el("td", { class: "ops-wrap" }, el("code", {}, f.spec)),
        el("td", {}, String(f.hits)), el("td", {}, f.remaining ?? "∞"),
        el("td", {}, f.active ? "active" : "spent"),
        el("td", {}, el("button", { type: "button", "aria-label": `Delete fault rule #${f.id}`,
          onclick: async () => {
            try {
              await control("DELETE", `faults/${f.id}`);
              refresh();
            } catch (err) {
              showError(error, err);
            }
          } }, "Delete"))))
        : [el("tr", {}, el("td", { colspan: 6, class: "muted" }, "No fault rules."))]));
    } catch (err) {
      showError(error, err);
    }
  };
  const form = el("form", { class: "ops-form", "aria-label": "Add a fault rule",
    onsubmit: async (e) => {
      e.preventDefault();
      const rule = {};
      for (const [name, input] of Object.entries(inputs)) {
        const v = input.value.trim();
        if (!v) continue;
        rule[name] = ["times", "status"].includes(name) && /^\d+$/.test(v) ? Number(v)
          : name === "probability" && !Number.isNaN(Number(v)) ? Number(v) : v;
      }
      if (auth.value) rule.auth = auth.value;
      if (when.value) rule.when = when.value;
      try {
        await control("POST", "faults", rule);
        showError(error, null);
        for (const input of Object.values(inputs)) input.value = "";
        refresh();
      } catch (err) {
        showError(error, err);
      }
    } },
  el("div", { class: "ops-grid" },
    FAULT_FIELDS.map(([name, label]) => field(label, inputs[name])),
    field("Auth", auth), field("When", when)),
  el("div", { class: "ops-actions" }, el("button", { type: "submit", class: "primary" },
    "Add fault rule"),
  el("button", { type: "button", onclick: async () => {
    await control("DELETE", "faults");
    refresh();
  } }, "Delete all rules"),
  el("button", { type: "button", onclick: () => refresh() }, "Refresh the list")),
  error);
  refresh();
  return el("section", { class: "ops-card", "aria-labelledby": "h-faults" },
    el("h2", { id: "h-faults" }, "Fault rules"),
    el("p", { class: "muted" }, "Make S3 fail on purpose: an error, a delay, a slow or cut " +
      "connection, for the requests the rule matches."),
    form,
    el("div", { class: "ops-scroll" }, el("table", { class: "ops-table ops-faults", "aria-label": "Fault rules" },
      el("thead", {}, el("tr", {}, ["Rule", "Spec", "Hits", "Remaining", "State", ""].map((h) =>
        el("th", { scope: "col" }, h)))), list)));
}

function snapshotsSection() {
  const list = el("tbody");
  const error = errorLine();
  const status = el("p", { role: "status", class: "muted" });
  const name = el("input", { id: "snapshot-name", placeholder: "before-test", autocomplete: "off",
    pattern: "[A-Za-z0-9._-]+" });
  const act = async (what, fn) => {
    try {
      await fn();
      status.textContent = what;
      showError(error, null);
      refresh();
    } catch (err) {
      showError(error, err);
    }
  };
  const refresh = async () => {
    try {
      const { snapshots } = await control("GET", "snapshots");
      list.replaceChildren(...(snapshots.length ? snapshots.map((s) => el("tr", { dataset: { snapshot: s.name } },
        el("td", {}, s.name), el("td", {}, new Date(s.created).toLocaleString()),
        el("td", {}, String(s.buckets)), el("td", {}, String(s.objects)),
        el("td", {}, el("div", { class: "ops-actions" },
          el("button", { type: "button", "aria-label": `Restore snapshot ${s.name}`,
            onclick: async () => {
              if (await confirmDialog(`Restore snapshot "${s.name}"? The current buckets and ` +
                "objects are replaced by the snapshot's.", { confirmLabel: "Restore" })) {
                act(`Restored "${s.name}".`, () => control("POST",
                  `snapshots/${encodeURIComponent(s.name)}/restore`));
              }
            } }, "Restore"),
          el("button", { type: "button", "aria-label": `Delete snapshot ${s.name}`,
            onclick: () => act(`Deleted "${s.name}".`, () => control("DELETE",
              `snapshots/${encodeURIComponent(s.name)}`)) }, "Delete")))))
        : [el("tr", {}, el("td", { colspan: 5, class: "muted" }, "No snapshots."))]));
    } catch (err) {
      showError(error, err);
    }
  };
  refresh();
  return el("section", { class: "ops-card", "aria-labelledby": "h-snapshots" },
    el("h2", { id: "h-snapshots" }, "Snapshots and reset"),
    el("form", { class: "ops-inline-form", onsubmit: (e) => {
      e.preventDefault();
      const n = name.value.trim();
      if (n) act(`Saved "${n}".`, () => control("POST", `snapshots/${encodeURIComponent(n)}`));
    } }, field("Snapshot name", name, "Letters, digits, . _ -"),
    el("button", { type: "submit", class: "primary" }, "Save snapshot")),
    el("div", { class: "ops-scroll" }, el("table", { class: "ops-table", "aria-label": "Snapshots" },
      el("thead", {}, el("tr", {}, ["Name", "Saved", "Buckets", "Objects", ""].map((h) =>
        el("th", { scope: "col" }, h)))), list)),
    el("div", { class: "ops-actions" },
      el("button", { type: "button", class: "danger", onclick: async () => {
        if (await confirmDialog("Reset the sandbox? Every bucket and object is deleted " +
          "(snapshots stay).", { confirmLabel: "Reset everything", danger: true })) {
          act("The sandbox was reset.", () => control("POST", "reset"));
        }
      } }, "Reset the sandbox…")),
    status, error);
}

export async function render(container) {
  ensureOpsStyles();
  container.append(
    el("h1", {}, "Sandbox controls"),
    el("div", { class: "ops-cards" }, clockSection(), faultsSection(), snapshotsSection()));
  try {
    const { corsSection } = await import("../ops/cors_editor.js");
    container.querySelector(".ops-cards").append(corsSection());
  } catch {
    // The CORS editor needs the shell's S3 client (api.js); without it the rest still works.
  }
}
