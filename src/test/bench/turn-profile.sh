#!/usr/bin/env bash
# What one relayed TURN message costs Rendezvous, and coturn beside it, under TurnLoad (see turn-loads.sh) at one load
# (ALLOCATIONS x RATE packets/s, light by default: 20 x 200):
#  - system calls and context switches per relayed message, for both servers, counted by perf stat over STRACE_SECONDS
#    (10) while the load runs, divided by the messages relayed meanwhile (each message is two sends by the server: into
#    the partner's relay and out to its client, so messages = sends / 2), then a perf CPU profile (kernel and user
#    frames) over as long;
#  - Rendezvous' heap allocation per relayed message: the TURN listener threads' allocated bytes
#    (jdk.ThreadAllocationStatistics at the edges of a JFR recording) over RECORD_SECONDS (20), and the allocation
#    samples (jdk.ObjectAllocationSample) by top frame;
#  - Rendezvous' CPU profile of the same recording (settings=profile): top frames by self time and by total time;
# Output in target/bench/turn-profile-<label>.txt (LABEL, default "after"); SKIP_BUILD=1: no build. ROOT_WAR=path: profile
# another build of the WAR (e.g. main's: "before") on this tree's Liberty.
source "$(dirname "$0")/common.sh"
SECRET=bench-secret
RDV_HTTP=${RDV_HTTP:-29680}
RDV_TURN=${RDV_TURN:-29678}
COTURN_PORT=${COTURN_PORT:-29778}
ALLOCATIONS=${ALLOCATIONS:-20}
RATE=${RATE:-200}
STRACE_SECONDS=${STRACE_SECONDS:-10}
RECORD_SECONDS=${RECORD_SECONDS:-20}
LABEL=${LABEL:-after}
REPORT="$OUT/turn-profile-$LABEL-${ALLOCATIONS}x$RATE.txt"
MACHINE=machine-turn-profile.txt
if [ -n "${SKIP_BUILD:-}" ]; then machine_info; else build; fi
[ -z "${ROOT_WAR:-}" ] || cp "$ROOT_WAR" "$WLP/usr/servers/$BENCH_SERVER/apps/rendezvous.war"
taskset -cp "$LOAD_CORES" $$ >/dev/null
start_liberty "$RDV_HTTP" RENDEZVOUS_TURN_PORT="$RDV_TURN" RENDEZVOUS_TURN_TLS_PORT=0 RENDEZVOUS_TURN_SECRETS="$SECRET" \
  RENDEZVOUS_TURN_ALLOW_LOOPBACK_PEERS=true RENDEZVOUS_TURN_MAX_CHALLENGES_PER_MINUTE=1000000 RENDEZVOUS_TURN_MAX_ALLOCATIONS=100000
start_coturn "$COTURN_PORT" 56000 "$OUT/coturn.out"
: > "$REPORT"

# load PORT PID SECONDS: TurnLoad in the background (its JSON line into the report when it ends).
load() {
  taskset -c "$LOAD_CORES" java -Xmx1g -cp "$ROOT/target/test-classes:$ROOT/target/classes" dev.rendezvous.bench.TurnLoad \
    --server "127.0.0.1:$1" --secret "$SECRET" --allocations "$ALLOCATIONS" --rate "$RATE" --warmup 2 --duration "$3" \
    --pid "$2" --label profile >> "$REPORT" &
  LOAD_PID=$!
}

# threads PID: "tid name ticks" per thread (utime + stime), the name with its digits dropped (pool threads summed).
threads() {
  for task in /proc/"$1"/task/*; do
    awk -v tid="${task##*/}" '{ s = $0; sub(/^[^(]*\(/, "", s); name = s; sub(/\).*$/, "", name); sub(/^.*\) /, "", s)
      split(s, f, " "); gsub(/[0-9]+/, "", name); gsub(/ /, "_", name); print tid, name, f[12] + f[13] }' "$task/stat" 2>/dev/null
  done
}

# syscalls NAME PID: system calls, context switches and CPU over STRACE_SECONDS, counted by the kernel's tracepoints
# (perf stat: exact counts at little cost; `strace -c` serializes the traced server so much that it batches differently,
# 65 epoll_waits in 10 s instead of thousands), then a perf CPU profile with call graphs over the same time (kernel
# and user frames; the JIT's names from jcmd Compiler.perfmap for a JVM).
syscalls() {
  local counts="$OUT/perf-stat-$LABEL-$1.txt" data="$OUT/perf-$LABEL-$1.data" events="raw_syscalls:sys_enter"
  for call in recvfrom recvmsg sendto sendmsg epoll_wait epoll_pwait futex read write ioctl; do
    events="$events,syscalls:sys_enter_$call"
  done
  threads "$2" > "$OUT/threads-before.txt"
  perf stat -x, -e "$events,context-switches,task-clock" -p "$2" -o "$counts" -- sleep "$STRACE_SECONDS" >/dev/null 2>&1 || true
  threads "$2" > "$OUT/threads-after.txt"
  {
    echo "== $1: system calls over ${STRACE_SECONDS} s (perf stat, tracepoints), per relayed message (messages = sends / 2)"
    awk -F, '$1 ~ /^[0-9.]+$/ { name = $3; sub(/^syscalls:sys_enter_/, "", name); sub(/^raw_syscalls:sys_enter$/, "all", name); v[name] = $1 }
      END { msgs = (v["sendto"] + v["sendmsg"]) / 2; if (msgs == 0) msgs = -1
        printf "messages %d, CPU %.0f ms (%.2f us/message); per message:", msgs, v["task-clock"], v["task-clock"] * 1000 / msgs
        for (n in v) if (n != "task-clock" && v[n] > 0) printf " %s %.2f", n, v[n] / msgs
        printf "\n" }' "$counts"
    echo "-- CPU by thread over the same ${STRACE_SECONDS} s (ms; threads of one name summed)"
    awk 'NR == FNR { before[$1] = $3; next } { used[$2] += $3 - before[$1] }
      END { for (n in used) if (used[n] > 0) printf "%8.0f  %s\n", used[n] * 10, n }' "$OUT/threads-before.txt" "$OUT/threads-after.txt" | sort -rn | head -8
  } >> "$REPORT"
  perf record -F 1999 -g -p "$2" -o "$data" -- sleep "$STRACE_SECONDS" >/dev/null 2>&1 || true
  [ "$1" = coturn ] || jcmd "$2" Compiler.perfmap >/dev/null 2>&1 || true
  {
    echo "== $1: perf profile over ${STRACE_SECONDS} s, self time by thread and object"
    perf report -i "$data" --no-children --sort comm,dso --stdio -g none 2>/dev/null | grep '%' | head -8 || true
    echo "-- by symbol (top 40)"
    perf report -i "$data" --no-children --sort sym --stdio -g none 2>/dev/null | grep '%' | head -40 || true
  } >> "$REPORT"
}

