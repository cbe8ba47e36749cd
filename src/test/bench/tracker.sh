#!/usr/bin/env bash
# The tracker benchmark: the reference npm bittorrent-tracker server, Rendezvous, and two echo endpoints on the same
# runtime, each on the server cores (core 0 by default), driven by the same Java load generator on the load cores
# (core 1). Options: --server-cores LIST --load-cores LIST (see common.sh).
# Sweeps N = 100, 1,000, 10,000 connections and K = 0 and 5 offers per announce (8 announces in flight per socket
# without offers, as the published measurements did; 1 with offers, as real clients do: each such announce already
# sets 11 frames in motion), then offer-delivery latency at half of Rendezvous' saturation. Memory per idle socket has
# its own script, memory.sh (live heap and native memory, beside the reference's).
#
# Interleaved rounds: single runs on these machines move by 20 % and more, so every run is repeated ROUNDS times
# (default 5). Each round runs every server once at every N and K, in an order rotated by ROUNDS-th of the list from
# one round to the next (as cluster.sh alternates its modes), so that no server always runs first, last or after the
# same neighbour; the report takes each run's median and its range. The JVM servers start once and stay up through
# the rounds (an idle one costs about 1 % of a core); the reference starts afresh for each run, as it always did.
#
# RUNTIMES: which runtimes carry Rendezvous and the echo endpoints, any of "liberty wildfly payara" (default
# "liberty"); the same WAR, and the echo WAR beside it, on WildFly 39 (Undertow) and Payara Micro 6 (Tyrus on
# Grizzly), started as memory.sh starts them (common.sh), each in its default configuration with the JVM options of
# BENCH_JVM_ARGS (default -Xmx512m, as Liberty's). Every result names its runtime ("runtime": liberty, wildfly,
# payara, or node for the reference), its round and the load average at its end.
# "liberty-netty" adds a second Liberty server of the same runtime with -Dcom.ibm.ws.beta.edition=true in its
# jvm.options: that switches the HTTP endpoint to Liberty's Netty-based transport, a beta in 26.0.0.x (not for
# production; measured to see whether Liberty's own alternative transport changes its WebSocket send path).
# ECHOS: which echo endpoints run (default "echo echo-async": the blocking basic remote and the async remote).
# Results: target/bench/tracker.jsonl; the report: docs/benchmarks.md (with BENCH_REPORT=1, the default; from Liberty's
# runs). RuntimesReport turns a run with several runtimes into docs/benchmarks-runtimes.md (TAG=runtimes, or any tag
# starting with "runtimes": results in tracker-TAG.jsonl, machine-TAG.txt).
# Each result names the JDK of the servers (serverJdk; BENCH_JAVA_HOME picks it, see common.sh) and of the
# generator (generatorJdk).
# TAG=jdk25: results in tracker-jdk25.jsonl and machine-jdk25.txt instead, and no report of the whole file (those runs
# go into the "Java 17 vs Java 25" section: BenchReport --jdk target/bench docs). JIT_WARMUP=SECONDS: unrecorded runs
# of each kind on each JVM runtime first (as cluster.sh does), so that the first measured runs do not meet a cold JIT.
# EXTRAS=0: without the half-load runs. SKIP_BUILD=1: no build (machine info is still written).
source "$(dirname "$0")/common.sh"
CONNECTIONS=${CONNECTIONS:-"100 1000 10000"}
OFFERS=${OFFERS:-"0 5"}
DURATION=${DURATION:-15}
WARMUP=${WARMUP:-5}
ROUNDS=${ROUNDS:-5}
RUNTIMES=${RUNTIMES:-liberty}
ECHOS=${ECHOS:-"echo echo-async"}
REF_PORT=${REF_PORT:-18000}
TAG=${TAG:-}
JIT_WARMUP=${JIT_WARMUP:-0}
EXTRAS=${EXTRAS:-1}
RESULTS="$OUT/tracker${TAG:+-$TAG}.jsonl"
[ -z "$TAG" ] || MACHINE="machine-$TAG.txt"
for rt in $RUNTIMES; do
  case "$rt" in liberty|liberty-netty|wildfly|payara) ;; *) echo "RUNTIMES: unknown runtime $rt (liberty, liberty-netty, wildfly, payara)" >&2; exit 2 ;; esac
done
for e in $ECHOS; do
  case "$e" in echo|echo-async) ;; *) echo "ECHOS: unknown endpoint $e (echo, echo-async)" >&2; exit 2 ;; esac
done
: > "$RESULTS"
STARTED=$(date +%s)

