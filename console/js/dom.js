// DOM helpers for the views. Text always goes in as text nodes (never innerHTML), so keys,
// metadata and error messages cannot inject markup.

// el("a", {href: "#/x", class: "btn", onclick: fn}, "text", childNode, [more], null)
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith("on") && typeof value === "function") {
      node.addEventListener(name.slice(2), value);
    } else if (name === "class") {
      node.className = value;
    } else if (name === "dataset") {
      Object.assign(node.dataset, value);
    } else if (value === true) {
      node.setAttribute(name, "");
    } else {
      node.setAttribute(name, String(value));
    }
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(node, child);
    else node.append(child instanceof Node ? child : String(child));
  }
}

// 1536 -> "1.5 KiB"
export function humanSize(bytes) {
  if (bytes === null || bytes === undefined) return "—";
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let v = Number(bytes);
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return i === 0 ? `${v} B` : `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[i]}`;
}

// An ISO 8601 instant as the reader's local date and time.
export function formatDate(iso) {
  if (!iso) return "—";
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString();
}

// A modal confirmation built on <dialog>; resolves true when confirmed.
export function confirmDialog(message, { confirmLabel = "Confirm", danger = false, extra } = {}) {
  return new Promise((resolve) => {
    const dialog = el("dialog", { class: "dialog", "aria-labelledby": "dialog-msg" },
      el("p", { id: "dialog-msg" }, message),
      extra ?? null,
      el("div", { class: "actions" },
        el("button", { type: "button", class: "btn", value: "cancel",
          onclick: () => dialog.close("cancel") }, "Cancel"),
        el("button", { type: "button", class: danger ? "btn danger" : "btn primary",
          value: "ok", onclick: () => dialog.close("ok") }, confirmLabel)));
    dialog.addEventListener("close", () => {
      dialog.remove();
      resolve(dialog.returnValue === "ok");
    });
    document.body.append(dialog);
    dialog.showModal();
  });
}
