// Starts the s3sandbox binary for a JavaScript test: ephemeral storage, a free port, and the
// endpoint read from the "s3sandbox ready http://HOST:PORT" line.
import { spawn } from "node:child_process";
import { once } from "node:events";
import path from "node:path";

const defaultBinary = path.resolve(import.meta.dirname ?? ".", "../../../build/s3sandbox");

export const credentials = { accessKeyId: "s3sandbox", secretAccessKey: "s3sandbox-secret" };

export async function startServer(extraArgs = []) {
  const binary = process.env.S3SANDBOX_BIN ?? defaultBinary;
  const child = spawn(binary, ["--listen", "127.0.0.1:0", "--ephemeral", ...extraArgs], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  const endpoint = await new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error("server did not start: " + stderr)), 10000);
    child.stdout.on("data", (d) => {
      out += d;
      const m = out.match(/s3sandbox ready (http:\/\/\S+)/);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.on("exit", (code) => reject(new Error(`server exited with ${code}: ${stderr}`)));
  });
  return {
    endpoint,
    log: () => stderr,
    async stop() {
      child.kill("SIGTERM");
      const [code] = await once(child, "exit");
      return code;
    },
  };
}