if [ -n "${SKIP_BUILD:-}" ]; then machine_info; else build; fi
NODE_VERSION=$(node --version)
record() { # record SERVER RUNTIME FIELDS JSON: the server, its runtime, FIELDS (",\"round\":1" or ""), the JDKs, the
  # time and load average at the end, the generator's JSON
  local jdk="$SERVER_JDK" jvm_args="${BENCH_JVM_ARGS:--Xmx512m}"
  [ "$2" != node ] || { jdk="none (node $NODE_VERSION)"; jvm_args=""; }
  local line="{\"server\":\"$1\",\"runtime\":\"$2\"$3,\"serverJdk\":\"$jdk\",\"serverJvmArgs\":\"$jvm_args\",\"generatorJdk\":\"$GENERATOR_JDK\",\"at\":\"$(date -u +%H:%M:%S)\",\"load\":\"$(cut -d' ' -f1-3 /proc/loadavg)\",${4#\{}"
  echo "$line" | tee -a "$RESULTS"
}
record uptime-start node "" "{\"uptime\":\"$(uptime | sed 's/^ *//')\"}"
rooms() { echo $(( $1 / 10 > 0 ? $1 / 10 : 1 )); }
inflight() { [ "$1" = 0 ] && echo 8 || echo 1; }

# --- the servers: every JVM runtime once, up for all rounds --------------------------------------------------------
declare -A PORT=() PID=()
JVM_ARGS_ALL=${BENCH_JVM_ARGS:--Xmx512m}
for rt in $RUNTIMES; do
  case "$rt" in
    liberty)
      PORT[liberty]=$(free_port "${RDV_PORT:-19080}")
      echo "== Rendezvous and the echo endpoints on Open Liberty (port ${PORT[liberty]})"
      start_liberty "${PORT[liberty]}" RENDEZVOUS_TURN_PORT=$((PORT[liberty] + 5)) RENDEZVOUS_TURN_TLS_PORT=0
      PID[liberty]=$LIBERTY_PID ;;
    liberty-netty)
      netty="$WLP/usr/servers/${BENCH_SERVER}Netty"
      rm -rf "$netty" && mkdir -p "$netty"
      cp -r "$WLP/usr/servers/$BENCH_SERVER"/{server.xml,apps,dropins} "$netty/"
      echo "-Dcom.ibm.ws.beta.edition=true" > "$netty/jvm.options"
      PORT[liberty-netty]=$(free_port "${NETTY_PORT:-19880}")
      echo "== Rendezvous and the echo endpoints on Open Liberty's beta Netty transport (port ${PORT[liberty-netty]})"
      LIBERTY_SERVER=${BENCH_SERVER}Netty start_liberty "${PORT[liberty-netty]}" RENDEZVOUS_TURN_PORT=$((PORT[liberty-netty] + 5)) RENDEZVOUS_TURN_TLS_PORT=0
      PID[liberty-netty]=$LIBERTY_PID; PIDS+=("$LIBERTY_PID")
      LIBERTY_PID=${PID[liberty]:-} # stop_liberty's
      grep -q 'io.openliberty.netty.internal.tcp' "$netty/logs/messages.log" \
        || { echo "${BENCH_SERVER}Netty does not listen through the Netty transport; see $netty/logs/messages.log" >&2; exit 1; } ;;
    wildfly)
      PORT[wildfly]=$(free_port "${WILDFLY_PORT:-19780}")
      echo "== Rendezvous and the echo endpoints on WildFly (port ${PORT[wildfly]})"
      start_wildfly wildfly-tracker "${PORT[wildfly]}" "$JVM_ARGS_ALL" "$ECHO_WAR"
      PID[wildfly]=$WILDFLY_PID ;;
    payara)
      PORT[payara]=$(free_port "${PAYARA_PORT:-19680}")
      echo "== Rendezvous and the echo endpoints on Payara Micro (port ${PORT[payara]})"
      start_payara payara-tracker "${PORT[payara]}" "$JVM_ARGS_ALL" "$ECHO_WAR"
      PID[payara]=$PAYARA_PID ;;
  esac
done
# Every endpoint answers before anything is measured (a WAR that did not deploy would otherwise show as 0 frames/s).
for rt in $RUNTIMES; do
  for e in $ECHOS; do
    json=$(generator --url "ws://127.0.0.1:${PORT[$rt]}/$([ "$e" = echo ] && echo echo/ws || echo echo/async)" --mode echo \
      --connections 10 --inflight 1 --warmup 0 --duration 1)
    [[ "$json" != *'"framesPerSecond":0,'* ]] || { echo "$e on $rt answers nothing: $json" >&2; exit 1; }
  done
done

# url RUNTIME SERVER: the WebSocket URL of the tracker or an echo endpoint on RUNTIME.
url() {
  case "$2" in
    rendezvous) echo "ws://127.0.0.1:${PORT[$1]}/announce" ;;
    echo) echo "ws://127.0.0.1:${PORT[$1]}/echo/ws" ;;
    echo-async) echo "ws://127.0.0.1:${PORT[$1]}/echo/async" ;;
  esac
}

if [ "$JIT_WARMUP" -gt 0 ]; then # unrecorded: the JIT's turn, at the first sweep's connections
  n=${CONNECTIONS%% *}
  for rt in $RUNTIMES; do
    echo "== JIT warm-up on $rt: ${JIT_WARMUP} s of each kind"
    for k in $OFFERS; do
      generator --url "$(url "$rt" rendezvous)" --connections "$n" --rooms "$(rooms "$n")" --offers "$k" \
        --inflight "$(inflight "$k")" --warmup 0 --duration "$JIT_WARMUP" > /dev/null
    done
    for e in $ECHOS; do
      generator --url "$(url "$rt" "$e")" --mode echo --connections "$n" --inflight 8 --warmup 0 --duration "$JIT_WARMUP" > /dev/null
    done
  done
