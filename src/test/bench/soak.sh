#!/usr/bin/env bash
# The soak: 10 minutes (SOAK_SECONDS) of mixed load on one Rendezvous: 500 tracker sockets announcing with
# offers, answering, coming and going (dev.rendezvous.bench.Soak), while coturn's turnutils_uclient keeps
# allocating and relaying over TURN/TCP. RSS is sampled every 10 s and must settle; at the end every client has
# left and the server must show 0 sockets, rooms, peers and allocations. Result: target/bench/soak.jsonl.
source "$(dirname "$0")/common.sh"
SECONDS_TOTAL=${SOAK_SECONDS:-600}
HTTP_PORT=${SOAK_HTTP:-19280}
TURN_PORT=${SOAK_TURN:-19678}
SECRET=soak-secret
[ -n "${SKIP_BUILD:-}" ] || build
# Memory diagnostics that do not disturb the run: native memory tracking (what the JVM commits, by category) and
# the GC log (the heap left after each collection, i.e. the live data, over time).
BENCH_JVM_ARGS="${BENCH_JVM_ARGS:--Xmx512m} -XX:NativeMemoryTracking=summary -Xlog:gc:file=$OUT/soak-gc.log" \
start_liberty "$HTTP_PORT" RENDEZVOUS_TURN_PORT="$TURN_PORT" RENDEZVOUS_TURN_TLS_PORT=0 RENDEZVOUS_TURN_SECRETS="$SECRET" \
  RENDEZVOUS_TURN_ALLOW_LOOPBACK_PEERS=true RENDEZVOUS_TURN_MAX_ALLOCATIONS_PER_USER=100000

# TURN traffic for as long as the tracker soak runs: each run allocates, relays, and leaves (over TCP, so that
# leaving deletes its allocations at once).
(
  end=$((SECONDS + SECONDS_TOTAL - 5))
  while [ $SECONDS -lt $end ]; do
    taskset -c "$LOAD_CORES" turnutils_uclient -t -y -c -W "$SECRET" -u soak -m 5 -z 20 -n 200 -l 200 -e 127.0.0.1 -p "$TURN_PORT" 127.0.0.1 \
      > /dev/null 2>&1 || true
  done
) &
TURN_LOOP=$!; PIDS+=("$TURN_LOOP")
# Halfway: a native memory baseline and the JVM's uptime, so that the report's memory summary covers the last half.
# 15 s before the end, under load: the live heap (a class histogram forces a full collection, so what it counts is
# reachable), against the heap left after young collections: tells a leak from garbage they had not reached.
# Only then: a full collection earlier would change the heap, and so the RSS slope that the target measures (at
# most the last two RSS samples of the slope come after this one).
live_heap() { jcmd "$LIBERTY_PID" GC.class_histogram | awk -v at="$1" '/^Total/ {print at, $3}' >> "$OUT/soak-live-heap.txt"; }
rm -f "$OUT/soak-live-heap.txt"
(
  sleep $((SECONDS_TOTAL / 2))
  jcmd "$LIBERTY_PID" VM.native_memory baseline > /dev/null
  jcmd "$LIBERTY_PID" VM.uptime | awk '/s$/ {print $1}' > "$OUT/soak-half-uptime.txt"
  sleep $((SECONDS_TOTAL / 2 - 15))
  live_heap end
  jcmd "$LIBERTY_PID" VM.native_memory summary.diff > "$OUT/soak-nmt-diff.txt"
) &
MEMORY_PROBE=$!; PIDS+=("$MEMORY_PROBE")
result=$(taskset -c "$LOAD_CORES" java -Xmx1g -cp "$ROOT/target/test-classes" dev.rendezvous.bench.Soak --http "http://127.0.0.1:$HTTP_PORT" \
  --pid "$LIBERTY_PID" --seconds "$SECONDS_TOTAL" --sockets 500)
wait "$TURN_LOOP" "$MEMORY_PROBE" 2>/dev/null || true
echo "$result" | tee "$OUT/soak.jsonl"
stop_liberty

if [ "${BENCH_REPORT:-1}" = 1 ]; then
  java -cp "$ROOT/target/test-classes" dev.rendezvous.bench.BenchReport "$OUT" "$ROOT/docs"
fi
