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
# await_http URL: waits up to 4 minutes for a 200.
await_http() {
  for _ in $(seq 1 240); do curl -sf "$1" >/dev/null 2>&1 && return 0; sleep 1; done
  echo "no answer from $1" >&2; return 1
}
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
  work="$OUT/payara-memory"; mkdir -p "$work"
  echo "set configs.config.server-config.network-config.network-listeners.network-listener.http-listener.address=127.0.0.1" > "$work/pre-boot.txt"
  # shellcheck disable=SC2086
  taskset -c "$SERVER_CORES" "$SERVER_JAVA_BIN" $MEMORY_JVM_ARGS -Drendezvous.turn.listen-address=127.0.0.1 \
    -Drendezvous.turn.port=$((PAYARA_PORT + 5)) -Drendezvous.turn.tls-port=0 -jar "$ROOT/target/payara/payara-micro.jar" \
    --deploy "$ROOT/target/rendezvous.war" --contextroot / --port "$PAYARA_PORT" --nocluster --nohostaware \
    --prebootcommandfile "$work/pre-boot.txt" > "$OUT/payara-memory.log" 2>&1 &
  PAYARA_PID=$!; PIDS+=("$PAYARA_PID")
  await_http "http://127.0.0.1:$PAYARA_PORT/health/ready" && runtime_runs payara "$PAYARA_PID" "$PAYARA_PORT"
  kill "$PAYARA_PID"; wait "$PAYARA_PID" 2>/dev/null || true
fi

if wants wildfly; then
  home=$(echo "$ROOT"/target/wildfly/wildfly-*)
  base="$OUT/wildfly-memory"; rm -rf "$base"; mkdir -p "$base/deployments"
  cp -r "$home/standalone/configuration" "$base/"
  cp "$ROOT/target/rendezvous.war" "$base/deployments/ROOT.war"
  JBOSS_JAVA_SIZING="$MEMORY_JVM_ARGS" JAVA_HOME="$(dirname "$(dirname "$SERVER_JAVA_BIN")")" taskset -c "$SERVER_CORES" \
    "$home/bin/standalone.sh" -c standalone-microprofile.xml -Djboss.server.base.dir="$base" \
    -Djboss.bind.address=127.0.0.1 -Djboss.bind.address.management=127.0.0.1 -Djboss.http.port="$WILDFLY_PORT" \
    -Djboss.https.port=$((WILDFLY_PORT + 1)) -Djboss.ajp.port=$((WILDFLY_PORT + 2)) \
    -Djboss.management.http.port=$((WILDFLY_PORT + 3)) -Djboss.management.https.port=$((WILDFLY_PORT + 4)) \
    -Drendezvous.turn.listen-address=127.0.0.1 -Drendezvous.turn.port=$((WILDFLY_PORT + 5)) -Drendezvous.turn.tls-port=0 \
    > "$OUT/wildfly-memory.log" 2>&1 &
  WILDFLY_SCRIPT=$!; PIDS+=("$WILDFLY_SCRIPT")
  if await_http "http://127.0.0.1:$((WILDFLY_PORT + 3))/health/ready"; then
    WILDFLY_PID=$(pgrep -f "jboss.server.base.dir=$base" | while read -r p; do [ "$(readlink -f "/proc/$p/exe")" = "$SERVER_JAVA_BIN" ] && echo "$p"; done | head -1)
    PIDS+=("$WILDFLY_PID")
    runtime_runs wildfly "$WILDFLY_PID" "$WILDFLY_PORT"
    kill "$WILDFLY_PID" 2>/dev/null || true
  fi
  kill "$WILDFLY_SCRIPT" 2>/dev/null || true; wait "$WILDFLY_SCRIPT" 2>/dev/null || true
fi

if [ "${BENCH_REPORT:-1}" = 1 ]; then
  java -cp "$ROOT/target/test-classes" dev.rendezvous.bench.MemoryReport "$OUT" "$ROOT/docs"
fi
