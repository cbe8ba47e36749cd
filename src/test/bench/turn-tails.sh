#!/usr/bin/env bash
# Where the relay's latency tail comes from, Rendezvous beside coturn at one load (ALLOCATIONS x RATE packets/s, by
# default 500 x 200, where turn-loads.sh finds Rendezvous' p99 about twice coturn's). TurnLoad (see turn-loads.sh)
# drives each server in turn, both pinned to core 0 and the generator to core 1, and writes each run's latency as a
# series (--series: per 10 ms of send time, the messages, those later than 2 ms, the largest latency). The report
# groups each run's late messages into episodes (10 ms slots with more than 50 late messages, merged when adjacent):
# how many episodes, how far apart, how many late messages each, and what share of all late messages they hold.
# With SCHED=1 (the default) perf sched records both cores for 10 s of the first round of each server and the report
# names the threads (of any process) that ran from 25 ms before an episode's first slot to 15 ms into it (its stall
# begins up to 12 ms into that slot), beside how often they ran at all, and the server's thread runs longer than 3 ms
# (perf runs on the generator's core: read the first rounds' sender lag with that in mind).
# With ONCPU=1 (and SCHED=0) perf record samples the servers' core at 10 kHz for 10 s of every round, idle or not, and
# the report gives, per round: the gaps in its samples (over 0.5 ms without one: the virtual CPU ran no guest code,
# which the steal time does not always count), what ran at each disturbance over 4 ms (at a gap, another thread, or
# the loop alone), and the largest latency after each gap of over 2 ms minus the gap (how long the server took to
# recover from the same pause). Rendezvous runs with a GC log (the collections in the report).
# GENERATOR=one-thread runs TurnLoad with one thread that sends and receives without sleeping (the default,
# two-threads, has a sleeping sender beside a receiver on the same core).
# Per server: warm-up runs first (two for Rendezvous, for the JIT; one for coturn), then ROUNDS interleaved rounds of
# WINDOW seconds. Output: target/bench/turn-tails-LABEL/ (the runs' JSON lines, series, GC log, perf data) and
# target/bench/turn-tails-LABEL.txt, the report.
source "$(dirname "$0")/common.sh"
SECRET=bench-secret
RDV_HTTP=${RDV_HTTP:-29880}
RDV_TURN=${RDV_TURN:-29878}
COTURN_PORT=${COTURN_PORT:-29978}
ALLOCATIONS=${ALLOCATIONS:-500}
RATE=${RATE:-200}
ROUNDS=${ROUNDS:-2}
GENERATOR=${GENERATOR:-two-threads}
WINDOW=${WINDOW:-25}
SCHED=${SCHED:-1}
ONCPU=${ONCPU:-0}
LABEL=${LABEL:-${ALLOCATIONS}x$RATE-$GENERATOR}
DIR="$OUT/turn-tails-$LABEL"
REPORT="$OUT/turn-tails-$LABEL.txt"
MACHINE=machine-turn-tails.txt
if [ -n "${SKIP_BUILD:-}" ]; then machine_info; else build; fi
rm -rf "$DIR" && mkdir -p "$DIR"
taskset -cp "$LOAD_CORES" $$ >/dev/null
BENCH_JVM_ARGS="${BENCH_JVM_ARGS:--Xmx512m} -Xlog:gc:file=$DIR/gc.log:uptime" start_liberty "$RDV_HTTP" \
  RENDEZVOUS_TURN_PORT="$RDV_TURN" RENDEZVOUS_TURN_TLS_PORT=0 RENDEZVOUS_TURN_SECRETS="$SECRET" \
  RENDEZVOUS_TURN_ALLOW_LOOPBACK_PEERS=true RENDEZVOUS_TURN_MAX_CHALLENGES_PER_MINUTE=1000000 RENDEZVOUS_TURN_MAX_ALLOCATIONS=100000
start_coturn "$COTURN_PORT" 56000 "$DIR/coturn.out"
declare -A PID=([rendezvous]=$LIBERTY_PID [coturn]=$COTURN_PID) PORT=([rendezvous]=$RDV_TURN [coturn]=$COTURN_PORT)

