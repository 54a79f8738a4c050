// The console's hash router: one view module per route (js/views/*.js), each exporting
// `render(container, params)`; it may return a function, called when the view is left (to stop
// polling). Each route gets a fresh container, so a slow view that finishes after the user moved
// on writes into a detached element and never over the new view.
import { describeError } from "./api.js";
import { el } from "./dom.js";

const decode = (s) => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

// [pattern, view module, nav section, params from the match and the hash's ?query]
const routes = [
  [/^#\/buckets\/?$/, "buckets", "buckets", () => ({})],
  [/^#\/b\/([^/?]+)\/?([^?]*)$/, "browser", "buckets",
    (m) => ({ bucket: decode(m[1]), prefix: decode(m[2]) })],
  [/^#\/o\/([^/?]+)\/([^?]+)$/, "object", "buckets",
    (m) => ({ bucket: decode(m[1]), key: decode(m[2]) })],
  [/^#\/settings\/([^/?]+)\/?$/, "settings", "buckets", (m) => ({ bucket: decode(m[1]) })],
  [/^#\/share\/?$/, "share", "share", () => ({})],
  [/^#\/requests\/?$/, "requests", "requests", () => ({})],
  [/^#\/controls\/?$/, "controls", "controls", () => ({})],
];

let leave = null;

async function route() {
  const raw = location.hash || "#/buckets";
  const q = raw.indexOf("?");
  const path = q < 0 ? raw : raw.slice(0, q);
  const query = Object.fromEntries(new URLSearchParams(q < 0 ? "" : raw.slice(q + 1)));
  const main = document.getElementById("main");
  if (typeof leave === "function") {
    try {
      leave();
    } catch { /* the old view's cleanup must not stop the new one */ }
  }
  leave = null;
  const found = routes.map(([re, view, nav, params]) => {
    const m = path.match(re);
    return m && { view, nav, params: { ...params(m), query } };
  }).find(Boolean);
  for (const a of document.querySelectorAll("[data-nav]")) {
    if (found && a.dataset.nav === found.nav) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
  }
  const container = el("div", { class: "view" });
  main.replaceChildren(container);
  if (!found) {
    container.append(el("h1", {}, "Not found"),
      el("p", {}, "No page at ", el("code", {}, raw), ". ",
        el("a", { href: "#/buckets" }, "Go to the buckets")));
    return;
  }
  main.setAttribute("aria-busy", "true");
  try {
    const mod = await import(`./views/${found.view}.js`);
    leave = await mod.render(container, found.params);
  } catch (e) {
    container.append(el("p", { class: "error", role: "alert" }, describeError(e)));
  } finally {
    main.removeAttribute("aria-busy");
  }
}

window.addEventListener("hashchange", () => {
  route();
  document.getElementById("main").focus({ preventScroll: true });
});
if (!location.hash) history.replaceState(null, "", "#/buckets");
route();
