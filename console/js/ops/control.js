// The control API (/_sandbox/...) for the Share, Requests and Sandbox controls views: JSON in
// and out, refusals thrown as Errors carrying the API's code and plain-words message.

export class ControlError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

export async function control(method, path, body, { signal } = {}) {
  const init = { method, signal, headers: {} };
  if (body !== undefined) {
    init.body = typeof body === "string" ? body : JSON.stringify(body);
    init.headers["Content-Type"] = "application/json";
  }
  const res = await fetch(`/_sandbox/${path}`, init);
  const text = await res.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : {};
  } catch {
    json = null;
  }
  if (!res.ok) {
    const err = json?.error ?? {};
    const words = [err.message, err.diagnosis].filter(Boolean).join(" ");
    throw new ControlError(res.status, err.code ?? `HTTP ${res.status}`,
      words || text || `HTTP ${res.status}`);
  }
  return json ?? {};
}

// The views' own stylesheet, added once (the shell's app.css stays untouched).
export function ensureOpsStyles() {
  if (document.getElementById("ops-css")) return;
  const link = document.createElement("link");
  link.id = "ops-css";
  link.rel = "stylesheet";
  link.href = new URL("../../ops.css", import.meta.url).href;
  document.head.append(link);
}

// Copies text, with a fallback for pages where the async clipboard is refused.
export async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.append(area);
    area.select();
    const ok = document.execCommand("copy");
    area.remove();
    return ok;
  }
}
