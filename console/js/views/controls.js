// Placeholder: the console-ops branch replaces this view (docs/console.md).
import { el } from "../dom.js";

export function render(container) {
  container.append(el("h1", {}, "Sandbox controls"), el("p", { class: "muted" }, "Not built yet."));
}