for _ in 1 2; do # the JIT's turn: two warm-up loads
  load "$RDV_TURN" "$LIBERTY_PID" 10; wait "$LOAD_PID"
done
load "$COTURN_PORT" "$COTURN_PID" 10; wait "$LOAD_PID"

# Rendezvous: JFR (CPU samples, allocation) over RECORD_SECONDS, then strace.
load "$RDV_TURN" "$LIBERTY_PID" $((RECORD_SECONDS + 2 * STRACE_SECONDS + 10))
sleep 4
JFR="$OUT/turn-profile-$LABEL.jfr"
rm -f "$JFR"
jcmd "$LIBERTY_PID" JFR.start name=turn settings=profile filename="$JFR" > /dev/null
sleep "$RECORD_SECONDS"
jcmd "$LIBERTY_PID" JFR.stop name=turn > /dev/null
syscalls rendezvous "$LIBERTY_PID"
wait "$LOAD_PID"

load "$COTURN_PORT" "$COTURN_PID" $((2 * STRACE_SECONDS + 8))
sleep 4
syscalls coturn "$COTURN_PID"
wait "$LOAD_PID"
stop_liberty
[ -z "${ROOT_WAR:-}" ] || cp "$ROOT/target/rendezvous.war" "$WLP/usr/servers/$BENCH_SERVER/apps/rendezvous.war" # this tree's again

python3 - "$JFR" "$RECORD_SECONDS" "$ALLOCATIONS" "$RATE" >> "$REPORT" <<'EOF'
import collections, re, subprocess, sys
jfr, seconds, allocations, rate = sys.argv[1], float(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
def events(name):
    out = subprocess.run(["jfr", "print", "--events", name, jfr], capture_output=True, text=True).stdout
    return [e for e in out.split("\n" + name) if e.strip()]
messages = allocations * rate * seconds
# Allocated bytes of the TURN threads (the managed executor threads that run UdpListener) at the recording's edges.
first, last = {}, {}
for e in events("jdk.ThreadAllocationStatistics"):
    m = re.search(r'allocated = ([\d.,]+) (bytes|kB|MB|GB)', e)
    t = re.search(r'thread = "([^"]+)"', e)
    if not (m and t):
        continue
    value = float(m.group(1).replace(",", "")) * {"bytes": 1, "kB": 1e3, "MB": 1e6, "GB": 1e9}[m.group(2)]
    first.setdefault(t.group(1), value)
    last[t.group(1)] = value
grown = sorted(((last[t] - first[t], t) for t in first), reverse=True)
print(f"== Rendezvous: heap allocated per thread over {seconds:.0f} s (about {messages:,.0f} relayed messages)")
for delta, thread in grown[:6]:
    print(f"{delta / 1e6:9.2f} MB  {delta / messages:8.1f} B/message  {thread}")
alloc = collections.Counter()
for e in events("jdk.ObjectAllocationSample"):
    cls = re.search(r'objectClass = ([\w.$\[\]]+)', e)
    w = re.search(r'weight = ([\d.,]+) (bytes|kB|MB|GB)', e)
    frames = re.findall(r'\n\s+([\w$.<>]+)\(', e)
    if cls and w:
        value = float(w.group(1).replace(",", "")) * {"bytes": 1, "kB": 1e3, "MB": 1e6, "GB": 1e9}[w.group(2)]
        top = next((f for f in frames if f.startswith("dev.rendezvous")), frames[0] if frames else "?")
        alloc[(cls.group(1), top)] += value
print("\n== Rendezvous: allocation samples (weight), by class and first Rendezvous frame (top 12)")
for (cls, frame), weight in alloc.most_common(12):
    print(f"{weight / 1e6:9.2f} MB  {cls}  at {frame}")
self_time, total, samples = collections.Counter(), collections.Counter(), 0
for e in events("jdk.ExecutionSample"):
    frames = re.findall(r'\n\s+([\w$.<>]+)\(', e)
    if not frames:
        continue
    samples += 1
    self_time[frames[0]] += 1
    for f in set(frames):
        total[f] += 1
print(f"\n== Rendezvous: {samples} execution samples (Java code only; time in system calls is in strace's and perf's view); self time (top 25)")
for f, n in self_time.most_common(25):
    print(f"{100 * n / samples:5.1f} %  {f}")
print("\ntotal time (top 40)")
for f, n in total.most_common(40):
    print(f"{100 * n / samples:5.1f} %  {f}")
EOF
cat "$REPORT"