fi

# --- the rounds ----------------------------------------------------------------------------------------------------
# One round's runs, "SERVER RUNTIME N K" each (K "-" for the echo endpoints, which have no offers).
ITEMS=()
for n in $CONNECTIONS; do
  for k in $OFFERS; do
    ITEMS+=("reference node $n $k")
    for rt in $RUNTIMES; do ITEMS+=("rendezvous $rt $n $k"); done
  done
  for rt in $RUNTIMES; do
    for e in $ECHOS; do ITEMS+=("$e $rt $n -"); done
  done
done

run_item() { # run_item ROUND SERVER RUNTIME N K
  local round=$1 server=$2 rt=$3 n=$4 k=$5 fields=",\"round\":$1"
  if [ "$server" = reference ]; then
    taskset -c "$SERVER_CORES" node "$ROOT/src/test/node/node_modules/bittorrent-tracker/bin/cmd.js" --ws --port "$REF_PORT" \
      --http-hostname 127.0.0.1 --quiet > "$OUT/reference.out" 2>&1 &
    REF_PID=$!; PIDS+=("$REF_PID"); sleep 1.5
    record reference node "$fields" "$(generator --url "ws://127.0.0.1:$REF_PORT/announce" --connections "$n" --rooms "$(rooms "$n")" \
      --offers "$k" --inflight "$(inflight "$k")" --warmup "$WARMUP" --duration "$DURATION" --pid "$REF_PID")"
    kill "$REF_PID" 2>/dev/null || true; wait "$REF_PID" 2>/dev/null || true
  elif [ "$server" = rendezvous ]; then
    record rendezvous "$rt" "$fields" "$(generator --url "$(url "$rt" rendezvous)" --connections "$n" --rooms "$(rooms "$n")" \
      --offers "$k" --inflight "$(inflight "$k")" --warmup "$WARMUP" --duration "$DURATION" --pid "${PID[$rt]}")"
  else
    record "$server" "$rt" "$fields" "$(generator --url "$(url "$rt" "$server")" --mode echo --connections "$n" --inflight 8 \
      --warmup "$WARMUP" --duration "$DURATION" --pid "${PID[$rt]}")"
  fi
}

count=${#ITEMS[@]}
for round in $(seq 1 "$ROUNDS"); do
  shift_by=$(( (round - 1) * count / ROUNDS ))
  echo "== round $round of $ROUNDS ($count runs, starting at run $((shift_by + 1)) of the list; load $(cut -d' ' -f1-3 /proc/loadavg))"
  for i in $(seq 0 $((count - 1))); do
    # shellcheck disable=SC2086
    run_item "$round" ${ITEMS[$(( (i + shift_by) % count ))]}
  done
done

# --- offer delivery at half of each runtime's median saturation (1,000 connections, 5 offers), open loop ------------
if [ "$EXTRAS" = 1 ]; then
  for rt in $RUNTIMES; do
    saturated=$(grep '"server":"rendezvous"' "$RESULTS" | grep "\"runtime\":\"$rt\"" | grep '"connections":1000,' | grep '"offers":5,' \
      | sed 's/.*"announcesPerSecond":\([0-9.]*\).*/\1/' | sort -n | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)] }' || true)
    [ -n "$saturated" ] || continue
    half=$(awk "BEGIN { printf \"%d\", $saturated / 2 }")
    record rendezvous-half-load "$rt" ",\"saturated\":$saturated" "$(generator --url "$(url "$rt" rendezvous)" --connections 1000 \
      --rooms 100 --offers 5 --rate "$half" --warmup "$WARMUP" --duration "$DURATION" --pid "${PID[$rt]}")"
  done
fi
stop_liberty; stop_wildfly; stop_payara
[ -z "${PID[liberty-netty]:-}" ] || "$WLP/bin/server" stop "${BENCH_SERVER}Netty" >/dev/null 2>&1 || kill "${PID[liberty-netty]}" 2>/dev/null || true
record uptime-end node "" "{\"uptime\":\"$(uptime | sed 's/^ *//')\",\"seconds\":$(( $(date +%s) - STARTED ))}"

if [[ "$TAG" = runtimes* ]]; then
  [ "${BENCH_REPORT:-1}" != 1 ] || java -cp "$ROOT/target/test-classes" dev.rendezvous.bench.RuntimesReport "$OUT" "$ROOT/docs" "$TAG"
elif [ -n "$TAG" ]; then
  echo "results in $RESULTS$([[ "$TAG" != jdk* ]] || echo "; the report's Java 17 vs Java 25 section: java -cp target/test-classes dev.rendezvous.bench.BenchReport --jdk target/bench docs")"
elif [ "${BENCH_REPORT:-1}" = 1 ]; then
  java -cp "$ROOT/target/test-classes" dev.rendezvous.bench.BenchReport "$OUT" "$ROOT/docs"
fi
