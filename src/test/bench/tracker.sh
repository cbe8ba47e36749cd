#!/usr/bin/env bash
# The tracker benchmark: the reference npm bittorrent-tracker server, Rendezvous, and a trivial echo endpoint on
# the same Liberty, one after the other, each on the server cores (core 0 by default), driven by the same Java load
# generator on the load cores (core 1). Options: --server-cores LIST --load-cores LIST (see common.sh).
# Sweeps N = 100, 1,000, 10,000 connections and K = 0 and 5 offers per announce (8 announces in flight per socket
# without offers, as the published measurements did; 1 with offers, as real clients do: each such announce already
# sets 11 frames in motion), then offer-delivery latency at half of Rendezvous' saturation. Memory per idle socket has
# its own script, memory.sh (live heap and native memory, beside the reference's).
# Results: target/bench/tracker.jsonl; the report: docs/benchmarks.md (with BENCH_REPORT=1, the default).
# Each result names the JDK of the Liberty servers (serverJdk; BENCH_JAVA_HOME picks it, see common.sh) and of the
# generator (generatorJdk), and the load average at its end.
# TAG=jdk25: results in tracker-jdk25.jsonl and machine-jdk25.txt instead, and no report of the whole file (those runs
# go into the "Java 17 vs Java 25" section: BenchReport --jdk target/bench docs). JIT_WARMUP=SECONDS: unrecorded runs
# of each kind on Liberty first (as cluster.sh does), so that the first measured runs do not meet a cold JIT.
# EXTRAS=0: without the half-load run. SKIP_BUILD=1: no build (machine info is still written).
source "$(dirname "$0")/common.sh"
CONNECTIONS=${CONNECTIONS:-"100 1000 10000"}
OFFERS=${OFFERS:-"0 5"}
DURATION=${DURATION:-15}
WARMUP=${WARMUP:-5}
REF_PORT=${REF_PORT:-18000}
RDV_PORT=${RDV_PORT:-19080}
TAG=${TAG:-}
JIT_WARMUP=${JIT_WARMUP:-0}
EXTRAS=${EXTRAS:-1}
RESULTS="$OUT/tracker${TAG:+-$TAG}.jsonl"
[ -z "$TAG" ] || MACHINE="machine-$TAG.txt"
: > "$RESULTS"

if [ -n "${SKIP_BUILD:-}" ]; then machine_info; else build; fi
NODE_VERSION=$(node --version)
record() { # record SERVER JSON: the server, the JDKs, the load average at the end, the generator's JSON
  local jdk="$SERVER_JDK" jvm_args="${BENCH_JVM_ARGS:--Xmx512m}"
  [ "$1" != reference ] || { jdk="none (node $NODE_VERSION)"; jvm_args=""; }
  local line="{\"server\":\"$1\",\"serverJdk\":\"$jdk\",\"serverJvmArgs\":\"$jvm_args\",\"generatorJdk\":\"$GENERATOR_JDK\",\"load\":\"$(cut -d' ' -f1-3 /proc/loadavg)\",${2#\{}"
  echo "$line" | tee -a "$RESULTS"
}
record uptime-start "{\"uptime\":\"$(uptime | sed 's/^ *//')\"}"
rooms() { echo $(( $1 / 10 > 0 ? $1 / 10 : 1 )); }
inflight() { [ "$1" = 0 ] && echo 8 || echo 1; }

echo "== reference bittorrent-tracker $(node -p "require('$ROOT/src/test/node/node_modules/bittorrent-tracker/package.json').version")"
for n in $CONNECTIONS; do
  for k in $OFFERS; do
    taskset -c "$SERVER_CORES" node "$ROOT/src/test/node/node_modules/bittorrent-tracker/bin/cmd.js" --ws --port "$REF_PORT" \
      --http-hostname 127.0.0.1 --quiet > "$OUT/reference.out" 2>&1 &
    REF_PID=$!; PIDS+=("$REF_PID"); sleep 1.5
    record reference "$(generator --url "ws://127.0.0.1:$REF_PORT/announce" --connections "$n" --rooms "$(rooms "$n")" \
      --offers "$k" --inflight "$(inflight "$k")" --warmup "$WARMUP" --duration "$DURATION" --pid "$REF_PID")"
    kill "$REF_PID"; wait "$REF_PID" 2>/dev/null || true
  done
done

echo "== Rendezvous and the echo endpoint on Open Liberty"
start_liberty "$RDV_PORT" RENDEZVOUS_TURN_PORT=$((RDV_PORT + 5)) RENDEZVOUS_TURN_TLS_PORT=0
if [ "$JIT_WARMUP" -gt 0 ]; then # unrecorded: the JIT's turn, at the first sweep's connections
  n=${CONNECTIONS%% *}
  for k in $OFFERS; do
    generator --url "ws://127.0.0.1:$RDV_PORT/announce" --connections "$n" --rooms "$(rooms "$n")" --offers "$k" \
      --inflight "$(inflight "$k")" --warmup 0 --duration "$JIT_WARMUP" > /dev/null
  done
  for path in echo/ws echo/async; do
    generator --url "ws://127.0.0.1:$RDV_PORT/$path" --mode echo --connections "$n" --inflight 8 --warmup 0 \
      --duration "$JIT_WARMUP" > /dev/null
  done
fi
for n in $CONNECTIONS; do
  for k in $OFFERS; do
    record rendezvous "$(generator --url "ws://127.0.0.1:$RDV_PORT/announce" --connections "$n" --rooms "$(rooms "$n")" \
      --offers "$k" --inflight "$(inflight "$k")" --warmup "$WARMUP" --duration "$DURATION" --pid "$LIBERTY_PID")"
  done
  record echo "$(generator --url "ws://127.0.0.1:$RDV_PORT/echo/ws" --mode echo --connections "$n" --inflight 8 \
    --warmup "$WARMUP" --duration "$DURATION" --pid "$LIBERTY_PID")"
  record echo-async "$(generator --url "ws://127.0.0.1:$RDV_PORT/echo/async" --mode echo --connections "$n" --inflight 8 \
    --warmup "$WARMUP" --duration "$DURATION" --pid "$LIBERTY_PID")"
done

# Offer delivery at half of the measured saturation (1,000 connections, 5 offers), open loop.
saturated=$(grep '"server":"rendezvous"' "$RESULTS" | grep '"connections":1000,' | grep '"offers":5,' \
  | sed 's/.*"announcesPerSecond":\([0-9.]*\).*/\1/' | head -1)
if [ -n "$saturated" ] && [ "$EXTRAS" = 1 ]; then
  half=$(awk "BEGIN { printf \"%d\", $saturated / 2 }")
  record rendezvous-half-load "$(generator --url "ws://127.0.0.1:$RDV_PORT/announce" --connections 1000 --rooms 100 \
    --offers 5 --rate "$half" --warmup "$WARMUP" --duration "$DURATION" --pid "$LIBERTY_PID")"
fi
stop_liberty
record uptime-end "{\"uptime\":\"$(uptime | sed 's/^ *//')\"}"

if [ -n "$TAG" ]; then
  echo "results in $RESULTS; the report's Java 17 vs Java 25 section: java -cp target/test-classes dev.rendezvous.bench.BenchReport --jdk target/bench docs"
elif [ "${BENCH_REPORT:-1}" = 1 ]; then
  java -cp "$ROOT/target/test-classes" dev.rendezvous.bench.BenchReport "$OUT" "$ROOT/docs"
fi