# run SERVER NAME: one TurnLoad run against SERVER; its JSON line in $DIR/NAME.json, its series in $DIR/series-NAME.txt.
# On the first round, with SCHED=1, perf sched records both cores for 10 s from 8 s in.
run() {
  taskset -c "$LOAD_CORES" java -Xmx1g -cp "$ROOT/target/test-classes:$ROOT/target/classes" dev.rendezvous.bench.TurnLoad \
    --server "127.0.0.1:${PORT[$1]}" --secret "$SECRET" --allocations "$ALLOCATIONS" --rate "$RATE" --warmup 3 \
    --duration "$WINDOW" --pid "${PID[$1]}" --label "$2" --generator "$GENERATOR" --series "$DIR/series-$2.txt" > "$DIR/$2.json" &
  local load=$!
  if [ "$SCHED" = 1 ] && [ "${2##*-}" = 1 ]; then
    sleep 8
    perf sched record -k CLOCK_MONOTONIC -a -o "$DIR/sched-$1.data" -- sleep 10 >/dev/null 2>&1 || true
  elif [ "$ONCPU" = 1 ] && [[ "$2" != *warm* ]]; then
    sleep 8
    perf record -k CLOCK_MONOTONIC -C "$SERVER_CORES" -F 10000 -e cpu-clock -o "$DIR/oncpu-$2.data" -- sleep 10 \
      >/dev/null 2>&1 || true
  fi
  wait "$load"
}

run rendezvous rendezvous-warm1; run rendezvous rendezvous-warm2; run coturn coturn-warm1
for round in $(seq 1 "$ROUNDS"); do
  run rendezvous "rendezvous-$round"
  run coturn "coturn-$round"
done
if [ "$ONCPU" = 1 ]; then
  for data in "$DIR"/oncpu-*.data; do
    perf script -i "$data" -F comm,tid,cpu,time,event > "${data%.data}.txt" 2>/dev/null || true
  done
fi
if [ "$SCHED" = 1 ]; then
  for server in rendezvous coturn; do
    [ ! -f "$DIR/sched-$server.data" ] || perf sched timehist -i "$DIR/sched-$server.data" > "$DIR/sched-$server.txt" 2>/dev/null || true
  done
fi
stop_liberty

python3 - "$DIR" "$ROUNDS" "$ALLOCATIONS" "$RATE" "$GENERATOR" > "$REPORT" <<'EOF'
import bisect, collections, json, os, re, statistics, sys
folder, rounds, allocations, rate, generator = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
SLOT_LATE = 50  # late messages in a 10 ms slot that make it part of an episode

def series(name):
    start, slots = None, []
    for line in open(os.path.join(folder, f"series-{name}.txt")):
        if line.startswith("# windowStart"):
            start = int(line.split()[2]) / 1e9
        elif line[0].isdigit():
            ms, messages, late, max_us = map(int, line.split())
            slots.append((ms, messages, late, max_us))
    return start, slots

def episodes(slots):
    found, current = [], None
    for ms, _, late, max_us in slots:
        if late > SLOT_LATE:
            if current is None:
                current = [ms, ms + 10, 0, 0]
                found.append(current)
            current[1], current[2], current[3] = ms + 10, current[2] + late, max(current[3], max_us)
        else:
            current = None
    return found

