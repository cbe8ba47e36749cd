#!/usr/bin/env bash
# Live memory per idle WebSocket: Rendezvous on Liberty beside the reference npm bittorrent-tracker server, in the
# same run, each on the server cores (see common.sh), at CONNECTIONS sockets (default 10,000 and 19,000: about the
# most the open-file limit here allows; the script raises `ulimit -n` to its hard limit) that only connect, and
# that announce once. Every socket is on 127.0.0.1.
# - Rendezvous: the live heap after a full collection (jcmd GC.class_histogram's total), before and after the
#   sockets open, and after they close; the JVM's native memory outside the heap (native memory tracking, summary);
#   the classes that grew, per socket (target/bench/memory-histogram-*.md).
# - The reference: node --expose-gc under reference-memory.mjs: heapUsed and external after gc(), and RSS.
# - The same WAR on Payara Micro and on WildFly (the pom unpacks both into target/), measured as Liberty is, at
#   RUNTIME_CONNECTIONS sockets (default 10,000).
# The heap figures count objects, so the CPU other processes take does not change them (only how long a run lasts).
# Results: target/bench/memory.jsonl (APPEND=1 adds to it); the report's section "Memory per idle socket" in
# docs/benchmarks.md (BENCH_REPORT=1, the default). SERVERS: which of "reference liberty payara wildfly" (default
# all). SKIP_BUILD=1: no build. MEMORY_JVM_ARGS: the server JVMs' options.
# Whose memory it is: HeapArrays reads a heap dump (SocketMemory --heap-dump FILE) and names the holders.
source "$(dirname "$0")/common.sh"
CONNECTIONS=${CONNECTIONS:-"10000 19000"}
ANNOUNCE=${ANNOUNCE:-"false true"}
REF_PORT=${REF_PORT:-18100}
REF_MEMORY_PORT=${REF_MEMORY_PORT:-18101}
RDV_PORT=${RDV_PORT:-19180}
PAYARA_PORT=${PAYARA_PORT:-19280}
WILDFLY_PORT=${WILDFLY_PORT:-19380}
SERVERS=${SERVERS:-"reference liberty payara wildfly"}
RUNTIME_CONNECTIONS=${RUNTIME_CONNECTIONS:-10000}
MEMORY_JVM_ARGS=${MEMORY_JVM_ARGS:--Xmx1g -XX:NativeMemoryTracking=summary}
RESULTS="$OUT/memory.jsonl"
[ -n "${APPEND:-}" ] || : > "$RESULTS"
echo "open-file limit: $(ulimit -n)"

if [ -n "${SKIP_BUILD:-}" ]; then machine_info; else build; fi
probe() { taskset -c "$LOAD_CORES" java -Xmx1g -cp "$ROOT/target/test-classes" dev.rendezvous.bench.SocketMemory "$@"; }
record() { echo "{\"serverJdk\":\"$1\",\"serverJvmArgs\":\"$2\",${3#\{}" | tee -a "$RESULTS"; }

wants() { [[ " $SERVERS " == *" $1 "* ]]; }
# runtime_runs LABEL PID PORT: the runs at RUNTIME_CONNECTIONS against Rendezvous on another runtime.
runtime_runs() {
  for n in $RUNTIME_CONNECTIONS; do
    for announce in $ANNOUNCE; do
      record "$SERVER_JDK" "$MEMORY_JVM_ARGS" "$(probe --kind jvm --pid "$2" --port "$3" --path /announce \
        --connections "$n" --announce "$announce" --label "$1" --histogram "$OUT/memory-histogram-$1-$n-$announce.md")"
    done
  done
}

wants reference && for n in $CONNECTIONS; do
  for announce in $ANNOUNCE; do
    taskset -c "$SERVER_CORES" node --expose-gc "$ROOT/src/test/bench/reference-memory.mjs" "$ROOT/src/test/node/node_modules" \
      "$REF_PORT" "$REF_MEMORY_PORT" > "$OUT/reference-memory.out" 2>&1 &
    REF_PID=$!; PIDS+=("$REF_PID"); sleep 1.5
    record "none (node $(node --version))" "" "$(probe --kind node --pid "$REF_PID" --memory-url "http://127.0.0.1:$REF_MEMORY_PORT/" \
      --port "$REF_PORT" --path / --connections "$n" --announce "$announce" --label reference)"
    kill "$REF_PID"; wait "$REF_PID" 2>/dev/null || true
  done
done

if wants liberty; then
  BENCH_JVM_ARGS="$MEMORY_JVM_ARGS" start_liberty "$RDV_PORT" RENDEZVOUS_TURN_PORT=$((RDV_PORT + 5)) RENDEZVOUS_TURN_TLS_PORT=0
  for n in $CONNECTIONS; do
    for announce in $ANNOUNCE; do
      record "$SERVER_JDK" "$MEMORY_JVM_ARGS" "$(probe --kind jvm --pid "$LIBERTY_PID" --port "$RDV_PORT" --path /announce \
        --connections "$n" --announce "$announce" --label rendezvous --histogram "$OUT/memory-histogram-$n-$announce.md")"
    done
  done
  stop_liberty
fi

if wants payara; then
  start_payara payara-memory "$PAYARA_PORT" "$MEMORY_JVM_ARGS" && runtime_runs payara "$PAYARA_PID" "$PAYARA_PORT"
  stop_payara
fi

if wants wildfly; then
  start_wildfly wildfly-memory "$WILDFLY_PORT" "$MEMORY_JVM_ARGS" && runtime_runs wildfly "$WILDFLY_PID" "$WILDFLY_PORT"
  stop_wildfly
fi

if [ "${BENCH_REPORT:-1}" = 1 ]; then
  java -cp "$ROOT/target/test-classes" dev.rendezvous.bench.MemoryReport "$OUT" "$ROOT/docs"
fi
