"""The markdown table of bench/bench.py's results: each metric for s3sandbox, nginx and the other
emulators, s3sandbox's ratio against each, the issue's target and PASS/MISS.

Also usable alone to re-render a saved run: python3 bench/report.py results.json
"""

import json
import sys

SANDBOX, NGINX, REFERENCE = "s3sandbox", "nginx", "s3rver"  # targets name s3rver


def _rps(key):
    return lambda r: r[key]["rps"] if key in r else None


def _get(key, field=None, scale=1.0):
    def f(r):
        if key not in r:
            return None
        v = r[key] if field is None else r[key][field]
        return v * scale
    return f


# (label, unit, value(results of one server), higher_is_better, target)
# target(values, machine) -> (text, verdict or None); values: {server: value}
def _ratio(a, b):
    return a / b if a is not None and b not in (None, 0) else None


def _min_ratio_nginx(k):
    def t(v, m):
        r = _ratio(v.get(SANDBOX), v.get(NGINX))
        return f"≥ {k}× nginx", None if r is None else r >= k
    return t


def _min_ratio_ref(k):
    def t(v, m):
        r = _ratio(v.get(SANDBOX), v.get(REFERENCE))
        return f"≥ {k}× {REFERENCE}", None if r is None else r >= k
    return t


def _both(*targets):
    def t(v, m):
        parts = [f(v, m) for f in targets]
        verdicts = [p[1] for p in parts]
        verdict = None if None in verdicts else all(verdicts)
        return "; ".join(p[0] for p in parts), verdict
    return t


def _put64(v, m):
    bound = 0.8 * m["md5_mbps"]
    s = v.get(SANDBOX)
    return f"≥ 0.8× MD5 = {bound:.0f} MB/s", None if s is None else s >= bound


def _p99(v, m):
    r = _ratio(v.get(SANDBOX), v.get(NGINX))
    return "≤ 2× nginx", None if r is None else r <= 2


def _rss(v, m):
    s = v.get(SANDBOX)
    return "≤ 40 MiB", None if s is None else s <= 40


def _cold(v, m):
    r = _ratio(v.get(SANDBOX), v.get(NGINX))
    return "≤ nginx", None if r is None else r <= 1


def _zero_errors(v, m):
    s = v.get(SANDBOX)
    return "0", None if s is None else s == 0


ROWS = [
    ("presigned GET 4 KiB, 16 conns", "req/s", _rps("get4k_16"), True,
     _both(_min_ratio_nginx(0.7), _min_ratio_ref(10))),
    ("presigned GET 4 KiB, 64 conns", "req/s", _rps("get4k_64"), True,
     _both(_min_ratio_nginx(0.7), _min_ratio_ref(10))),
    ("header-signed GET 4 KiB, 16 conns", "req/s", _rps("hget4k_16"), True,
     _both(_min_ratio_nginx(0.6), _min_ratio_ref(10))),
    ("header-signed GET 4 KiB, 64 conns", "req/s", _rps("hget4k_64"), True,
     _both(_min_ratio_nginx(0.6), _min_ratio_ref(10))),
    ("presigned PUT 4 KiB, 16 conns, same key", "req/s", _rps("put4k_16"), True,
     _min_ratio_ref(8)),
    ("presigned PUT 4 KiB, 64 conns, same key", "req/s", _rps("put4k_64"), True,
     _min_ratio_ref(8)),
    ("  errors of that PUT run (socket + non-2xx)", "", _get("put4k_64", "errors"), False,
     _zero_errors),
    ("GET 64 MiB (curl, presigned)", "MB/s", _get("get64m"), True, _min_ratio_nginx(0.9)),
    ("presigned PUT 64 MiB (curl)", "MB/s", _get("put64m"), True, _put64),
    ("p50 presigned GET 4 KiB, 1 conn", "µs", _get("lat1", "p50_us"), False, None),
    ("p99 presigned GET 4 KiB, 1 conn", "µs", _get("lat1", "p99_us"), False, _p99),
    ("peak RSS (VmHWM, whole bench)", "MiB", _get("peak_rss_mib"), False, _rss),
    ("cold start (launch → first answer)", "ms", _get("cold_start_s", scale=1000), False, _cold),
    ("ListObjectsV2 page of 1000, 1k-key bucket", "ms", _get("list_1k", "mean_us", 1e-3), False,
     None),
    ("ListObjectsV2 first page, 1M-key bucket", "ms", _get("list_1m_first", "mean_us", 1e-3),
     False, "list"),
    ("ListObjectsV2 middle page, 1M-key bucket", "ms", _get("list_1m_middle", "mean_us", 1e-3),
     False, "list"),
]


def _fmt(v):
    if v is None:
        return "—"
    if abs(v) >= 100:
        return f"{v:,.0f}"
    if abs(v) >= 10:
        return f"{v:.1f}"
    return f"{v:.2f}"


def table(results):
    servers = results["servers"]
    m = results["machine"]
    others = [n for n in servers if n not in (SANDBOX, NGINX)]
    names = [SANDBOX, NGINX] + others
    head = (["metric"] + names + [f"s3sandbox / {n}" for n in [NGINX] + others]
            + ["target", "verdict"])
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for label, unit, value, _, target in ROWS:
        values = {n: value(servers[n]) for n in names}
        cells = [f"{label} ({unit})" if unit else label]
        cells += [_fmt(values[n]) for n in names]
        cells += [_fmt(_ratio(values[SANDBOX], values[n])) + ("×" if _ratio(values[SANDBOX],
                  values[n]) is not None else "") for n in [NGINX] + others]
        if target == "list":
            small = servers[SANDBOX].get("list_1k", {}).get("mean_us")
            big = values[SANDBOX]
            r = _ratio(big, small * 1e-3 if small else None)
            text, verdict = (f"≤ 2× 1k-key page ({_fmt(r)}×)" if r else "≤ 2× 1k-key page",
                             None if r is None else r <= 2)
        elif target:
            text, verdict = target(values, m)
        else:
            text, verdict = "", None
        cells += [text, "" if not text else ("n/a" if verdict is None else
                                             "PASS" if verdict else "**MISS**")]
        lines.append("| " + " | ".join(cells) + " |")
    lines.append("")
    lines.append(
        f"Physical bounds measured in the same run: MD5 {m['md5_mbps']:.0f} MB/s and SHA-256 "
        f"{m['sha256_mbps']:.0f} MB/s on one core (`openssl speed -evp`, 1 MiB blocks); "
        f"`dd` 256 MiB write with fdatasync {m['dd_write_mbps']:.0f} MB/s, read from the page "
        f"cache {m['dd_read_mbps']:.0f} MB/s. The 1M-key bucket ({m['big_keys']:,} keys) was "
        f"filled through the storage layer in {m['fill_list1m_s']:.0f} s; s3sandbox then "
        f"started on that data dir in {m['s3sandbox_start_with_big_bucket_s'] * 1000:.0f} ms. "
        f"wrk runs: {m['duration_s']} s each, 2 threads (1 for 1 connection).")
    return "\n".join(lines)


if __name__ == "__main__":
    with open(sys.argv[1]) as f:
        print(table(json.load(f)))
