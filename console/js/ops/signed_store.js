// What the Share view signed, remembered in this browser (sessionStorage) so that the Requests
// view can put the canonical request the URL was signed with beside the one the server computed
// when a request with that URL is refused. Keyed by what the journal keeps of a URL (its
// X-Amz-Credential and X-Amz-Date, which the redaction leaves); never the signature.

const KEY = "s3sandbox.console.signed";
const MAX = 50;

function load() {
  try {
    return JSON.parse(sessionStorage.getItem(KEY) ?? "[]");
  } catch {
    return [];
  }
}

export function urlIdentity(target) {
  const q = target.indexOf("?");
  if (q < 0) return null;
  const params = new URLSearchParams(target.slice(q + 1));
  const credential = params.get("X-Amz-Credential");
  const date = params.get("X-Amz-Date");
  return credential && date ? `${credential}|${date}` : null;
}

export function rememberSigned(url, canonicalRequest, stringToSign) {
  const id = urlIdentity(url);
  if (!id || !canonicalRequest) return;
  const list = load().filter((e) => e.id !== id);
  list.push({ id, canonicalRequest, stringToSign });
  sessionStorage.setItem(KEY, JSON.stringify(list.slice(-MAX)));
}

export function findSigned(path) {
  const id = urlIdentity(path ?? "");
  return id ? load().find((e) => e.id === id) ?? null : null;
}
