#!/usr/bin/env python3
"""A/B of the request journal's and the access log's cost on presigned 4 KiB GETs (issue #15:
both on must stay within 10 % of both off). Two s3sandbox processes from the same binary, one
with the defaults (journal and access log on) and one with --journal-size 0 --access-log 0,
measured by wrk in alternating rounds; prints each round and the medians of the paired ratios
of throughput and of the server's CPU time per request (steadier on a shared machine).

  bench/journal_ab.py --binary build/s3sandbox --rounds 6 --duration 5
"""
import argparse
import os
import statistics
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402  (start/stop/wrk/Server helpers)


def cpu_seconds(pid):
    """User + system CPU time of a process so far (the server's cost, whatever else runs)."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def launch(binary, workdir, name, extra):
    port = bench.free_port()
    data = os.path.join(workdir, name)
    os.makedirs(data)
    proc = bench.start(bench.s3sandbox_cmd(binary, port, data) + extra,
                       os.path.join(workdir, name + ".log"))
    bench.first_answer(port, proc)
    server = bench.Server(name, port, proc, ("s3sandbox", "s3sandbox-secret"))
    s3 = server.client()
    s3.create_bucket(Bucket="journal-ab")
    s3.put_object(Bucket="journal-ab", Key="small", Body=os.urandom(4096))
    return server


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", default="build/s3sandbox")
    ap.add_argument("--rounds", type=int, default=6)
    ap.add_argument("--duration", type=int, default=5)
    ap.add_argument("--conns", type=int, default=16)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as workdir:
        try:
            on = launch(args.binary, workdir, "on", [])
            off = launch(args.binary, workdir, "off", ["--journal-size", "0", "--access-log", "0"])
            paths = {s.name: s.presign("get_object", Bucket="journal-ab", Key="small") for s in (on, off)}
            for s in (on, off):
                bench.wrk(s, paths[s.name], args.conns, 1)  # warm-up
            ratios, cpu_ratios = [], []
            for i in range(args.rounds):
                order = (on, off) if i % 2 == 0 else (off, on)
                rps, cpu = {}, {}
                for s in order:
                    before = cpu_seconds(s.proc.pid)
                    r = bench.wrk(s, paths[s.name], args.conns, args.duration)
                    assert r["errors"] == 0 and r["non2xx"] == 0, r
                    rps[s.name] = r["rps"]
                    cpu[s.name] = (cpu_seconds(s.proc.pid) - before) / r["requests"] * 1e6
                ratios.append(rps["on"] / rps["off"])
                cpu_ratios.append(cpu["on"] / cpu["off"])
                print(f"round {i + 1}: on {rps['on']:.0f} req/s {cpu['on']:.1f} us CPU/req, "
                      f"off {rps['off']:.0f} req/s {cpu['off']:.1f} us CPU/req, "
                      f"throughput on/off {ratios[-1]:.3f}, CPU on/off {cpu_ratios[-1]:.3f}",
                      flush=True)
                time.sleep(0.5)
            print(f"median throughput on/off {statistics.median(ratios):.3f}, "
                  f"median server CPU per request on/off {statistics.median(cpu_ratios):.3f} "
                  f"over {len(ratios)} rounds")
        finally:
            bench.cleanup()


if __name__ == "__main__":
    main()
