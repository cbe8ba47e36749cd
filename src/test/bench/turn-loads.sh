#!/usr/bin/env bash
# TURN at the loads operators carry (issue 25), side by side with coturn: the Java load generator
# (dev.rendezvous.bench.TurnLoad: real UDP allocations with REST credentials, in pairs, one channel each, ChannelData
# at a fixed rate per allocation, 100 to 1,200-byte payloads, per-packet latency through the relay) drives each server
# in turn, on the load cores (1), with every server on the server cores (0): Rendezvous (this tree), optionally the
# same Rendezvous built from another tree (BASE_ROOT=/path/to/checkout, e.g. main's merge base: "before"; the same tree
# with other settings: BASE_SERVER_XML=file, BASE_JVM_ARGS=options, as "base" gets no jvm.options), and coturn's
# turnserver with --relay-threads=1. All servers run for the whole script; each idles while another is measured.
# Loads (allocations x packets/s each): light 20 x 200, audio 500 x 50, video 50 x 500; then the knee, allocations at
# 200 packets/s each up the ladder KNEE_ALLOCATIONS until loss passes 1 %.
# Per load: one warm-up run per server (not reported), then ROUNDS interleaved rounds (rendezvous, [base,] coturn,
# rendezvous, ...). Each run measures WINDOW seconds after WARMUP seconds of sending; the server's CPU (utime+stime) is
# read at the window's edges only. Results: target/bench/turn-loads.jsonl, one line per run (with the time it ended;
# Rendezvous' collections, with their times, in turn-loads-gc[-TAG].log and turn-loads-gc-base[-TAG].log); the summary (medians per
# server and load, the ratio to coturn, latency p50/p99/p99.9 medians and the max over the rounds; then Rendezvous'
# rounds paired with coturn's: latency ratios with a bootstrap interval and a sign test) at the end.
# LOADS="light audio video knee" picks loads; SERVERS="rendezvous base coturn" picks servers. GENERATOR=one-thread
# runs TurnLoad as one thread that sends and receives without sleeping, so that no wake-up of its receiver is charged
# to the server that delivers to it (the default, two-threads, is a sleeping sender beside a sleeping receiver).
source "$(dirname "$0")/common.sh"
SECRET=bench-secret
RDV_HTTP=${RDV_HTTP:-29280}
RDV_TURN=${RDV_TURN:-29478}
BASE_HTTP=${BASE_HTTP:-29380}
BASE_TURN=${BASE_TURN:-29488}
COTURN_PORT=${COTURN_PORT:-29578}
ROUNDS=${ROUNDS:-3}
WARMUP=${WARMUP:-3}
WINDOW=${WINDOW:-15}
LOADS=${LOADS:-"light audio video knee"}
KNEE_ALLOCATIONS=${KNEE_ALLOCATIONS:-"400 500 600 700 800 900 1000"} # x 200 packets/s: 80,000 to 200,000 offered
KNEE_ROUNDS=${KNEE_ROUNDS:-1}
GENERATOR=${GENERATOR:-two-threads}
RESULTS="$OUT/turn-loads${TAG:+-$TAG}.jsonl"
MACHINE="machine-turn-loads.txt"
BASE_SERVER=rendezvousBenchBase
if [ -n "${SKIP_BUILD:-}" ]; then machine_info; else build; fi
if [ -n "${BASE_ROOT:-}" ]; then
  # shellcheck disable=SC2086
  [ -n "${SKIP_BUILD:-}" ] && [ -f "$BASE_ROOT/target/rendezvous.war" ] \
    || (cd "$BASE_ROOT" && mvn -q -B ${BENCH_MVN_FLAGS:-} -DskipTests package)
  base_dir="$WLP/usr/servers/$BASE_SERVER"
  [ -d "$base_dir" ] || "$WLP/bin/server" create "$BASE_SERVER" >/dev/null
  cp "${BASE_SERVER_XML:-$BASE_ROOT/src/main/liberty/config/server.xml}" "$base_dir/server.xml"
  mkdir -p "$base_dir/apps" && cp "$BASE_ROOT/target/rendezvous.war" "$base_dir/apps/"
  echo "base:    $(cd "$BASE_ROOT" && git rev-parse --short HEAD 2>/dev/null || echo "$BASE_ROOT") (same Liberty runtime)" >> "$OUT/$MACHINE"
fi
SERVERS=${SERVERS:-"rendezvous${BASE_ROOT:+ base} coturn"}
COTURN_VERSION=$(dpkg -s coturn 2>/dev/null | awk '/^Version:/ {print $2}')
taskset -cp "$LOAD_CORES" $$ >/dev/null # this script's own work stays off the servers' core
: > "$RESULTS"

TURN_ENV=(RENDEZVOUS_TURN_TLS_PORT=0 RENDEZVOUS_TURN_SECRETS="$SECRET" RENDEZVOUS_TURN_ALLOW_LOOPBACK_PEERS=true
  RENDEZVOUS_TURN_MAX_CHALLENGES_PER_MINUTE=1000000 RENDEZVOUS_TURN_MAX_ALLOCATIONS=100000)
declare -A PID PORT
echo "{\"server\":\"uptime-start\",\"uptime\":\"$(uptime | sed 's/^ *//')\"}" >> "$RESULTS"
BENCH_JVM_ARGS="${BENCH_JVM_ARGS:--Xmx512m} -Xlog:gc:file=$OUT/turn-loads-gc${TAG:+-$TAG}.log:time,uptime" \
  start_liberty "$RDV_HTTP" RENDEZVOUS_TURN_PORT="$RDV_TURN" "${TURN_ENV[@]}" RENDEZVOUS_TURN_RELAY_PORT_MIN=40000 \
  RENDEZVOUS_TURN_RELAY_PORT_MAX=47999
