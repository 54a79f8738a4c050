#!/usr/bin/python3
"""The nginx-ratio targets of bench.py, decided so that the VM's noise cannot decide them.

One bench.py run measures s3sandbox and nginx minutes apart, and on the project's 2-core VM
nginx's own figure moves by up to 40 % between runs: a ratio of two such figures is luck. Here
the servers run side by side for the whole run and are measured in rounds. In each round every
server gets the same short measures back to back, in an order that rotates from round to round,
and the round's ratio pairs figures taken seconds apart. The verdict is the median of the
per-round ratios, shown with their range.

Servers: s3sandbox as users run it (the default threads, the access log on), s3sandbox with
`--pin-threads` (to decide whether pinning should be the binary's default), nginx, and with
`--baseline BINARY` another s3sandbox build run the default way (a before/after in one run).
`--variant 'LABEL=ARGS'` (repeatable) replaces the two s3sandbox servers by the binary run with
each ARGS, e.g. `--variant 'as users run it=' --variant 'log and journal off=--access-log 0
--journal-size 0'`: the table then also gives each variant's median per-round ratio to the first.

Run through bench/run.sh --verdict [--rounds N] [--duration S] [--runs N] [--baseline BINARY]
[--variant LABEL=ARGS]...
"""

import argparse
import os
import shutil
import signal
import statistics
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402 (beside this file)

TARGETS = (  # (metric, label, target ratio against nginx)
    ("get4k_16", "presigned GET 4 KiB, 16 conns (req/s)", 0.7),
    ("get4k_64", "presigned GET 4 KiB, 64 conns (req/s)", 0.7),
    ("get64m", "GET 64 MiB (curl, presigned) (MB/s)", 0.9),
)


def start_servers(args, workdir):
    """s3sandbox (default), s3sandbox --pin-threads, nginx: each serving the same two objects."""
    large = os.path.join(workdir, "large.bin")
    small = os.urandom(bench.SMALL_SIZE)
    with open(large, "wb") as f:
        f.write(os.urandom(bench.LARGE_SIZE))
    servers = {}
    variants = [(label, args.s3sandbox, extra.split()) for label, extra in
                (v.split("=", 1) for v in args.variant)]
    if not variants:
        variants = [("s3sandbox", args.s3sandbox, []),
                    ("s3sandbox --pin-threads", args.s3sandbox, ["--pin-threads"])]
    if args.baseline:
        variants.append(("baseline", args.baseline, []))
    for name, binary, extra in variants:
        port = bench.free_port()
        data = tempfile.mkdtemp(prefix="data-", dir=workdir)
        cmd = bench.s3sandbox_cmd(binary, port, data) + extra
        proc = bench.start(cmd, os.path.join(workdir, f"{port}.log"))
        bench.first_answer(port, proc)
        server = bench.Server(name, port, proc, ("s3sandbox", "s3sandbox-secret"))
        bench.setup_s3(server, large)
        server.client().put_object(Bucket=bench.BUCKET, Key=bench.SMALL, Body=small)
        servers[name] = server
    root = os.path.join(workdir, "nginx-root")
    os.makedirs(os.path.join(root, bench.BUCKET))
    shutil.copy(large, os.path.join(root, bench.BUCKET, bench.LARGE))
    with open(os.path.join(root, bench.BUCKET, bench.SMALL), "wb") as f:
        f.write(small)
    port = bench.free_port()
    proc = bench.start(bench.nginx_conf(workdir, port, root), os.path.join(workdir, "nginx.log"))
    bench.first_answer(port, proc)
    servers["nginx"] = bench.Server("nginx", port, proc)
    return servers


def measure(server, signer, args):
    """One round's figures for one server. signer: who signs the URLs, the server itself, or for
    nginx an s3sandbox (nginx ignores the query string, so it serves the same request line)."""
    get = signer.presign("get_object", Bucket=bench.BUCKET, Key=bench.SMALL)
    big = server.endpoint + signer.presign("get_object", Bucket=bench.BUCKET, Key=bench.LARGE)
    bench.wrk(server, get, 16, 1)  # warm-up
    out = {f"get4k_{c}": bench.wrk(server, get, c, args.duration)["rps"] for c in (16, 64)}
    out["get64m"] = bench.curl_mbps(big, args.runs)
    return out


def fmt(value):
    return f"{value:,.0f}"


def report(rounds, names):
    """Markdown: per metric and s3sandbox variant, the median figures, the median per-round
    ratio against nginx with its range, and the verdict against the target."""
    def paired(mine, theirs):
        ratios = sorted(a / b for a, b in zip(mine, theirs))
        return f"{statistics.median(ratios):.2f}× ({ratios[0]:.2f}–{ratios[-1]:.2f})", \
            statistics.median(ratios)

    first = names[0]
    lines = ["| metric | server | median | nginx median | median ratio to nginx (range over "
             f"rounds) | target | verdict | median ratio to {first} |",
             "|---|---|---|---|---|---|---|---|"]
    for metric, label, target in TARGETS:
        nginx = [r["nginx"][metric] for r in rounds]
        for name in names:
            mine = [r[name][metric] for r in rounds]
            text, ratio = paired(mine, nginx)
            verdict = "PASS" if ratio >= target else "**MISS**"
            to_first = paired(mine, [r[first][metric] for r in rounds])[0] if name != first \
                else "—"
            lines.append(f"| {label} | {name} | {fmt(statistics.median(mine))} | "
                         f"{fmt(statistics.median(nginx))} | {text} | ≥ {target}× nginx | "
                         f"{verdict} | {to_first} |")
    lines.append("")
    lines.append(f"Per round ({' / '.join([*names, 'nginx'])}):")
    for i, r in enumerate(rounds, 1):
        cells = ", ".join(f"{m} " + " / ".join(fmt(r[n][m]) for n in [*names, "nginx"])
                          for m, _, _ in TARGETS)
        lines.append(f"- round {i}: {cells}")
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--s3sandbox", required=True, help="the s3sandbox binary")
    ap.add_argument("--rounds", type=int, default=7, help="rounds (the median's sample size)")
    ap.add_argument("--duration", type=int, default=5, help="seconds per wrk run")
    ap.add_argument("--runs", type=int, default=9, help="curl transfers per 64 MiB measure")
    ap.add_argument("--baseline", help="another s3sandbox binary to measure alongside")
    ap.add_argument("--variant", action="append", default=[], metavar="LABEL=ARGS",
                    help="run the binary with ARGS under LABEL (repeatable; replaces the default "
                         "pair: as users run it, and --pin-threads)")
    args = ap.parse_args()

    workdir = tempfile.mkdtemp(prefix="s3verdict-")
    os.chmod(workdir, 0o755)  # nginx's workers run as nobody
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    try:
        servers = start_servers(args, workdir)
        names = list(servers)
        rounds = []
        for i in range(args.rounds):
            order = names[i % len(names):] + names[:i % len(names)]
            bench.log(f"round {i + 1}/{args.rounds}: {', '.join(order)}")
            rounds.append({name: measure(servers[name],
                                         servers[name if servers[name].creds else names[0]],
                                         args) for name in order})
    finally:
        bench.cleanup()
        shutil.rmtree(workdir, ignore_errors=True)
    print(report(rounds, [n for n in names if n != "nginx"]))


if __name__ == "__main__":
    main()
