#!/usr/bin/python3
"""The side-by-side benchmark (issue 7): s3sandbox, a static-file nginx (the limit) and the other
S3 emulators a user would pick instead (s3rver; moto's server mode where Python's moto is
installed), measured in one run on the same machine with the same load generators (wrk, curl),
plus the physical bounds measured on the spot (openssl speed, dd). Prints one markdown table with
the ratios and the targets of the issue.

Run through bench/run.sh, which checks the prerequisites and builds s3sandbox and fill_bucket.
Needs Debian's /usr/bin/python3 with boto3 (python3-boto3). Every server listens on a free
loopback port with its data in a temp dir; all are stopped at the end, also on Ctrl-C.
"""

import argparse
import concurrent.futures
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time

import boto3
from botocore.auth import S3SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials

HERE = os.path.dirname(os.path.abspath(__file__))
WRK_SCRIPT = os.path.join(HERE, "wrk", "s3.lua")
REGION = "us-east-1"
BUCKET = "bench"
SMALL, LARGE, SAME_KEY = "small.bin", "large.bin", "same-key"
SMALL_SIZE, LARGE_SIZE = 4096, 64 * 1024 * 1024
EXPIRY = 7 * 24 * 3600  # SigV4's longest

children = []  # every process started, stopped in cleanup()


def log(msg):
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(cmd, log_path, env=None):
    out = open(log_path, "wb")
    proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                            env=env, start_new_session=True)
    children.append(proc)
    if os.environ.get("BENCH_PIDFILE"):
        with open(os.environ["BENCH_PIDFILE"], "a") as f:
            f.write(f"{proc.pid}\n")
    return proc


def stop(proc):
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def cleanup():
    for proc in children:
        try:
            stop(proc)
        except ProcessLookupError:
            pass


def first_answer(port, proc, timeout=60.0):
    """Seconds until the server answers an HTTP request on port (any status)."""
    t0 = time.perf_counter()
    request = f"GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n".encode()
    while time.perf_counter() - t0 < timeout:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode} before answering")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
                s.sendall(request)
                if s.recv(1):
                    return time.perf_counter() - t0
        except OSError:
            time.sleep(0.0005)
    raise RuntimeError(f"no answer on port {port} within {timeout} s")


def tree_pids(pid):
    """pid and all its descendants (nginx's workers)."""
    parents = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
                parents.setdefault(ppid, []).append(int(entry))
            except OSError:
                pass
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(parents.get(p, []))
    return out


def peak_rss_mib(pid):
    total = 0
    for p in tree_pids(pid):
        try:
            with open(f"/proc/{p}/status") as f:
                m = re.search(r"VmHWM:\s+(\d+) kB", f.read())
                total += int(m.group(1)) if m else 0
        except OSError:
            pass
    return total / 1024


# --- servers -----------------------------------------------------------------------------------


class Server:
    """A running server: name, port, process, and how to sign for it (None: not S3)."""

    def __init__(self, name, port, proc, creds=None):
        self.name, self.port, self.proc, self.creds = name, port, proc, creds
        self.endpoint = f"http://127.0.0.1:{port}"

    def client(self):
        ak, sk = self.creds
        return boto3.client("s3", endpoint_url=self.endpoint, aws_access_key_id=ak,
                            aws_secret_access_key=sk, region_name=REGION,
                            config=Config(signature_version="s3v4",
                                          s3={"addressing_style": "path"}, retries={"max_attempts": 1}))

    def presign(self, op, **params):
        url = self.client().generate_presigned_url(op, Params=params, ExpiresIn=EXPIRY)
        return url[len(self.endpoint):]

    def signed_headers(self, path):
        """Header-signed SigV4 request for GET path: the headers to replay."""
        ak, sk = self.creds
        request = AWSRequest(method="GET", url=self.endpoint + path)
        S3SigV4Auth(Credentials(ak, sk), "s3", REGION).add_auth(request)
        return {k: v for k, v in request.headers.items() if k.lower() != "host"}


def s3sandbox_cmd(binary, port, data_dir):
    # As users run it: the access log on (the default; a line per request, written to the log
    # file in per-worker batches). No fsync, as --ephemeral (what CI jobs use) implies, and as
    # s3rver does not fsync either.
    return [binary, "--listen", f"127.0.0.1:{port}", "--data-dir", data_dir, "--no-fsync"]


