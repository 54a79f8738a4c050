#!/usr/bin/env python3
"""The request journal's and the access log's cost per request, counted rather than timed
(issue #15: both on must stay within 10 % of both off).

Wall-clock rounds on the shared 2-core VM move by 3x from one round to the next (RESULTS.md), so
this counts what does not move: the instructions the server executes per presigned 4 KiB GET
(valgrind's callgrind: the same count for the same binary and requests, whatever else runs) and
the system calls it makes per request (strace -c). Each configuration is one server process,
run under the tool, warmed up, then sent exactly N requests on one keep-alive connection; the
counts of a run with N requests minus those of a run with N/2 remove start-up and warm-up.

  bench/journal_cost.py --binary build-bench/s3sandbox [--requests 4000]
"""
import argparse
import glob
import http.client
import os
import re
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402  (free_port, first_answer, Server, s3sandbox_cmd)

CONFIGS = {"on": [], "off": ["--journal-size", "0", "--access-log", "0"]}


def send(port, path, n):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    for _ in range(n):
        conn.request("GET", path)
        r = conn.getresponse()
        body = r.read()
        assert r.status == 200 and len(body) == 4096, (r.status, body[:200])
    conn.close()


def run_once(binary, workdir, name, extra, tool, n):
    """Starts the server under `tool`, sends n requests after a warm-up, stops it; returns the
    tool's output files' directory."""
    out = os.path.join(workdir, f"{name}-{tool}-{n}")
    os.makedirs(out)
    data = os.path.join(out, "data")
    os.makedirs(data)
    port = bench.free_port()
    cmd = bench.s3sandbox_cmd(binary, port, data) + extra
    if tool == "callgrind":
        cmd = ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}/callgrind.out.%p"] + cmd
    else:
        cmd = ["strace", "-f", "-c", "-o", f"{out}/strace.txt"] + cmd
    proc = bench.start(cmd, os.path.join(out, "server.log"))
    bench.first_answer(proc=proc, port=port, timeout=120)
    server = bench.Server(name, port, proc, ("s3sandbox", "s3sandbox-secret"))
    s3 = server.client()
    s3.create_bucket(Bucket="cost")
    s3.put_object(Bucket="cost", Key="small", Body=os.urandom(4096))
    path = server.presign("get_object", Bucket="cost", Key="small")
    send(port, path, 50)  # warm-up: caches, the journal's first slots, the log's buffers
    send(port, path, n)
    # The server, not strace (which would only detach): a clean stop flushes the counts.
    for pid in bench.tree_pids(proc.pid)[-1:] if tool == "strace" else [proc.pid]:
        os.kill(pid, 2)
    proc.wait(timeout=120)
    return out


def callgrind_total(out):
    """Instructions executed by the whole process (all threads), from callgrind's summary line."""
    total = 0
    for f in glob.glob(os.path.join(out, "callgrind.out.*")):
        with open(f) as fh:
            for line in fh:
                m = re.match(r"(?:summary|totals):\s+(\d+)", line)
                if m:
                    total += int(m.group(1))
                    break
    return total


def strace_calls(out):
    calls = {}
    with open(os.path.join(out, "strace.txt")) as fh:
        for line in fh:
            parts = line.split()
            if len(parts) >= 5 and parts[0][0].isdigit() and parts[-1] != "total":
                calls[parts[-1]] = int(parts[3])
    return calls


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", default="build-bench/s3sandbox")
    ap.add_argument("--requests", type=int, default=4000)
    args = ap.parse_args()
    n, half = args.requests, args.requests // 2
    with tempfile.TemporaryDirectory() as workdir:
        try:
            per_request = {}
            for name, extra in CONFIGS.items():
                big = callgrind_total(run_once(args.binary, workdir, name, extra, "callgrind", n))
                small = callgrind_total(run_once(args.binary, workdir, name, extra, "callgrind", half))
                calls_big = strace_calls(run_once(args.binary, workdir, name, extra, "strace", n))
                calls_small = strace_calls(run_once(args.binary, workdir, name, extra, "strace", half))
                syscalls = sum(calls_big.values()) - sum(calls_small.values())
                extra = {k: (calls_big.get(k, 0) - calls_small.get(k, 0)) / (n - half)
                         for k in calls_big}
                print(f"{name}: system calls per request: " + ", ".join(
                    f"{k} {v:.2f}" for k, v in sorted(extra.items(), key=lambda kv: -kv[1])
                    if v >= 0.05), flush=True)
                per_request[name] = ((big - small) / (n - half), syscalls / (n - half))
                print(f"{name}: {per_request[name][0]:,.0f} instructions and "
                      f"{per_request[name][1]:.2f} system calls per request "
                      f"(server, user space; {n} - {half} requests)", flush=True)
            on, off = per_request["on"], per_request["off"]
            print(f"on/off: instructions per request {on[0] / off[0]:.3f}, "
                  f"system calls per request {on[1] / off[1]:.3f}")
        finally:
            bench.cleanup()


if __name__ == "__main__":
    main()