print(f"== {allocations} x {rate}/s ({generator} generator): each run's late messages (over 2 ms), and the episodes that hold them")
print("| Run | CPU µs/msg | p50 ms | p99 ms | p99.9 ms | max ms | Sender lag p99 ms | Late | Episodes | Median interval ms | Late per episode (median) | Late in episodes |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
for server in ("rendezvous", "coturn"):
    for r in range(1, rounds + 1):
        name = f"{server}-{r}"
        result = json.load(open(os.path.join(folder, f"{name}.json")))
        _, slots = series(name)
        late = sum(s[2] for s in slots)
        found = episodes(slots)
        gaps = [b[0] - a[0] for a, b in zip(found, found[1:])]
        in_episodes = sum(e[2] for e in found)
        print(f"| {name} | {result['cpuMicrosPerMessage']:.2f} | {result['p50Ms']:.3f} | {result['p99Ms']:.3f} | "
              f"{result['p999Ms']:.3f} | {result['maxMs']:.1f} | {result['sendLagP99Ms']:.3f} | {late} | {len(found)} | "
              f"{statistics.median(gaps) if gaps else 0:.0f} | {statistics.median([e[2] for e in found]) if found else 0:.0f} | "
              f"{100 * in_episodes / late if late else 0:.0f} % |")

gc = [l.strip() for l in open(os.path.join(folder, "gc.log")) if "Pause" in l and "ms" in l]
print(f"\n== Rendezvous' collections over the whole session: {len(gc)}; the last ones:")
for line in gc[-5:]:
    print("  " + line)

for server in ("rendezvous", "coturn"):
    path = os.path.join(folder, f"sched-{server}.txt")
    if not os.path.exists(path):
        continue
    start, slots = series(f"{server}-1")
    runs = []
    for line in open(path):
        parts = line.split()
        if len(parts) < 6 or not parts[1].startswith("["):
            continue
        try:
            when, length = float(parts[0]), float(parts[-1])
        except ValueError:
            continue
        task = " ".join(parts[2:-3])
        runs.append(((when - start) * 1000, re.sub(r"\[\d+(/\d+)?\]", "", task), task, parts[1], length))
    if not runs:
        continue
    first, last = runs[0][0], runs[-1][0]
    inside = [e for e in episodes(slots) if first + 25 < e[0] < last - 25]
    ran, near = collections.Counter(r[1] for r in runs), collections.Counter()
    for e in inside:
        for task in {r[1] for r in runs if e[0] - 25 <= r[0] <= e[0] + 15}:
            near[task] += 1
    print(f"\n== {server}, round 1: {len(inside)} episodes inside the 10 s of perf sched; threads that ran from 25 ms "
          f"before an episode's first slot to 15 ms into it (episodes with it / its runs in the 10 s)")
    for task, count in near.most_common(14):
        print(f"  {count:3d} / {ran[task]:6d}  {task}")
    busiest = collections.Counter(r[2] for r in runs if r[3] == "[0000]" and "<idle>" not in r[2]).most_common(1)
    if busiest:
        loop = busiest[0][0]
        long_runs = [r for r in runs if r[2] == loop and r[4] > 3]
        print(f"  the server's busiest thread on core 0 ({loop}): {len(long_runs)} runs longer than 3 ms in 10 s, "
              f"{sum(r[4] for r in long_runs):.0f} ms in them")
# With ONCPU=1: what the server's core did at each disturbance (a 10 ms slot whose largest latency passed 4 ms; the
# stall is taken to begin 2 ms after the slot's first late message was sent), and the gaps in its samples (no sample
# for over 0.5 ms: the virtual CPU was not running guest code, whatever the steal time says).
SAMPLES_PER_MS = 10  # perf record -F 10000
BEFORE, AFTER = 0.001, 0.005  # the window looked at around a disturbance's start, in s
SAMPLE = re.compile(r'^(.*?)\s+(\d+)\s+\[\d+\]\s+(\d+\.\d+):\s+(?:\d+\s+)?cpu-clock:')

def oncpu(name):
    """The server core's samples of one round: (time, thread name, thread id); None without ONCPU=1."""
    path = os.path.join(folder, f"oncpu-{name}.txt")
    if not os.path.exists(path):
        return None
    return [(float(m.group(3)), m.group(1).strip(), int(m.group(2)))
            for m in map(SAMPLE.match, open(path, errors="replace")) if m]

rows = []
for server in ("rendezvous", "coturn"):
    for r in range(1, rounds + 1):
        name = f"{server}-{r}"
        samples = oncpu(name)
        if not samples:
            continue
        start, slots = series(name)
        slot_times = [start + s[0] / 1000 for s in slots]
        times = [s[0] for s in samples]
        loop = collections.Counter(s[2] for s in samples if s[2] != 0).most_common(1)[0][0]
        gaps = [(a[0], b[0] - a[0]) for a, b in zip(samples, samples[1:]) if b[0] - a[0] > 0.0005]
        recovery = []
        for at, length in gaps:
            if length > 0.002:
                i, j = bisect.bisect_left(slot_times, at - 0.010), bisect.bisect_left(slot_times, at + length)
                recovery.append(max((s[3] for s in slots[i:j]), default=0) / 1e6 - length)
        found, current = [], None
        for ms, messages, late, max_us in slots:
            if max_us > 4000:
                if current is None:
                    current = start + ms / 1000 + 0.010 * (1 - late / max(messages, 1)) + 0.002
                    found.append(current)
            else:
                current = None
        found = [t for t in found if times[0] + 0.02 < t < times[-1] - 0.02]
        expected = round((BEFORE + AFTER) * 1000 * SAMPLES_PER_MS)
        at_gap, others, neither = 0, collections.Counter(), 0
        for t in found:
            window = samples[bisect.bisect_left(times, t - BEFORE):bisect.bisect_left(times, t + AFTER)]
            if expected - len(window) >= SAMPLES_PER_MS:  # over 1 ms of the window without a sample
                at_gap += 1
                continue
            other = collections.Counter(re.sub(r"[./]?\d+$", "", s[1]) for s in window if s[2] not in (0, loop))
            if other and other.most_common(1)[0][1] >= SAMPLES_PER_MS / 2:
                others[other.most_common(1)[0][0]] += 1
            else:
                neither += 1
        rows.append(f"| {name} | {len(gaps)} | {1000 * sum(g for _, g in gaps):.0f} | {len(found)} | {at_gap} | "
                    f"{', '.join(f'{k} {v}' for k, v in others.most_common()) or 0} | {neither} | "
                    f"{1000 * statistics.median(recovery) if recovery else 0:.2f} |")
if rows:
    print("\n== With ONCPU=1: the server core's sampling gaps, and what it ran at each disturbance over 4 ms")
    print("| Run | Gaps > 0.5 ms | Their time ms | Disturbances | At a gap | Another thread running | Neither | Peak latency minus gap, median ms |")
    print("|---|---:|---:|---:|---:|---|---:|---:|")
    print("\n".join(rows))
EOF
cat "$REPORT"