def nginx_conf(workdir, port, root):
    conf = os.path.join(workdir, f"nginx-{port}.conf")
    with open(conf, "w") as f:
        f.write(f"""worker_processes auto;
pid {workdir}/nginx-{port}.pid;
error_log {workdir}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  client_body_temp_path {workdir}/nginx-body;
  proxy_temp_path {workdir}/nginx-proxy;
  fastcgi_temp_path {workdir}/nginx-fastcgi;
  uwsgi_temp_path {workdir}/nginx-uwsgi;
  scgi_temp_path {workdir}/nginx-scgi;
  default_type application/octet-stream;
  server {{
    listen 127.0.0.1:{port};
    root {root};
  }}
}}
""")
    return ["nginx", "-e", f"{workdir}/nginx-error.log", "-c", conf, "-g", "daemon off;"]


def emulator_specs(workdir):
    """The other S3 emulators available here: (name, command(port, data_dir), credentials)."""
    specs = []
    s3rver = os.path.join(HERE, "node_modules", ".bin", "s3rver")
    if os.path.exists(s3rver):
        specs.append(("s3rver", lambda port, d: [s3rver, "-d", d, "-a", "127.0.0.1", "-p",
                                                  str(port), "--silent"], ("S3RVER", "S3RVER")))
    if subprocess.run(["/usr/bin/python3", "-c", "import moto.server"],
                      capture_output=True).returncode == 0:
        # moto keeps everything in memory; the data dir is unused. (Not installable on the
        # machine the results were taken on: Debian 12 has no python3-moto.)
        specs.append(("moto", lambda port, d: ["/usr/bin/python3", "-m", "moto.server", "-H",
                                               "127.0.0.1", "-p", str(port)], ("test", "test")))
    return specs


# --- load generators ---------------------------------------------------------------------------


def wrk(server, path, conns, seconds, method="GET", body=0, headers=None, workdir="/tmp"):
    env = dict(os.environ, WRK_METHOD=method, WRK_PATH=path, WRK_BODY_BYTES=str(body))
    if headers is not None:
        hfile = os.path.join(workdir, "wrk-headers.txt")
        with open(hfile, "w") as f:
            f.writelines(f"{k}: {v}\n" for k, v in headers().items())
        env["WRK_HEADERS_FILE"] = hfile
    threads = min(2, conns)
    cmd = ["wrk", f"-t{threads}", f"-c{conns}", f"-d{seconds}s", "--timeout", "10s", "-s",
           WRK_SCRIPT, server.endpoint]
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True).stdout
    m = re.search(r"^WRK_JSON (.*)$", out, re.M)
    if not m:
        raise RuntimeError(f"wrk printed no summary:\n{out}")
    r = json.loads(m.group(1))
    r["rps"] = r["requests"] / (r["duration_us"] / 1e6)
    r["errors"] = r["connect"] + r["read"] + r["write"] + r["status"] + r["timeout"]
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    r["non2xx"] = int(non2xx.group(1)) if non2xx else 0
    return r


def curl_mbps(url, runs, upload=None):
    """Median MB/s (10^6) of `runs` transfers of url (GET, or PUT of the file `upload`)."""
    speeds = []
    for i in range(runs + 1):  # the first one warms caches and connections up
        cmd = ["curl", "-sS", "-o", "/dev/null", "-w", "%{http_code} %{speed_download} "
               "%{speed_upload}", url]
        if upload:
            cmd[1:1] = ["-T", upload]
        code, down, up = subprocess.run(cmd, capture_output=True, text=True,
                                        check=True).stdout.split()
        if code != "200":
            raise RuntimeError(f"curl {url}: HTTP {code}")
        if i:
            speeds.append(float(up if upload else down) / 1e6)
    return statistics.median(speeds)


# --- physical bounds ---------------------------------------------------------------------------


def openssl_mbps(algorithm, seconds):
    out = subprocess.run(["openssl", "speed", "-mr", "-seconds", str(seconds), "-bytes",
                          "1048576", "-evp", algorithm], capture_output=True, text=True).stdout
    m = re.search(rf"^\+F:\d+:{algorithm}:([\d.]+)", out, re.M)
    return float(m.group(1)) / 1e6


def dd_mbps(workdir):
    path = os.path.join(workdir, "dd.bin")
    def run(args):
        err = subprocess.run(["dd", *args, "bs=1M", "count=256"], capture_output=True,
                             text=True).stderr
        m = re.search(r"([\d.,]+) ([GM])B/s", err)
        value = float(m.group(1).replace(",", "."))
        return value * (1000 if m.group(2) == "G" else 1)
    write = run(["if=/dev/zero", f"of={path}", "conv=fdatasync"])
    read = run([f"if={path}", "of=/dev/null"])  # from the page cache: memory bandwidth
    os.unlink(path)
    return write, read


# --- the run -----------------------------------------------------------------------------------


