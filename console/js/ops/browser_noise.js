// Browser noise in the request journal: what a browser fetches on its own when a URL is opened
// in a tab (a presigned GET, a public object), not what the page or the user asked for. Chromium
// and Firefox fetch /favicon.ico of the URL's host, Safari /apple-touch-icon*.png too. S3 answers
// them as it answers any request (an anonymous GET of bucket "favicon.ico": NoSuchBucket, or
// AccessDenied for a virtual-hosted bucket's key), and so does s3sandbox; the Requests view only
// hides them by default ("Show browser noise"), so that a refused row means a request of yours.
const ICON_PATH = /^\/(favicon\.ico|apple-touch-icon(-precomposed)?(-\d+x\d+)?\.png)$/;

// True for an unsigned GET/HEAD of a site icon at the host's root. A signed request for the
// same path is someone's on purpose, never noise.
export function isBrowserNoise(entry) {
  if (entry.method !== "GET" && entry.method !== "HEAD") return false;
  if (entry.auth?.kind !== "anonymous") return false;
  const path = String(entry.path ?? "").split("?")[0];
  return ICON_PATH.test(path);
}
