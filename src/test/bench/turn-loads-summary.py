#!/usr/bin/env python3
"""turn-loads.sh's summary: per load and server, the medians of the measured rounds (warm-up runs left out).

CPU per relayed message, its ratio to coturn's median at the same load, loss, and the latency percentiles (the median
of each round's p50, p99, p99.9; the max over all rounds). Usage: turn-loads-summary.py RESULTS.jsonl [MORE.jsonl...]
"""
import json
import statistics
import sys
from collections import defaultdict

runs = defaultdict(list)
order = []
for path in sys.argv[1:]:
    for line in open(path):
        line = line.strip()
        if not line:
            continue
        r = json.loads(line)
        if r.get("round") in (None, "warm-up") or "cpuMicrosPerMessage" not in r:
            continue
        key = (r["load"], r["server"])
        if key not in runs:
            order.append(key)
        runs[key].append(r)


def median(key, field):
    return statistics.median(r[field] for r in runs[key])


print("| Load | Server | Rounds | CPU µs/msg median (rounds) | vs coturn | Server CPU % | Loss % (max) "
      "| p50 ms | p99 ms | p99.9 ms | max ms | Sender lag p99 ms |")
print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
for load, server in order:
    key = (load, server)
    rs = runs[key]
    cpu = median(key, "cpuMicrosPerMessage")
    ratio = ""
    if server != "coturn" and (load, "coturn") in runs:
        ratio = "%.2fx" % (cpu / median((load, "coturn"), "cpuMicrosPerMessage"))
    print("| %s | %s | %d | %.1f (%s) | %s | %.0f | %.2f | %.3f | %.3f | %.3f | %.3f | %.3f |" % (
        load, server, len(rs), cpu, ", ".join("%.1f" % r["cpuMicrosPerMessage"] for r in rs), ratio,
        median(key, "serverCpuPercent"), max(r["lossPercent"] for r in rs), median(key, "p50Ms"), median(key, "p99Ms"),
        median(key, "p999Ms"), max(r["maxMs"] for r in rs), median(key, "sendLagP99Ms")))
