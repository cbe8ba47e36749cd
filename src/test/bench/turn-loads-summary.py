#!/usr/bin/env python3
"""turn-loads.sh's summary: per load and server, the medians of the measured rounds (warm-up runs left out).

CPU per relayed message, its ratio to coturn's median at the same load, loss, and the latency percentiles (the median
of each round's p50, p99, p99.9; the max over all rounds). Then latency against coturn's round by round: the rounds
paired by file and number (each round ran the servers back to back; several files pool), the ratio of the medians
with a bootstrap interval, and a sign test. Usage: turn-loads-summary.py RESULTS.jsonl [MORE.jsonl...]
"""
import json
import math
import random
import statistics
import sys
from collections import defaultdict

runs = defaultdict(list)
order = []
for session, path in enumerate(sys.argv[1:]):
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
        r["session"] = session
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


def paired(load):
    """Rendezvous' and coturn's rounds at one load, paired by file and round (a round ran them back to back)."""
    by_round = {server: {(r["session"], int(r["round"])): r for r in runs.get((load, server), [])}
                for server in ("rendezvous", "coturn")}
    common = sorted(set(by_round["rendezvous"]) & set(by_round["coturn"]))
    return [(by_round["rendezvous"][n], by_round["coturn"][n]) for n in common]


def ratio_of_medians(pairs, field):
    return statistics.median(r[field] for r, _ in pairs) / statistics.median(c[field] for _, c in pairs)


def bootstrap(pairs, field, draws=10000):
    """A 95 % interval for the ratio of the two servers' medians, resampling whole rounds (pairs stay together)."""
    rng = random.Random(25)  # fixed: the same file always gives the same interval
    ratios = sorted(ratio_of_medians([rng.choice(pairs) for _ in pairs], field) for _ in range(draws))
    return ratios[int(0.025 * draws)], ratios[int(0.975 * draws) - 1]


def sign_test(wins, n):
    """Two-sided p of at least this lopsided a split of n rounds if neither server were faster."""
    k = min(wins, n - wins)
    return min(1.0, 2 * sum(math.comb(n, i) for i in range(k + 1)) / 2 ** n)


pairs_by_load = {load: paired(load) for load, server in order if server == "rendezvous"}
pairs_by_load = {load: pairs for load, pairs in pairs_by_load.items() if len(pairs) >= 3}
if pairs_by_load:
    print("\nLatency, round by round: Rendezvous' median over coturn's, with a 95 % bootstrap interval over the rounds, and"
          " in how many rounds Rendezvous' figure was the lower (sign test p: how likely so lopsided a split is if"
          " neither were faster).")
    print("\n| Load | Rounds | p99 ratio [95 %] | p99 lower in | p | p99.9 ratio [95 %] | p99.9 lower in | p |")
    print("|---|---:|---|---:|---:|---|---:|---:|")
    for load, pairs in pairs_by_load.items():
        cells = []
        for field in ("p99Ms", "p999Ms"):
            low, high = bootstrap(pairs, field)
            wins = sum(1 for r, c in pairs if r[field] < c[field])
            ties = sum(1 for r, c in pairs if r[field] == c[field])
            cells.append("%.2f [%.2f, %.2f] | %d of %d | %.2f" % (ratio_of_medians(pairs, field), low, high, wins,
                                                                len(pairs) - ties, sign_test(wins, len(pairs) - ties)))
        print("| %s | %d | %s |" % (load, len(pairs), " | ".join(cells)))