PID[rendezvous]=$LIBERTY_PID; PORT[rendezvous]=$RDV_TURN
if [ -n "${BASE_ROOT:-}" ]; then
  # shellcheck disable=SC2046
  env $(liberty_env) HTTP_HOST=127.0.0.1 HTTP_PORT="$BASE_HTTP" HTTPS_PORT=$((BASE_HTTP + 1)) RENDEZVOUS_TURN_LISTEN_ADDRESS=127.0.0.1 \
    RENDEZVOUS_TURN_PORT="$BASE_TURN" "${TURN_ENV[@]}" RENDEZVOUS_TURN_RELAY_PORT_MIN=48000 RENDEZVOUS_TURN_RELAY_PORT_MAX=55999 \
    JVM_ARGS="${BENCH_JVM_ARGS:--Xmx512m} ${BASE_JVM_ARGS:-} -Xlog:gc:file=$OUT/turn-loads-gc-base${TAG:+-$TAG}.log:time,uptime" \
    taskset -c "$SERVER_CORES" "$WLP/bin/server" run "$BASE_SERVER" > "$OUT/liberty-base.out" 2>&1 &
  for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$BASE_HTTP/health/ready" >/dev/null 2>&1 && break; sleep 1; done
  PID[base]=$(pgrep -f "$WLP/bin/tools/ws-server.jar $BASE_SERVER\$" | head -1); PORT[base]=$BASE_TURN
  check_server_jdk "${PID[base]}"
  PIDS+=("${PID[base]}")
fi
start_coturn "$COTURN_PORT" 56000 "$OUT/coturn.out"
PID[coturn]=$COTURN_PID; PORT[coturn]=$COTURN_PORT

# udp_rcvbuf_errors: datagrams the kernel dropped on this machine because a socket's receive buffer was full (any
# socket: the server's or the generator's; a run's difference says whether loss was a full buffer).
udp_rcvbuf_errors() { awk '/^Udp:/ { if (!h) { for (i = 1; i <= NF; i++) c[$i] = i; h = 1 } else print $c["RcvbufErrors"] }' /proc/net/snmp; }

# run SERVER LOAD ROUND ALLOCATIONS RATE: one generator run, one JSON line (the generator's, with the run's names).
run() {
  local name=$1 load=$2 round=$3 allocations=$4 rate=$5 line drops_before
  drops_before=$(udp_rcvbuf_errors)
  line=$(taskset -c "$LOAD_CORES" java -Xmx1g -cp "$ROOT/target/test-classes:$ROOT/target/classes" dev.rendezvous.bench.TurnLoad \
    --server "127.0.0.1:${PORT[$name]}" --secret "$SECRET" --allocations "$allocations" --rate "$rate" --sizes 100-1200 \
    --warmup "$WARMUP" --duration "$WINDOW" --pid "${PID[$name]}" --label "$name" --generator "$GENERATOR" 2>>"$OUT/turn-load.err") \
    || line="{\"error\":\"$(grep -v '^[[:space:]]*at ' "$OUT/turn-load.err" | tail -1 | tr -d '"\\' | tr -c '[:print:]' ' ')\"}"
  echo "{\"server\":\"$name\",\"load\":\"$load\",\"round\":\"$round\",\"loadAverage\":\"$(cut -d' ' -f1-3 /proc/loadavg)\",\"ended\":\"$(date -u +%T.%3N)\",\"udpRcvbufErrors\":$(( $(udp_rcvbuf_errors) - drops_before )),${line#\{}" \
    | tee -a "$RESULTS"
}

# fixed LOAD ALLOCATIONS RATE: a warm-up run per server, then ROUNDS interleaved rounds.
fixed() {
  local server round
  for server in $SERVERS; do run "$server" "$1" warm-up "$2" "$3" >/dev/null; done
  for round in $(seq 1 "$ROUNDS"); do
    for server in $SERVERS; do run "$server" "$1" "$round" "$2" "$3"; done
  done
}

# knee: up the ladder, every server at each step (interleaved), until a server's loss passes 1 % (it then stops).
knee() {
  local allocations server round line loss active="$SERVERS" next
  for server in $SERVERS; do run "$server" knee warm-up 100 200 >/dev/null; done
  for allocations in $KNEE_ALLOCATIONS; do
    next=""
    for round in $(seq 1 "$KNEE_ROUNDS"); do
      for server in $active; do
        line=$(run "$server" "knee $allocations x 200" "$round" "$allocations" 200)
        loss=$(echo "$line" | sed -n 's/.*"lossPercent":\(-\{0,1\}[0-9.]*\).*/\1/p')
        if [ "$round" = "$KNEE_ROUNDS" ] && awk "BEGIN { exit !(${loss:-100} <= 1) }"; then next="$next $server"; fi
      done
    done
    active=$next
    [ -n "$active" ] || break
  done
}

for load in $LOADS; do
  case "$load" in
    light) fixed light 20 200 ;;
    audio) fixed audio 500 50 ;;
    video) fixed video 50 500 ;;
    knee) knee ;;
  esac
done
echo "{\"server\":\"uptime-end\",\"uptime\":\"$(uptime | sed 's/^ *//')\"}" >> "$RESULTS"
python3 "$ROOT/src/test/bench/turn-loads-summary.py" "$RESULTS"
