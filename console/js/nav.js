// Links between views. The hash router (main.js) reads these shapes:
//   #/buckets  #/b/BUCKET/PREFIX  #/o/BUCKET/KEY  #/settings/BUCKET  #/share  #/requests
//   #/controls
// Prefix and key keep their '/' and percent-encode everything else, so a link can be read.

const encodePath = (s) => s.split("/").map(encodeURIComponent).join("/");

export const link = {
  buckets: () => "#/buckets",
  browser: (bucket, prefix = "") => `#/b/${encodeURIComponent(bucket)}/${encodePath(prefix)}`,
  object: (bucket, key) => `#/o/${encodeURIComponent(bucket)}/${encodePath(key)}`,
  share: (bucket, key) =>
    bucket ? `#/share?bucket=${encodeURIComponent(bucket)}&key=${encodeURIComponent(key ?? "")}`
      : "#/share",
  settings: (bucket) => `#/settings/${encodeURIComponent(bucket)}`,
  requests: () => "#/requests",
  controls: () => "#/controls",
};

export function go(hash) {
  if (location.hash === hash) window.dispatchEvent(new HashChangeEvent("hashchange"));
  else location.hash = hash;
}
