// Uploading files as S3 clients do, through presigned URLs (api.js): one PutObject up to 16 MiB,
// above that a multipart upload of 8 MiB parts (three at a time, each retried up to three times),
// with progress reported as bytes sent.
import { ApiError, presign, s3, s3ErrorOf, s3Xml, xhrPut } from "./api.js";

export const MULTIPART_THRESHOLD = 16 * 1024 * 1024;
export const PART_SIZE = 8 * 1024 * 1024;
const PARALLEL_PARTS = 3;
const PART_ATTEMPTS = 3;

// x-amz-meta-* and x-amz-tagging headers from {name: value} maps. Header values must be
// ASCII: the check says so before anything is sent.
export function uploadHeaders(file, { metadata = {}, tags = {} } = {}) {
  const headers = { "content-type": file.type || "application/octet-stream" };
  for (const [name, value] of Object.entries(metadata)) {
    if (!/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(name)) {
      throw new ApiError(`Metadata name '${name}' is not a valid header name (letters, digits, - _ .)`);
    }
    if (/[^\x20-\x7e]/.test(value)) {
      throw new ApiError(`Metadata value of '${name}' must be printable ASCII (S3 sends it as a header)`);
    }
    headers[`x-amz-meta-${name.toLowerCase()}`] = value;
  }
  const tagging = new URLSearchParams(tags).toString();
  if (tagging) headers["x-amz-tagging"] = tagging;
  return headers;
}

async function putWhole(bucket, key, file, headers, onProgress, signal) {
  const signed = await presign({ method: "PUT", bucket, key, headers });
  await xhrPut(signed.url, signed.headers, file, (loaded) => onProgress(loaded), signal);
  onProgress(file.size);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function putMultipart(bucket, key, file, headers, onProgress, signal) {
  const created = await s3Xml("POST", { bucket, key, query: { uploads: "" }, headers,
    what: "Starting the multipart upload" });
  const uploadId = created.getElementsByTagName("UploadId")[0]?.textContent;
  if (!uploadId) throw new ApiError("The server gave no UploadId for the multipart upload");
  const count = Math.ceil(file.size / PART_SIZE);
  const sent = new Array(count).fill(0);
  const etags = new Array(count);
  const report = () => onProgress(sent.reduce((a, b) => a + b, 0));
  let next = 0;
  async function worker() {
    while (next < count) {
      const index = next++;
      const blob = file.slice(index * PART_SIZE, Math.min(file.size, (index + 1) * PART_SIZE));
      for (let attempt = 1; ; attempt++) {
        try {
          const signed = await presign({ method: "PUT", bucket, key,
            query: { partNumber: String(index + 1), uploadId } });
          const res = await xhrPut(signed.url, signed.headers, blob, (loaded) => {
            sent[index] = loaded;
            report();
          }, signal);
          etags[index] = res.etag;
          sent[index] = blob.size;
          report();
          break;
        } catch (e) {
          sent[index] = 0;
          report();
          if (signal?.aborted || attempt >= PART_ATTEMPTS) throw e;
          await sleep(500 * attempt);
        }
      }
    }
  }
  try {
    await Promise.all(Array.from({ length: Math.min(PARALLEL_PARTS, count) }, worker));
    const body = `<CompleteMultipartUpload>${etags.map((etag, i) =>
      `<Part><PartNumber>${i + 1}</PartNumber><ETag>${etag}</ETag></Part>`).join("")}` +
      "</CompleteMultipartUpload>";
    const resp = await s3("POST", { bucket, key, query: { uploadId }, body,
      headers: { "content-type": "application/xml" }, what: "Completing the multipart upload" });
    // S3 may answer 200 with an <Error> document when completion fails late.
    const text = await resp.text();
    if (text.includes("<Error>")) throw s3ErrorOf(200, text, "Completing the multipart upload");
  } catch (e) {
    await s3("DELETE", { bucket, key, query: { uploadId } }).catch(() => {});
    throw e;
  }
}

// Uploads one file; onProgress(bytesSent) as it goes.
export function uploadFile(bucket, key, file, { headers, onProgress = () => {}, signal } = {}) {
  return file.size > MULTIPART_THRESHOLD
    ? putMultipart(bucket, key, file, headers, onProgress, signal)
    : putWhole(bucket, key, file, headers, onProgress, signal);
}
