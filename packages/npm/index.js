// s3sandbox for JavaScript tests: startS3Sandbox() runs the s3sandbox binary on a free port with
// ephemeral storage and answers everything a client needs (endpoint, credentials, region, an
// S3Client config) plus the sandbox's controls (reset, snapshots, clock, faults, journal).
import { spawn } from "node:child_process";
import { Agent as HttpsAgent } from "node:https";
import { accessSync, constants, createWriteStream, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
// With tls: true (--tls auto) the CA comes first on a line of its own, and the https:// endpoint
// after the http:// one on the ready line.
const READY_LINE =
  /^(?:s3sandbox tls ca (\S+)\n)?s3sandbox ready (http:\/\/\S+)(?: (https:\/\/\S+))?\n/;

function executable(file) {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The binary: S3SANDBOX_BIN when set, then the package's own bin/ (bundled for linux-x64), then
 * PATH. The variable comes first so that it can replace the bundled binary (a newer build, a
 * sanitizer build in CI), as ESBUILD_BINARY_PATH does for esbuild; unset, the bundled one runs.
 */
export function findBinary() {
  const fromEnv = process.env.S3SANDBOX_BIN;
  if (fromEnv) {
    if (executable(fromEnv)) return fromEnv;
    throw new Error(`S3SANDBOX_BIN=${fromEnv} is not an executable file`);
  }
  const bundled = path.join(here, "bin", "s3sandbox");
  if (executable(bundled)) return bundled;
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    if (dir && executable(path.join(dir, "s3sandbox"))) return path.join(dir, "s3sandbox");
  }
  throw new Error(
    "no s3sandbox binary: this package has none bundled for this platform (linux-x64 has), " +
      "S3SANDBOX_BIN is not set and there is none on PATH",
  );
}

/**
 * Starts a sandbox. options: args (extra CLI arguments), binary, dataDir (default: --ephemeral),
 * accessKeyId, secretAccessKey, region, readyTimeoutMs, logFile (the server's stderr, the access
 * log; default: a temporary file, removed by a clean stop (exit code 0) unless keepLog: true, and
 * kept, its path printed, after a failure), tls (also serve HTTPS with a local CA: tlsEndpoint,
 * caPath, and an s3ClientConfig that talks HTTPS trusting it).
 */
export async function startS3Sandbox(options = {}) {
  const binary = options.binary ?? findBinary();
  const credentials = {
    accessKeyId: options.accessKeyId ?? "s3sandbox",
    secretAccessKey: options.secretAccessKey ?? "s3sandbox-secret",
  };
  const region = options.region ?? "us-east-1";
  const args = ["--listen", "127.0.0.1:0", "--region", region,
    "--credential", `${credentials.accessKeyId}:${credentials.secretAccessKey}`,
    ...(options.dataDir ? ["--data-dir", options.dataDir] : ["--ephemeral"]),
    ...(options.tls ? ["--tls", "auto", "--tls-listen", "127.0.0.1:0"] : []),
    ...(options.args ?? [])];
  // A log of our own lives in a temporary directory, removed on a clean stop (settleLog).
  const logDir = options.logFile ? null : mkdtempSync(path.join(tmpdir(), "s3sandbox-"));
  const logFile = options.logFile ?? path.join(logDir, "s3sandbox.log");
  // stderr to a file, never to an unread pipe: a full pipe would block the server.
  const log = createWriteStream(logFile);
  await new Promise((resolve, reject) => log.once("open", resolve).once("error", reject));
  const child = spawn(binary, args, { stdio: ["ignore", "pipe", log] });
  const readLog = () => {
    try {
      return readFileSync(logFile, "utf8");
    } catch {
      return "";
    }
  };
  const exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve(code ?? signal)));
  // After the server exits: a clean exit (0) takes our temporary log with it unless keepLog; a
  // failure keeps it and says where, as the reason is in it. A logFile given is left alone.
  const settleLog = (code) => {
    if (!logDir) return;
    if (code === 0 && !options.keepLog) rmSync(logDir, { recursive: true, force: true });
    else if (code !== 0) console.error(`s3sandbox exited ${code}; its log is kept: ${logFile}`);
  };
  const readyLine = new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`s3sandbox did not print its ready line in time; log (${logFile}):\n${readLog()}`));
    }, options.readyTimeoutMs ?? 15000);
    child.stdout.on("data", (d) => {
      out += d;
      const m = out.match(READY_LINE);
      if (m) {
        clearTimeout(timer);
        resolve(m);
      }
    });
    child.once("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`s3sandbox exited (${code}) before its ready line; log (${logFile}):\n${readLog()}`));
    });
  });
  let ready;
  try {
    ready = await readyLine;
  } catch (e) {
    // A failed start leaves nothing open behind it: no server, no file handle on the log (kept).
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    await new Promise((resolve) => log.close(resolve));
    throw e;
  }
  child.stdout.resume(); // keep draining: nothing more is expected, but never block the server
  const endpoint = ready[2];
  const caPath = ready[1] ?? null;
  const tlsEndpoint = ready[3] ?? null;
  // tls: the SDK's handler takes an https.Agent trusting the sandbox's CA (requestHandler options).
  const ca = caPath ? readFileSync(caPath, "utf8") : null;
  const httpsAgent = ca ? new HttpsAgent({ ca, keepAlive: true }) : null;

  async function control(method, route, { query, body } = {}) {
    const url = new URL(`/_sandbox/${route}`, endpoint);
    for (const [k, v] of Object.entries(query ?? {})) url.searchParams.set(k, String(v));
    const res = await fetch(url, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    const json = text.trim() ? JSON.parse(text) : null;
    if (!res.ok) {
      const err = new Error(`${method} /_sandbox/${route}: ${res.status} ${json?.error?.code}: ${json?.error?.message}`);
      err.status = res.status;
      err.code = json?.error?.code;
      throw err;
    }
    return json;
  }

  let stopped;
  return {
    endpoint,
    port: Number(new URL(endpoint).port),
    credentials,
    region,
    /** new S3Client(sandbox.s3ClientConfig): path-style, this endpoint, these keys. */
    s3ClientConfig: tlsEndpoint
      ? { endpoint: tlsEndpoint, region, credentials, forcePathStyle: true,
        requestHandler: { httpsAgent } }
      : { endpoint, region, credentials, forcePathStyle: true },
    /** tls: true: the https:// endpoint, the CA to trust (path and PEM) and an Agent trusting it. */
    tlsEndpoint,
    caPath,
    ca,
    httpsAgent,
    /** The same as environment variables, for a child process or an app's settings. */
    env: {
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      AWS_REGION: region,
      AWS_ENDPOINT_URL_S3: endpoint,
    },
    process: child,
    logFile,
    log: readLog,
    /** SIGTERM, then the exit code (0 on a clean stop). */
    stop() {
      if (!stopped) {
        if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
        stopped = exited.then(async (code) => {
          await new Promise((resolve) => log.close(resolve));
          httpsAgent?.destroy();
          settleLog(code);
          return code;
        });
      }
      return stopped;
    },
    /** Empties everything, or one bucket ({ bucket }); { fixtures: true } re-imports --fixtures. */
    reset({ bucket, fixtures } = {}) {
      const query = {};
      if (bucket) query.bucket = bucket;
      if (fixtures) query.fixtures = 1;
      return control("POST", "reset", { query });
    },
    /**
     * Everything as a new test wants it, in one call (POST /_sandbox/clean): the data reset (or
     * { snapshot } restored; { fixtures: true } re-imports --fixtures), the clock real, no fault
     * rule, the request journal and the event record empty.
     */
    clean({ snapshot, fixtures } = {}) {
      const query = {};
      if (snapshot !== undefined) query.snapshot = snapshot;
      if (fixtures) query.fixtures = 1;
      return control("POST", "clean", { query });
    },
    health: () => control("GET", "health"),
    snapshot: (name) => control("POST", `snapshots/${encodeURIComponent(name)}`),
    restore: (name) => control("POST", `snapshots/${encodeURIComponent(name)}/restore`),
    snapshots: async () => (await control("GET", "snapshots")).snapshots,
    /** The request journal: filters bucket, key, operation, status (403 or "4xx"), auth, since. */
    requests: async (filters = {}) => (await control("GET", "requests", { query: filters })).requests,
    clock: {
      get: () => control("GET", "clock"),
      /** e.g. set({ offset: "+2h" }), set({ freeze: "now" }), set({ advance: "+61s" }) */
      set: (changes) => control("PUT", "clock", { query: changes }),
      advance: (duration) => control("PUT", "clock", { query: { advance: duration } }),
      reset: () => control("PUT", "clock", { query: { offset: 0 } }),
    },
    faults: {
      /** A rule as in the README (e.g. { operation: "GetObject", error: "SlowDown", times: 1 }). */
      add: (rule) => control("POST", "faults", { body: rule }),
      list: async () => (await control("GET", "faults")).faults,
      delete: (id) => control("DELETE", `faults/${id}`),
      clear: () => control("DELETE", "faults"),
    },
  };
}
