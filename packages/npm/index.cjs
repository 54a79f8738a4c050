// CommonJS entry (Jest without ESM support): the same API, loaded with a dynamic import.
"use strict";
exports.startS3Sandbox = (options) => import("./index.js").then((m) => m.startS3Sandbox(options));
exports.findBinary = () => {
  throw new Error("findBinary is ESM-only: use (await import('s3sandbox')).findBinary()");
};
