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
        try:
            r = json.loads(line)
        except ValueError:
            continue
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

knee = defaultdict(dict)
for (load, server), rs in runs.items():
    if load.startswith("knee "):
        knee[server][int(load.split()[1])] = rs
if knee:
    print("\nThe knee: the most allocations (x 200 packets/s) each server carried with at most 1 % loss (median loss of the"
          " rounds), and the first step it did not.")
    print("\n| Server | Knee | Received/s at the knee | CPU µs/msg there | Server CPU % | p99 ms | Next step: loss %, received/s |")
    print("|---|---:|---:|---:|---:|---:|---|")
    for server, steps in knee.items():
        ok = [n for n, rs in sorted(steps.items()) if statistics.median(r["lossPercent"] for r in rs) <= 1]
        best = max(ok) if ok else None
        over = [n for n in sorted(steps) if best is None or n > best]
        def rate(rs):
            return statistics.median(r["received"] / r["windowSeconds"] for r in rs)
        if best:
            rs = steps[best]
            line = "| %s | %d x 200 | %.0f | %.1f | %.0f | %.3f | " % (server, best, rate(rs),
                statistics.median(r["cpuMicrosPerMessage"] for r in rs), statistics.median(r["serverCpuPercent"] for r in rs),
                statistics.median(r["p99Ms"] for r in rs))
        else:
            line = "| %s | below the ladder | | | | | " % server
        if over:
            rs = steps[over[0]]
            line += "%d x 200: %.2f %%, %.0f/s |" % (over[0], statistics.median(r["lossPercent"] for r in rs), rate(rs))
        else:
            line += "none failed |"
        print(line)
