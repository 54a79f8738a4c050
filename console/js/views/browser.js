// The object browser: one bucket, one "folder" (prefix + "/" delimiter) at a time, a page at a
// time (the console API's list, continuation tokens, never the whole bucket), with a prefix
// filter, multi-select delete, new folder and the upload panel.
import { consoleApi, describeError, notify, s3 } from "../api.js";
import { confirmDialog, el, formatDate, humanSize } from "../dom.js";
import { go, link } from "../nav.js";
import { deleteKeys, listPage } from "../s3util.js";
import { uploadPanel } from "./upload_panel.js";

function breadcrumbs(bucket, prefix) {
  const parts = prefix.split("/").filter(Boolean);
  const items = [el("li", {}, el("a", { href: link.buckets() }, "Buckets")),
    el("li", {}, parts.length ? el("a", { href: link.browser(bucket) }, bucket)
      : el("span", { "aria-current": "page" }, bucket))];
  let acc = "";
  parts.forEach((p, i) => {
    acc += `${p}/`;
    items.push(el("li", {}, i === parts.length - 1 ? el("span", { "aria-current": "page" }, p)
      : el("a", { href: link.browser(bucket, acc) }, p)));
  });
  return el("nav", { class: "breadcrumbs", "aria-label": "Breadcrumbs" }, el("ol", {}, items));
}

// Every key under `prefix` (folders deleted as a whole), a page at a time.
async function keysUnder(bucket, prefix) {
  const keys = [];
  let token = "";
  do {
    const page = await listPage(bucket, { prefix, delimiter: "", token, maxKeys: 1000 });
    keys.push(...page.objects.map((o) => o.key));
    token = page.next;
  } while (token);
  return keys;
}

