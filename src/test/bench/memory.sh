#!/usr/bin/env bash
# Live memory per idle WebSocket: Rendezvous on Liberty beside the reference npm bittorrent-tracker server, in the
# same run, each on the server cores (see common.sh), at CONNECTIONS sockets (default 10,000 and 19,000: about the
# most the open-file limit here allows; the script raises `ulimit -n` to its hard limit) that only connect, and
# that announce once. Every socket is on 127.0.0.1.
# - Rendezvous: the live heap after a full collection (jcmd GC.class_histogram's total), before and after the
#   sockets open, and after they close; the JVM's native memory outside the heap (native memory tracking, summary);
#   the classes that grew, per socket (target/bench/memory-histogram-*.md).
# - The reference: node --expose-gc under reference-memory.mjs: heapUsed and external after gc(), and RSS.
# The heap figures count objects, so the CPU other processes take does not change them (only how long a run lasts).
# Results: target/bench/memory.jsonl. SKIP_BUILD=1: no build. MEMORY_JVM_ARGS: the Liberty JVM's options.
# Whose memory it is: HeapArrays reads a heap dump (SocketMemory --heap-dump FILE) and names the holders.
source "$(dirname "$0")/common.sh"
CONNECTIONS=${CONNECTIONS:-"10000 19000"}
ANNOUNCE=${ANNOUNCE:-"false true"}
REF_PORT=${REF_PORT:-18100}
REF_MEMORY_PORT=${REF_MEMORY_PORT:-18101}
RDV_PORT=${RDV_PORT:-19180}
MEMORY_JVM_ARGS=${MEMORY_JVM_ARGS:--Xmx1g -XX:NativeMemoryTracking=summary}
RESULTS="$OUT/memory.jsonl"
: > "$RESULTS"
echo "open-file limit: $(ulimit -n)"

if [ -n "${SKIP_BUILD:-}" ]; then machine_info; else build; fi
probe() { taskset -c "$LOAD_CORES" java -Xmx1g -cp "$ROOT/target/test-classes" dev.rendezvous.bench.SocketMemory "$@"; }
record() { echo "{\"serverJdk\":\"$1\",\"serverJvmArgs\":\"$2\",${3#\{}" | tee -a "$RESULTS"; }

for n in $CONNECTIONS; do
  for announce in $ANNOUNCE; do
    taskset -c "$SERVER_CORES" node --expose-gc "$ROOT/src/test/bench/reference-memory.mjs" "$ROOT/src/test/node/node_modules" \
      "$REF_PORT" "$REF_MEMORY_PORT" > "$OUT/reference-memory.out" 2>&1 &
    REF_PID=$!; PIDS+=("$REF_PID"); sleep 1.5
    record "none (node $(node --version))" "" "$(probe --kind node --pid "$REF_PID" --memory-url "http://127.0.0.1:$REF_MEMORY_PORT/" \
      --port "$REF_PORT" --path / --connections "$n" --announce "$announce" --label reference)"
    kill "$REF_PID"; wait "$REF_PID" 2>/dev/null || true
  done
done

BENCH_JVM_ARGS="$MEMORY_JVM_ARGS" start_liberty "$RDV_PORT" RENDEZVOUS_TURN_PORT=$((RDV_PORT + 5)) RENDEZVOUS_TURN_TLS_PORT=0
for n in $CONNECTIONS; do
  for announce in $ANNOUNCE; do
    record "$SERVER_JDK" "$MEMORY_JVM_ARGS" "$(probe --kind jvm --pid "$LIBERTY_PID" --port "$RDV_PORT" --path /announce \
      --connections "$n" --announce "$announce" --label rendezvous --histogram "$OUT/memory-histogram-$n-$announce.md")"
  done
done
stop_liberty
