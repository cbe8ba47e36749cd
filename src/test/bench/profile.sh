#!/usr/bin/env bash
# The tracker's CPU profile under the benchmark's load, with JDK Flight Recorder: Rendezvous on the server cores,
# the Java load generator on the load cores, CONNECTIONS sockets (1,000) with OFFERS offers per announce (0; 8
# announces in flight per socket without offers, 1 with), recorded for RECORD_SECONDS (30) after a JIT warm-up of WARMUP
# seconds (40). Prints the generator's result and the methods on top of the most execution samples (self time), and
# of the most samples anywhere on the stack (total time), by package; keeps the recording as
# target/bench/profile-K<OFFERS>.jfr (open it in JDK Mission Control for more). Options: --server-cores LIST
# --load-cores LIST (see common.sh). SKIP_BUILD=1: no build. REDIS_PORT=PORT: cluster mode on, with a redis-server
# started on that port on the server cores (as cluster.sh runs it), so that the profile shows what the cluster costs.
CONNECTIONS=${CONNECTIONS:-1000}
OFFERS=${OFFERS:-0}
SECONDS_RECORDED=${RECORD_SECONDS:-30}
WARMUP_SECONDS=${WARMUP:-40}
PORT=${PORT:-19680}
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
MACHINE=machine-profile.txt
if [ -n "${SKIP_BUILD:-}" ]; then machine_info; else build; fi
JFR="$OUT/profile-K$OFFERS${REDIS_PORT:+-cluster}.jfr"
rm -f "$JFR"
BENCH_JVM_ARGS="${BENCH_JVM_ARGS:--Xmx512m} -XX:StartFlightRecording=filename=$JFR,settings=profile,delay=$((WARMUP_SECONDS + 20))s,duration=${SECONDS_RECORDED}s"
CLUSTER_ENV=()
if [ -n "${REDIS_PORT:-}" ]; then
  taskset -c "$SERVER_CORES" redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save '' --appendonly no --dir "$OUT" \
    > "$OUT/profile-redis.out" 2>&1 &
  PIDS+=("$!")
  CLUSTER_ENV=(RENDEZVOUS_CLUSTER_REDIS_URI="redis://127.0.0.1:$REDIS_PORT")
fi
start_liberty "$PORT" RENDEZVOUS_TURN_PORT=$((PORT + 5)) RENDEZVOUS_TURN_TLS_PORT=0 "${CLUSTER_ENV[@]}"
inflight=8; [ "$OFFERS" = 0 ] || inflight=1
# Warm-up and recording in one generator run: the recording starts 20 s after the server (its start-up) plus WARMUP.
generator --url "ws://127.0.0.1:$PORT/announce" --connections "$CONNECTIONS" --rooms $((CONNECTIONS / 10)) \
  --offers "$OFFERS" --inflight "$inflight" --warmup "$WARMUP_SECONDS" --duration $((SECONDS_RECORDED + 15)) --pid "$LIBERTY_PID"
stop_liberty
for _ in $(seq 1 30); do [ -s "$JFR" ] && break; sleep 1; done
jfr print --events jdk.ExecutionSample "$JFR" | python3 -c '
import re, sys, collections
self_time, total, samples = collections.Counter(), collections.Counter(), 0
stack = []
def flush():
    global samples
    if stack:
        samples += 1
        self_time[stack[0]] += 1
        for frame in set(stack):
            total[frame] += 1
for line in sys.stdin:
    line = line.strip()
    if line.startswith("jdk.ExecutionSample"):
        flush(); stack = []
    m = re.match(r"([\w$.<>]+)\(.*\)\s+line:", line)
    if m:
        stack.append(m.group(1))
flush()
print(f"{samples} execution samples")
print("\nself time (top 30):")
for frame, n in self_time.most_common(30):
    print(f"{100 * n / samples:5.1f} %  {frame}")
print("\ntotal time, rendezvous, the container and the Redis client (top 60):")
shown = 0
for frame, n in total.most_common():
    if shown < 60 and frame.startswith(("dev.rendezvous", "com.ibm.ws.wsoc", "io.openliberty", "com.ibm.ws.http", "com.ibm.ws.tcpchannel", "org.eclipse.parsson", "io.micrometer", "io.lettuce", "io.netty", "org.jboss.weld")):
        print(f"{100 * n / samples:5.1f} %  {frame}")
        shown += 1
owners = collections.Counter()
for frame, n in self_time.items():
    owners[".".join(frame.split(".")[:3])] += n
print("\nself time by package (top 12):")
for owner, n in owners.most_common(12):
    print(f"{100 * n / samples:5.1f} %  {owner}")
'
echo "recording: $JFR"
