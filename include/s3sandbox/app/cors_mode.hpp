// CorsMode, in a header of its own so that config (--cors) can name the app's setting without
// linking the app. Thread safety: a plain value.
#pragma once

namespace s3sandbox::app {

// How CORS is answered. kBuckets: only by each bucket's CORS configuration, as S3 does.
// kPermissive (the sandbox's default): a bucket WITH a configuration is still evaluated by its
// own rules; every other preflight is allowed (the requested origin, method and headers) and
// every cross-origin response exposes the headers s3sandbox sends.
enum class CorsMode { kPermissive, kBuckets };

}  // namespace s3sandbox::app