def setup_s3(server, large_path, list_keys=0):
    s3 = server.client()
    s3.create_bucket(Bucket=BUCKET)
    s3.put_object(Bucket=BUCKET, Key=SMALL, Body=os.urandom(SMALL_SIZE))
    with open(large_path, "rb") as f:
        s3.put_object(Bucket=BUCKET, Key=LARGE, Body=f)
    if list_keys:
        s3.create_bucket(Bucket="list1k")
        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            list(pool.map(lambda i: s3.put_object(Bucket="list1k", Key=f"key/{i:09d}", Body=b""),
                          range(list_keys)))


def measure_s3(server, args, workdir, lists):
    """Every metric for one S3 server. lists: {metric: presigned list path}."""
    d, r = args.duration, {}
    get = server.presign("get_object", Bucket=BUCKET, Key=SMALL)
    small_path = f"/{BUCKET}/{SMALL}"
    log(f"{server.name}: 4 KiB GET/PUT")
    wrk(server, get, 16, 1)  # warm-up
    for c in (16, 64):
        r[f"get4k_{c}"] = wrk(server, get, c, d)
        r[f"hget4k_{c}"] = wrk(server, small_path, c, d,
                               headers=lambda: server.signed_headers(small_path), workdir=workdir)
    r["lat1"] = wrk(server, get, 1, d)
    for name, path in lists.items():
        log(f"{server.name}: {name}")
        r[name] = wrk(server, path, 1, max(1, d // 2))
    log(f"{server.name}: 64 MiB GET/PUT")
    r["get64m"] = curl_mbps(server.endpoint + server.presign("get_object", Bucket=BUCKET,
                                                             Key=LARGE), args.runs)
    r["put64m"] = curl_mbps(server.endpoint + server.presign("put_object", Bucket=BUCKET,
                                                             Key=LARGE), args.runs,
                            upload=os.path.join(workdir, "large.bin"))
    return r


def measure_nginx(server, args, workdir, sandbox):
    """The same requests as s3sandbox's (nginx ignores the query and the signature headers)."""
    d, r = args.duration, {}
    get = sandbox.presign("get_object", Bucket=BUCKET, Key=SMALL)
    small_path = f"/{BUCKET}/{SMALL}"
    log("nginx: 4 KiB GET")
    wrk(server, get, 16, 1)
    for c in (16, 64):
        r[f"get4k_{c}"] = wrk(server, get, c, d)
        r[f"hget4k_{c}"] = wrk(server, small_path, c, d,
                               headers=lambda: sandbox.signed_headers(small_path), workdir=workdir)
    r["lat1"] = wrk(server, get, 1, d)
    log("nginx: 64 MiB GET")
    r["get64m"] = curl_mbps(server.endpoint + sandbox.presign("get_object", Bucket=BUCKET,
                                                              Key=LARGE), args.runs)
    return r


def cold_starts(cmd_for, runs, workdir, name, env=None):
    """Median seconds from launch to the first answer, each run on a fresh data dir and port."""
    times = []
    for i in range(runs):
        port = free_port()
        data = tempfile.mkdtemp(prefix=f"cold-{name}-", dir=workdir)
        proc = start(cmd_for(port, data), os.path.join(workdir, f"cold-{name}.log"), env)
        try:
            times.append(first_answer(port, proc))
        finally:
            stop(proc)
            children.remove(proc)
    return statistics.median(times)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--s3sandbox", required=True, help="the s3sandbox binary")
    ap.add_argument("--fill-bucket", required=True, help="the fill_bucket binary")
    ap.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    ap.add_argument("--runs", type=int, default=5, help="curl transfers per 64 MiB measure")
    ap.add_argument("--big-keys", type=int, default=1_000_000, help="keys of the big bucket")
    ap.add_argument("--cold-runs", type=int, default=7)
    ap.add_argument("--json", help="also write the raw results here")
    ap.add_argument("--keep", action="store_true", help="keep the temp dir")
    ap.add_argument("--sandbox-env", action="append", default=[], metavar="NAME=VALUE",
                    help="environment for s3sandbox only (experiments, e.g. LD_PRELOAD=...)")
    args = ap.parse_args()

    workdir = tempfile.mkdtemp(prefix="s3bench-")
    os.chmod(workdir, 0o755)  # nginx's workers run as nobody
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    results = {"machine": {}, "servers": {}}
    try:
        run(args, workdir, results)
    finally:
        cleanup()
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=1)
    import report  # noqa: E402 (beside this file)
    print(report.table(results))


def run(args, workdir, results):
    m = results["machine"]
    log("physical bounds: openssl speed, dd")
    m["md5_mbps"] = openssl_mbps("md5", 3)
    m["sha256_mbps"] = openssl_mbps("sha256", 3)
    m["dd_write_mbps"], m["dd_read_mbps"] = dd_mbps(workdir)

    large = os.path.join(workdir, "large.bin")
    with open(large, "wb") as f:
        f.write(os.urandom(LARGE_SIZE))

    # s3sandbox's listing buckets, filled through the storage layer before it starts.
    data = os.path.join(workdir, "s3sandbox-data")
    for bucket, count in (("list1k", 1000), ("list1m", args.big_keys)):
        log(f"fill_bucket {bucket}: {count} keys")
        t0 = time.perf_counter()
        subprocess.run([args.fill_bucket, "--data-dir", data, "--bucket", bucket, "--count",
                        str(count), "--prefix", "key/"], check=True, stdout=subprocess.DEVNULL)
        m[f"fill_{bucket}_s"] = time.perf_counter() - t0

    sandbox_env = dict(os.environ, **dict(e.split("=", 1) for e in args.sandbox_env))
    port = free_port()
    proc = start(s3sandbox_cmd(args.s3sandbox, port, data), os.path.join(workdir, "s3sandbox.log"),
                 sandbox_env)
    m["s3sandbox_start_with_big_bucket_s"] = first_answer(port, proc)
    sandbox = Server("s3sandbox", port, proc, ("s3sandbox", "s3sandbox-secret"))

    root = os.path.join(workdir, "nginx-root")
    os.makedirs(os.path.join(root, BUCKET))
    shutil.copy(large, os.path.join(root, BUCKET, LARGE))
    with open(os.path.join(root, BUCKET, SMALL), "wb") as f:
        f.write(os.urandom(SMALL_SIZE))
    port = free_port()
    proc = start(nginx_conf(workdir, port, root), os.path.join(workdir, "nginx.log"))
    first_answer(port, proc)
    nginx = Server("nginx", port, proc)

    emulators = []
    for name, cmd_for, creds in emulator_specs(workdir):
        port = free_port()
        d = os.path.join(workdir, f"{name}-data")
        os.makedirs(d)
        proc = start(cmd_for(port, d), os.path.join(workdir, f"{name}.log"))
        first_answer(port, proc)
        emulators.append((Server(name, port, proc, creds), cmd_for))

    log("uploading the test objects")
    setup_s3(sandbox, large)
    for server, _ in emulators:
        setup_s3(server, large, list_keys=1000)

    def lists_for(server, big):
        out = {"list_1k": server.presign("list_objects_v2", Bucket="list1k", MaxKeys=1000)}
        if big:
            out["list_1m_first"] = server.presign("list_objects_v2", Bucket="list1m",
                                                  MaxKeys=1000)
            out["list_1m_middle"] = server.presign("list_objects_v2", Bucket="list1m",
                                                   MaxKeys=1000,
                                                   StartAfter=f"key/{args.big_keys // 2:09d}")
        return out

    s = results["servers"]
    for server in [sandbox] + [e for e, _ in emulators]:
        s[server.name] = {}
    # 4 KiB PUTs create and delete a file per request on every emulator here, and ext4's inode
    # allocator slows down for minutes after many deletes (a run's 1M-key cleanup, the 1M-key
    # fill): measured back to back, server after server, so that all meet the same filesystem.
    os.sync()  # the fill's dirty pages are written back now, not during the measurements
    log("4 KiB PUT, servers alternating")
    for c in (16, 64):
        for server in [sandbox] + [e for e, _ in emulators]:
            put = server.presign("put_object", Bucket=BUCKET, Key=SAME_KEY)
            s[server.name][f"put4k_{c}"] = wrk(server, put, c, args.duration, method="PUT",
                                               body=SMALL_SIZE)
    s["s3sandbox"].update(measure_s3(sandbox, args, workdir, lists_for(sandbox, True)))
    s["nginx"] = measure_nginx(nginx, args, workdir, sandbox)
    for server, _ in emulators:
        s[server.name].update(measure_s3(server, args, workdir, lists_for(server, False)))

    for server in [sandbox, nginx] + [e for e, _ in emulators]:
        s[server.name]["peak_rss_mib"] = peak_rss_mib(server.proc.pid)
        stop(server.proc)

    log("cold starts")
    s["s3sandbox"]["cold_start_s"] = cold_starts(
        lambda p, d: s3sandbox_cmd(args.s3sandbox, p, d), args.cold_runs, workdir, "s3sandbox",
        sandbox_env)
    s["nginx"]["cold_start_s"] = cold_starts(lambda p, d: nginx_conf(workdir, p, root),
                                             args.cold_runs, workdir, "nginx")
    for server, cmd_for in emulators:
        s[server.name]["cold_start_s"] = cold_starts(cmd_for, args.cold_runs, workdir,
                                                     server.name)
    m["big_keys"] = args.big_keys
    m["duration_s"] = args.duration


if __name__ == "__main__":
    sys.path.insert(0, HERE)
    main()