export async function render(container, { bucket, prefix = "" }) {
  const state = { tokens: [""], page: 0, filter: "", size: 100 };
  const selected = new Set();
  const tbody = el("tbody");
  const status = el("p", { class: "muted", role: "status", id: "list-status" });
  const pageLabel = el("span", { class: "muted" });
  const prevBtn = el("button", { type: "button", class: "btn" }, "Previous page");
  const nextBtn = el("button", { type: "button", class: "btn" }, "Next page");
  const deleteBtn = el("button", { type: "button", class: "btn danger", disabled: true },
    "Delete selected");
  const selectAll = el("input", { type: "checkbox", "aria-label": "Select all on this page" });
  const filterInput = el("input", { type: "search", id: "filter", autocomplete: "off",
    placeholder: "e.g. 2024-", spellcheck: "false" });
  const sizeSelect = el("select", { id: "page-size" },
    [50, 100, 500, 1000].map((n) => el("option", { value: n, selected: n === state.size }, n)));

  const updateSelection = () => {
    deleteBtn.disabled = selected.size === 0;
    deleteBtn.textContent = selected.size ? `Delete selected (${selected.size})` : "Delete selected";
  };

  function row(entry) {
    const box = el("input", { type: "checkbox", "aria-label": `Select ${entry.name}`,
      checked: selected.has(entry.id) });
    box.addEventListener("change", () => {
      if (box.checked) selected.add(entry.id);
      else selected.delete(entry.id);
      updateSelection();
    });
    if (entry.folder) {
      return el("tr", { class: "folder" }, el("td", {}, box),
        el("td", { class: "key" }, el("a", { href: link.browser(bucket, entry.id) },
          entry.name)),
        el("td", { class: "num" }, "—"), el("td", {}, "—"),
        el("td", { class: "wide-only" }, "folder"), el("td", { class: "wide-only" }, ""));
    }
    const o = entry.object;
    return el("tr", {}, el("td", {}, box),
      el("td", { class: "key" }, el("a", { href: link.object(bucket, o.key) }, entry.name || "(this folder's marker)")),
      el("td", { class: "num", title: `${o.size} bytes` }, humanSize(o.size)),
      el("td", { class: "nowrap" }, formatDate(o.last_modified)),
      el("td", { class: "wide-only" }, o.content_type || "—"),
      el("td", { class: "wide-only" }, o.storage_class));
  }

  async function load() {
    status.textContent = "Loading…";
    const listPrefix = prefix + state.filter;
    try {
      const started = performance.now();
      const params = new URLSearchParams({ bucket, prefix: listPrefix, delimiter: "/",
        max: String(state.size), token: state.tokens[state.page] });
      const data = await consoleApi("GET", `list?${params}`);
      const entries = [
        ...data.folders.map((f) => ({ folder: true, id: f, name: f.slice(prefix.length) })),
        ...data.objects.map((o) => ({ id: o.key, name: o.key.slice(prefix.length), object: o })),
      ].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      state.tokens[state.page + 1] = data.next ?? undefined;
      tbody.replaceChildren(...entries.map(row));
      selectAll.checked = false;
      prevBtn.disabled = state.page === 0;
      nextBtn.disabled = !data.next;
      pageLabel.textContent = `Page ${state.page + 1}`;
      const ms = Math.round(performance.now() - started);
      container.dataset.loadMs = String(ms);
      status.textContent = entries.length === 0
        ? (state.filter ? `Nothing starts with “${listPrefix}”.` : "This folder is empty.")
        : `${data.folders.length} folder(s), ${data.objects.length} object(s) on this page` +
          `${data.next ? " (more on the next pages)" : ""}.`;
    } catch (err) {
      status.textContent = describeError(err);
    }
  }

  prevBtn.addEventListener("click", () => { state.page = Math.max(0, state.page - 1); load(); });
  nextBtn.addEventListener("click", () => { state.page++; load(); });
  sizeSelect.addEventListener("change", () => {
    state.size = Number(sizeSelect.value);
    state.tokens = [""];
    state.page = 0;
    load();
  });
  let filterTimer;
  filterInput.addEventListener("input", () => {
    clearTimeout(filterTimer);
    filterTimer = setTimeout(() => {
      state.filter = filterInput.value;
      state.tokens = [""];
      state.page = 0;
      load();
    }, 250);
  });
  selectAll.addEventListener("change", () => {
    for (const box of tbody.querySelectorAll("input[type=checkbox]")) {
      if (box.checked !== selectAll.checked) {
        box.checked = selectAll.checked;
        box.dispatchEvent(new Event("change"));
      }
    }
  });
  deleteBtn.addEventListener("click", async () => {
    const ids = [...selected];
    const folders = ids.filter((k) => k.endsWith("/"));
    const ok = await confirmDialog(`Delete ${ids.length} selected item(s)` +
      (folders.length ? `, including everything inside ${folders.length} folder(s)` : "") + "?",
    { confirmLabel: "Delete", danger: true });
    if (!ok) return;
    try {
      const keys = ids.filter((k) => !k.endsWith("/"));
      for (const f of folders) keys.push(...await keysUnder(bucket, f));
      const failed = await deleteKeys(bucket, [...new Set(keys)]);
      if (failed.length) notify(`${failed.length} not deleted: ${failed[0].key}: ${failed[0].message}`, "error");
      else notify(`Deleted ${keys.length} object(s).`);
    } catch (err) {
      notify(describeError(err), "error");
    }
    selected.clear();
    updateSelection();
    load();
  });

  const folderBtn = el("button", { type: "button", class: "btn" }, "New folder");
  folderBtn.addEventListener("click", async () => {
    const input = el("input", { type: "text", id: "folder-name", autocomplete: "off" });
    const ok = await confirmDialog("Create a folder (an empty object whose key ends in /):",
      { confirmLabel: "Create folder",
        extra: el("label", { for: "folder-name" }, "Folder name", input) });
    const name = input.value.trim().replace(/^\/+|\/+$/g, "");
    if (!ok || !name) return;
    try {
      await s3("PUT", { bucket, key: `${prefix}${name}/`, body: "", what: `Creating folder ${name}` });
      notify(`Folder ${name}/ created.`);
      go(link.browser(bucket, `${prefix}${name}/`));
    } catch (err) {
      notify(describeError(err), "error");
    }
  });

  container.append(
    breadcrumbs(bucket, prefix),
    el("h1", {}, prefix ? `${bucket}/${prefix}` : bucket),
    el("div", { class: "toolbar" },
      el("label", { for: "filter", class: "grow" }, `Filter by prefix (after “${prefix || "/"}”)`,
        filterInput),
      el("label", { for: "page-size" }, "Per page", sizeSelect),
      folderBtn, deleteBtn,
      el("a", { class: "btn", href: link.settings(bucket) }, "Bucket settings")),
    uploadPanel(bucket, prefix, () => load()),
    el("div", { class: "table-wrap" }, el("table", { class: "list", "aria-label": "Objects",
      "aria-describedby": "list-status" },
    el("thead", {}, el("tr", {},
      el("th", { scope: "col" }, selectAll),
      el("th", { scope: "col" }, "Key"), el("th", { scope: "col", class: "num" }, "Size"),
      el("th", { scope: "col" }, "Last modified"),
      el("th", { scope: "col", class: "wide-only" }, "Content type"),
      el("th", { scope: "col", class: "wide-only" }, "Storage class"))),
    tbody)),
    el("div", { class: "pager" }, prevBtn, pageLabel, nextBtn),
    status);
  await load();
}
