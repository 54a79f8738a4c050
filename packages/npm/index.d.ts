export interface S3SandboxOptions {
  /** Extra s3sandbox command-line arguments, e.g. ["--fixtures", "test/fixtures"]. */
  args?: string[];
  /** The binary; default: S3SANDBOX_BIN when set, then the package's bin/, then PATH. */
  binary?: string;
  /** Keep the data there; default: --ephemeral (a temporary directory removed at stop). */
  dataDir?: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  region?: string;
  readyTimeoutMs?: number;
  /**
   * Where the server's stderr (the access log) goes; default: a temporary file, removed when the
   * server stops cleanly (exit code 0) and kept, its path printed, when it failed.
   */
  logFile?: string;
  /** Keep the temporary log file even after a clean stop. */
  keepLog?: boolean;
  /** Also serve HTTPS (--tls auto): tlsEndpoint, caPath, and s3ClientConfig over HTTPS. */
  tls?: boolean;
}

export interface S3Sandbox {
  endpoint: string;
  port: number;
  credentials: { accessKeyId: string; secretAccessKey: string };
  region: string;
  /** For new S3Client(...): endpoint, region, credentials, forcePathStyle: true. */
  s3ClientConfig: {
    endpoint: string;
    region: string;
    credentials: { accessKeyId: string; secretAccessKey: string };
    forcePathStyle: true;
    /** With tls: an https.Agent trusting the sandbox's CA, for the SDK's NodeHttpHandler. */
    requestHandler?: { httpsAgent: import("node:https").Agent };
  };
  /** With tls: https://127.0.0.1:PORT, the CA file and its PEM, an Agent trusting it. */
  tlsEndpoint: string | null;
  caPath: string | null;
  ca: string | null;
  httpsAgent: import("node:https").Agent | null;
  env: Record<string, string>;
  process: import("node:child_process").ChildProcess;
  logFile: string;
  log(): string;
  stop(): Promise<number | string | null>;
  reset(options?: { bucket?: string; fixtures?: boolean }): Promise<unknown>;
  /** The per-test clean in one call (POST /_sandbox/clean): data, clock, faults, journal, events. */
  clean(options?: { snapshot?: string; fixtures?: boolean }): Promise<any>;
  health(): Promise<any>;
  snapshot(name: string): Promise<any>;
  restore(name: string): Promise<any>;
  snapshots(): Promise<any[]>;
  requests(filters?: Record<string, string | number>): Promise<any[]>;
  clock: {
    get(): Promise<any>;
    set(changes: Record<string, string | number>): Promise<any>;
    advance(duration: string | number): Promise<any>;
    reset(): Promise<any>;
  };
  faults: {
    add(rule: Record<string, string | number>): Promise<any>;
    list(): Promise<any[]>;
    delete(id: number): Promise<unknown>;
    clear(): Promise<unknown>;
  };
}

export function startS3Sandbox(options?: S3SandboxOptions): Promise<S3Sandbox>;
export function findBinary(): string;
