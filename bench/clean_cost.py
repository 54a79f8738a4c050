"""The per-test clean's cost, as the pytest plugin's `s3` fixture pays it before every test: the
five control calls Sandbox.clean() used to make (reset, clock, faults, journal, events) against
the one POST /_sandbox/clean, on the same server, alternating, each after the same small test
(a bucket and three objects written).

    S3SANDBOX_BIN=build/s3sandbox /usr/bin/python3 bench/clean_cost.py [rounds]
"""
import os
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "packages" / "python" / "src"))
from s3sandbox import Sandbox  # noqa: E402


def five_calls(sb):
    call = sb._control.call
    call("POST", "reset")
    call("PUT", "clock", params={"offset": 0})
    call("DELETE", "faults")
    call("DELETE", "requests")
    call("DELETE", "events")


def one_call(sb):
    sb._control.call("POST", "clean")


def a_small_test(s3, i):
    s3.create_bucket(Bucket=f"bench-{i}")
    for k in range(3):
        s3.put_object(Bucket=f"bench-{i}", Key=f"k{k}", Body=b"x" * 1024)


def main():
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    binary = os.environ.get("S3SANDBOX_BIN", str(REPO / "build" / "s3sandbox"))
    timings = {"five calls": [], "one call": []}
    with Sandbox(binary=binary) as sb:
        s3 = sb.client()
        for i in range(rounds):
            for name, clean in (("five calls", five_calls), ("one call", one_call)):
                a_small_test(s3, i)
                t0 = time.perf_counter()
                clean(sb)
                timings[name].append((time.perf_counter() - t0) * 1000)
    for name, ms in timings.items():
        ms.sort()
        print(f"{name:>10}: median {statistics.median(ms):.2f} ms, "
              f"p90 {ms[int(len(ms) * 0.9)]:.2f} ms, min {ms[0]:.2f} ms ({len(ms)} rounds)")


if __name__ == "__main__":
    main()
