#!/usr/bin/env python3
"""turn-loads.sh's summary: per load and server, the medians of the measured rounds (warm-up runs left out).

CPU per relayed message, its ratio to coturn's median at the same load, loss, and the latency percentiles (the median
of each round's p50, p99, p99.9; the max over all rounds). Then latency against coturn's round by round: the rounds
paired by file and number (each round ran the servers back to back; several files pool), the ratio of the medians
with a bootstrap interval, and a sign test. Last, where the GC logs that turn-loads.sh writes lie beside a results file
(turn-loads-gc[-base][-TAG].log), the same ratios for the rounds whose measured window held a young collection of that
server's JVM and for those whose did not. Usage: turn-loads-summary.py RESULTS.jsonl [MORE.jsonl...]
"""
import json
import math
import os
import random
import re
import statistics
import sys
from collections import defaultdict

runs = defaultdict(list)
order = []
collections = {}  # (session, server) -> [(seconds into the UTC day, pause ms)]


def young_collections(path):
    """The young collections in a GC log written with -Xlog:gc:...:time: (UTC seconds of the day, pause in ms)."""
    found = []
    for line in open(path):
        m = re.match(r"\[\d{4}-\d\d-\d\dT(\d\d):(\d\d):(\d\d\.\d+)\+0000\].* Pause Young .* ([\d.]+)ms$", line.strip())
        if m:
            found.append((int(m.group(1)) * 3600 + int(m.group(2)) * 60 + float(m.group(3)), float(m.group(4))))
    return found


for session, path in enumerate(sys.argv[1:]):
    tag = re.sub(r"^turn-loads", "", os.path.basename(path)[:-len(".jsonl")])
    for server, log in (("rendezvous", "turn-loads-gc%s.log"), ("base", "turn-loads-gc-base%s.log")):
        log = os.path.join(os.path.dirname(path), log % tag)
        if os.path.exists(log):
            collections[(session, server)] = young_collections(log)
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


def paired(load, server="rendezvous"):
    """A server's and coturn's rounds at one load, paired by file and round (a round ran them back to back)."""
    by_round = {name: {(r["session"], int(r["round"])): r for r in runs.get((load, name), [])}
                for name in (server, "coturn")}
    common = sorted(set(by_round[server]) & set(by_round["coturn"]))
    return [(by_round[server][n], by_round["coturn"][n]) for n in common]


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


# "ended" is stamped when the generator has exited: the window closed up to a couple of seconds before (allocations
# deleted, the JVM gone), so a collection counts from WINDOW + 2 s before it.
MARGIN_SECONDS = 2


def pauses_in_window(r, server):
    if "ended" not in r:
        return None
    h, m, sec = r["ended"].split(":")
    ended = int(h) * 3600 + int(m) * 60 + float(sec)
    span = r["windowSeconds"] + MARGIN_SECONDS
    return [ms for at, ms in collections[(r["session"], server)] if 0 <= (ended - at) % 86400 <= span]


split = []
for load, server in order:
    if server == "coturn" or not any(session_server[1] == server for session_server in collections):
        continue
    pairs = [(r, c) for r, c in paired(load, server) if (r["session"], server) in collections]
    held = [(r, c, pauses_in_window(r, server)) for r, c in pairs]
    held = [(r, c, ms) for r, c, ms in held if ms is not None]
    if held:
        split.append((load, server, [(r, c) for r, c, ms in held if ms], [(r, c) for r, c, ms in held if not ms],
                      sorted(max(ms) for _, _, ms in held if ms)))
if split:
    print("\nCollections and the tail: each server's rounds split by whether a young collection of its JVM fell in the"
          " measured window (its GC log), each with coturn's round of the same number: the median of the"
          " rounds' ratios.")
    print("\n| Load | Server | Rounds with one | Longest pause per round, ms | p99 ratio | p99.9 ratio | Rounds without "
          "| p99 ratio | p99.9 ratio |")
    print("|---|---|---:|---|---:|---:|---:|---:|---:|")

    def ratios(pairs):
        """The median of the round-by-round ratios: the subsets mix sessions, whose noise moves both servers alike."""
        if not pairs:
            return " | "
        return " | ".join("%.2f" % statistics.median(r[f] / c[f] for r, c in pairs) for f in ("p99Ms", "p999Ms"))

    for load, server, with_one, without, pauses in split:
        shown = ", ".join("%.1f" % ms for ms in pauses) if pauses else ""
        print("| %s | %s | %d | %s | %s | %d | %s |" % (load, server, len(with_one), shown, ratios(with_one), len(without),
                                                      ratios(without)))
