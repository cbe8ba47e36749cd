#!/usr/bin/env bash
# The BitTorrent tracker benchmark (HTTP, BEP 3, and UDP, BEP 15): Rendezvous on Open Liberty, Debian's opentracker
# (the classic C tracker) and the reference bittorrent-tracker server (`new Server({udp, http, ws})`, Node), all
# three running at once, each on the server cores (core 0 by default), driven in interleaved rounds (rendezvous,
# opentracker, reference, rendezvous, ...) by the Java load generators on the load cores (core 1). Options:
# --server-cores LIST --load-cores LIST (see common.sh). Every socket is on 127.0.0.1.
#   udp:    UdpAnnounceLoad, closed loop (UDP_SOCKETS source sockets x UDP_INFLIGHT announces in flight), 1,000
#           swarms x 100 peers = 100,000 peers, numwant 50; ROUNDS rounds of DURATION s after WARMUP s each; then one
#           open-loop run per server at UDP_RATE announces/s (the same load for all three: latency and CPU).
#   http:   HttpAnnounceLoad, HTTP_CONNECTIONS connections with one announce in flight each, keep-alive and
#           Connection: close (opentracker closes after every response, so it runs the second kind only), HTTP_ROUNDS
#           rounds.
#   memory: fresh servers; live memory empty, after 100,000 UDP peers and after 100,000 HTTP peers (PeerMemory).
# Before each series the script waits, up to QUIET_WAIT seconds, until no one else's turnserver, turnutils_uclient,
# Liberty, Surefire or Failsafe runs, the 1-minute load average is under QUIET_LOAD and /tmp/bench.lock is free (other
# benchmarks on this machine take it too); then it holds the lock (flock) for the series, quiet or not. Every result
# records the load average at its end and whether its series started quiet.
# Results: target/bench/bt-tracker.jsonl; the summary (medians, ratios): target/bench/bt-tracker.md, from
# BtTrackerSummary. SERIES: which of "udp http memory profile" (default the first three; profile: perf profiles of
# Rendezvous under the UDP and HTTP loads, target/bench/bt-profile-*.txt). SKIP_BUILD=1: no build.
# Needs: opentracker (apt-get install opentracker), node and src/test/node's npm packages (npm ci there).
source "$(dirname "$0")/common.sh"
# A server name of its own: other scripts on this machine look their Liberty up by the name rendezvousBench.
BENCH_SERVER=rendezvousBtBench
# A Liberty that failed its start (a port taken) has no LIBERTY_PID yet: stop this worktree's bench server by name too.
trap 'cleanup; "$WLP/bin/server" stop "$BENCH_SERVER" >/dev/null 2>&1 || true' EXIT
SERIES=${SERIES:-"udp http memory"}
ROUNDS=${ROUNDS:-5}
HTTP_ROUNDS=${HTTP_ROUNDS:-3}
DURATION=${DURATION:-15}
WARMUP=${WARMUP:-5}
JIT_WARMUP=${JIT_WARMUP:-20}
SWARMS=${SWARMS:-1000}
PEERS=${PEERS:-100000}
UDP_SOCKETS=${UDP_SOCKETS:-32}
UDP_INFLIGHT=${UDP_INFLIGHT:-4}
UDP_RATE=${UDP_RATE:-5000}
HTTP_CONNECTIONS=${HTTP_CONNECTIONS:-32}
QUIET_WAIT=${QUIET_WAIT:-1800}
PROFILE_SECONDS=${PROFILE_SECONDS:-15}
PROFILE_KINDS=${PROFILE_KINDS:-"udp http-keepalive"}
QUIET_LOAD=${QUIET_LOAD:-0.7}
RDV_PORT=${RDV_PORT:-27180}        # HTTP; +1 HTTPS, +5 TURN, +6 the UDP tracker
OT_PORT=${OT_PORT:-27280}          # opentracker, TCP and UDP
REF_PORT=${REF_PORT:-27380}        # the reference, TCP and UDP; +1 its memory probe
MEMORY_JVM_ARGS=${MEMORY_JVM_ARGS:--Xmx1g -XX:NativeMemoryTracking=summary}
NODE_MODULES="$ROOT/src/test/node/node_modules"
RESULTS="$OUT/bt-tracker.jsonl"
[ -n "${APPEND:-}" ] || : > "$RESULTS"

for port in "$RDV_PORT" $((RDV_PORT + 1)) $((RDV_PORT + 5)) $((RDV_PORT + 6)) "$OT_PORT" "$REF_PORT" $((REF_PORT + 1)); do
  ! ss -Htuln "sport = :$port" | grep -q . || { echo "port $port is in use: set RDV_PORT, OT_PORT, REF_PORT" >&2; exit 2; }
done
command -v opentracker >/dev/null || { echo "opentracker is not installed: apt-get install opentracker" >&2; exit 2; }
[ -d "$NODE_MODULES/bittorrent-tracker" ] || { echo "no $NODE_MODULES/bittorrent-tracker: npm ci in src/test/node" >&2; exit 2; }
if [ -n "${SKIP_BUILD:-}" ]; then machine_info; else build; fi
OT_VERSION=$(dpkg -s opentracker 2>/dev/null | awk '/^Version:/ {print $2}')
REF_VERSION=$(node -p "require('$NODE_MODULES/bittorrent-tracker/package.json').version")
{
  echo "opentracker: $OT_VERSION (Debian; built with a whitelist only: the benchmark's info hashes are listed)"
  echo "bittorrent-tracker: $REF_VERSION on node $(node --version)"
} >> "$OUT/$MACHINE"
taskset -cp "$LOAD_CORES" $$ >/dev/null # the script's own polling stays off the servers' cores

load_java() { taskset -c "$LOAD_CORES" java -Xmx2g -cp "$ROOT/target/test-classes" "$@"; }
QUIET=unknown
# record SERIES SERVER ROUND JSON: one result line, with the server's runtime and the load average at its end.
record() {
  local pid
  pid=$(pid_of "$2")
  [ -z "$pid" ] || kill -0 "$pid" 2>/dev/null || { echo "$2 (pid $pid) is gone: its results would be void; stopping" >&2; exit 1; }
  local runtime="$SERVER_JDK (${BENCH_JVM_ARGS:--Xmx512m})"
  case "$2" in opentracker) runtime="C (opentracker $OT_VERSION)" ;; reference) runtime="node $(node --version)" ;; esac
  echo "{\"series\":\"$1\",\"server\":\"$2\",\"round\":\"$3\",\"runtime\":\"$runtime\",\"loadAverage\":\"$(cut -d' ' -f1-3 /proc/loadavg)\",\"quiet\":\"$QUIET\",${4#\{}" | tee -a "$RESULTS"
}

# Someone else's server, test run or TURN load (ours are this script's descendants), or the load average over
# QUIET_LOAD.
foreign_busy() {
  local pid ancestor
  for pid in $(pgrep -f 'turnutils_uclient|turnserver|liberty|surefire|failsafe'); do
    # A shell or a waiting script that only names them (its java or turnserver children are matched themselves).
    case "$(cat "/proc/$pid/comm" 2>/dev/null)" in bash|sh|dash|flock|sleep|timeout|"") continue ;; esac
    ancestor=$pid
    while [ "$ancestor" -gt 1 ] && [ "$ancestor" != $$ ]; do
      ancestor=$(awk '{print $4}' "/proc/$ancestor/stat" 2>/dev/null || echo 1)
    done
    [ "$ancestor" = $$ ] || { echo "pid $pid: $(tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | cut -c1-100)"; return 0; }
  done
  awk -v max="$QUIET_LOAD" '{ exit !($1 >= max) }' /proc/loadavg && { echo "load $(cut -d' ' -f1 /proc/loadavg)"; return 0; }
  return 1
}
# begin_series NAME [MAX_WAIT]: waits (up to MAX_WAIT s, default QUIET_WAIT) for a quiet machine and /tmp/bench.lock
# free, without holding the lock while it waits (other benchmarks take it too); then takes the lock, quiet or not, for
# the whole series.
begin_series() {
  exec 9>/tmp/bench.lock
  local waited=0 why max=${2:-$QUIET_WAIT}
  while true; do
    if ! why=$(foreign_busy); then
      if flock -n 9; then
        if ! why=$(foreign_busy); then QUIET=true; break; fi
        flock -u 9
      else
        why="/tmp/bench.lock is held"
      fi
    fi
    if [ "$waited" -ge "$max" ]; then
      echo "== $1: not quiet after ${max}s ($why): measuring anyway once the lock is free"
      flock 9; QUIET=false; break
    fi
    [ $((waited % 60)) = 0 ] && echo "   $(date -u +%H:%M:%S) not quiet yet: $why"
    sleep 5; waited=$((waited + 5))
  done
  echo "== $1: $([ "$QUIET" = true ] && echo quiet || echo NOT quiet), load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%H:%M:%S)"
}
end_series() { flock -u 9; }

OT_DIR="$OUT/opentracker"
mkdir -p "$OT_DIR"
# Every set of swarms the runs announce in (the default one; PeerMemory's warm-up, UDP and HTTP ones).
for name in rendezvous-bench-swarm- rendezvous-bench-udp- rendezvous-bench-http-; do
  load_java dev.rendezvous.bench.UdpAnnounceLoad --mode whitelist --swarms "$SWARMS" --peers "$PEERS" --swarm-name "$name"
done > "$OT_DIR/whitelist.txt"
for name in rendezvous-bench-warm-udp- rendezvous-bench-warm-http-; do
  load_java dev.rendezvous.bench.UdpAnnounceLoad --mode whitelist --swarms 10 --peers 1000 --swarm-name "$name"
done >> "$OT_DIR/whitelist.txt"
start_opentracker() {
  # As root it chroots to -d and drops to nobody; it reads the whitelist there.
  taskset -c "$SERVER_CORES" opentracker -i 127.0.0.1 -p "$OT_PORT" -P "$OT_PORT" -d "$OT_DIR" -w whitelist.txt \
    > "$OUT/opentracker.out" 2>&1 &
  OT_PID=$!; PIDS+=("$OT_PID")
}
start_reference() { # start_reference [NODE_FLAGS...]
  taskset -c "$SERVER_CORES" node "$@" "$ROOT/src/test/bench/bt-reference.mjs" "$NODE_MODULES" "$REF_PORT" $((REF_PORT + 1)) \
    > "$OUT/bt-reference.out" 2>&1 &
  REF_PID=$!; PIDS+=("$REF_PID")
}
start_rendezvous() {
  local pid
  start_liberty "$RDV_PORT" RENDEZVOUS_TURN_PORT=$((RDV_PORT + 5)) RENDEZVOUS_TURN_TLS_PORT=0 \
    RENDEZVOUS_UDP_TRACKER_PORT=$((RDV_PORT + 6)) RENDEZVOUS_UDP_TRACKER_LISTEN_ADDRESS=127.0.0.1 \
    RENDEZVOUS_TRACKER_MAX_PEERS_PER_ADDRESS=10000000
  # The JVM that listens on our port, whatever else runs on the machine.
  pid=$(ss -Hltnp "sport = :$RDV_PORT" | sed -n 's/.*pid=\([0-9]*\).*/\1/p' | head -1) || true
  [ "$pid" = "$LIBERTY_PID" ] || { echo "Liberty: pgrep found $LIBERTY_PID, port $RDV_PORT is held by $pid: using $pid"; LIBERTY_PID=$pid; }
  check_server_jdk "$LIBERTY_PID"
}
stop_pid() { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }
await_udp() { # await_udp PORT: a populate run of 10 peers answers
  for _ in $(seq 1 60); do
    load_java dev.rendezvous.bench.UdpAnnounceLoad --mode populate --target "127.0.0.1:$1" --swarms 10 --peers 10 \
      --sockets 1 --inflight 1 2>/dev/null | grep -q '"answered":10,' && return 0
    sleep 1
  done
  echo "no UDP tracker answers at 127.0.0.1:$1" >&2; return 1
}

udp_target() { case "$1" in rendezvous) echo "127.0.0.1:$((RDV_PORT + 6))" ;; opentracker) echo "127.0.0.1:$OT_PORT" ;; reference) echo "127.0.0.1:$REF_PORT" ;; esac; }
http_url() { case "$1" in rendezvous) echo "http://127.0.0.1:$RDV_PORT/announce" ;; opentracker) echo "http://127.0.0.1:$OT_PORT/announce" ;; reference) echo "http://127.0.0.1:$REF_PORT/announce" ;; esac; }
pid_of() { case "$1" in rendezvous) echo "$LIBERTY_PID" ;; opentracker) echo "$OT_PID" ;; reference) echo "$REF_PID" ;; esac; }

SERVERS_UP=""
# The three servers for the throughput series, started once, each holding the 100,000 peers before any round.
servers_up() {
  [ -z "$SERVERS_UP" ] || return 0
  start_opentracker
  start_reference
  start_rendezvous
  await_udp "$OT_PORT"; await_udp "$REF_PORT"; await_udp $((RDV_PORT + 6))
  for server in rendezvous opentracker reference; do
    echo "-- $server: $PEERS peers in $SWARMS swarms"
    load_java dev.rendezvous.bench.UdpAnnounceLoad --mode populate --target "$(udp_target "$server")" --swarms "$SWARMS" \
      --peers "$PEERS" --sockets "$UDP_SOCKETS" --inflight "$UDP_INFLIGHT"
  done
  SERVERS_UP=1
}
servers_down() {
  [ -n "$SERVERS_UP" ] || return 0
  stop_pid "$OT_PID"; stop_pid "$REF_PID"; stop_liberty
  SERVERS_UP=""
}

udp_run() { # udp_run SERVER ROUND [EXTRA...]
  local server=$1 round=$2; shift 2
  record udp "$server" "$round" "$(load_java dev.rendezvous.bench.UdpAnnounceLoad --target "$(udp_target "$server")" \
    --swarms "$SWARMS" --peers "$PEERS" --sockets "$UDP_SOCKETS" --inflight "$UDP_INFLIGHT" --warmup "$WARMUP" \
    --duration "$DURATION" --pid "$(pid_of "$server")" "$@")"
}
http_run() { # http_run SERVER ROUND KEEPALIVE [EXTRA...]
  local server=$1 round=$2 keepalive=$3; shift 3
  record "http-$([ "$keepalive" = true ] && echo keepalive || echo close)" "$server" "$round" \
    "$(load_java dev.rendezvous.bench.HttpAnnounceLoad --url "$(http_url "$server")" --keepalive "$keepalive" \
      --swarms "$SWARMS" --peers "$PEERS" --connections "$HTTP_CONNECTIONS" --warmup "$WARMUP" --duration "$DURATION" \
      --pid "$(pid_of "$server")" "$@")"
}

if [[ " $SERIES " == *" udp "* ]]; then
  begin_series udp
  servers_up
  echo "-- JIT warm-up (unrecorded): $JIT_WARMUP s on each server"
  for server in rendezvous opentracker reference; do
    udp_run "$server" warmup --warmup 0 --duration "$JIT_WARMUP" > /dev/null
  done
  for round in $(seq 1 "$ROUNDS"); do
    for server in rendezvous opentracker reference; do udp_run "$server" "$round"; done
  done
  # Open loop: room for 1,024 announces in flight, so that a slow answer does not hold the next one back.
  for server in rendezvous opentracker reference; do udp_run "$server" "rate-$UDP_RATE" --rate "$UDP_RATE" --inflight 32; done
  end_series
fi

if [[ " $SERIES " == *" http "* ]]; then
  begin_series http
  servers_up
  for server in rendezvous reference; do
    http_run "$server" warmup true --warmup 0 --duration "$JIT_WARMUP" > /dev/null
    http_run "$server" warmup false --warmup 0 --duration 5 > /dev/null
  done
  for round in $(seq 1 "$HTTP_ROUNDS"); do
    for server in rendezvous reference; do http_run "$server" "$round" true; done
    for server in rendezvous opentracker reference; do http_run "$server" "$round" false; done
  done
  end_series
fi
servers_down

if [[ " $SERIES " == *" memory "* ]]; then
  # Live memory counts objects: the machine's load changes how long this takes, not the figures. So no wait for a
  # quiet machine; the lock still, so as not to disturb another benchmark's series.
  begin_series memory 0
  start_reference --expose-gc
  await_udp "$REF_PORT"
  record memory reference 1 "$(load_java dev.rendezvous.bench.PeerMemory --kind node --pid "$REF_PID" \
    --memory-url "http://127.0.0.1:$((REF_PORT + 1))/" --udp-target "$(udp_target reference)" \
    --http-url "$(http_url reference)" --peers "$PEERS" --swarms "$SWARMS" --label reference)"
  stop_pid "$REF_PID"
  start_opentracker
  await_udp "$OT_PORT"
  # opentracker: RSS only (context).
  record memory opentracker 1 "$(load_java dev.rendezvous.bench.PeerMemory --kind rss --pid "$OT_PID" \
    --udp-target "$(udp_target opentracker)" --http-url "$(http_url opentracker)" --peers "$PEERS" --swarms "$SWARMS" \
    --label opentracker)"
  stop_pid "$OT_PID"
  BENCH_JVM_ARGS="$MEMORY_JVM_ARGS" start_rendezvous
  await_udp $((RDV_PORT + 6))
  BENCH_JVM_ARGS="$MEMORY_JVM_ARGS" record memory rendezvous 1 "$(load_java dev.rendezvous.bench.PeerMemory --kind jvm \
    --pid "$LIBERTY_PID" --udp-target "$(udp_target rendezvous)" --http-url "$(http_url rendezvous)" --peers "$PEERS" \
    --swarms "$SWARMS" --label rendezvous --histogram "$OUT/bt-memory-histogram.md")"
  stop_liberty
  end_series
fi

if [[ " $SERIES " == *" profile "* ]]; then
  # Where Rendezvous' CPU goes per UDP and per HTTP announce: perf (kernel, JVM and JIT-compiled Java frames, named
  # through the JIT's perf map, jcmd Compiler.perfmap) over PROFILE_SECONDS of the same closed-loop loads.
  begin_series profile
  start_rendezvous
  await_udp $((RDV_PORT + 6))
  load_java dev.rendezvous.bench.UdpAnnounceLoad --mode populate --target "$(udp_target rendezvous)" --swarms "$SWARMS" \
    --peers "$PEERS" --sockets "$UDP_SOCKETS" --inflight "$UDP_INFLIGHT" > /dev/null
  for kind in $PROFILE_KINDS; do
    if [ "$kind" = udp ]; then
      udp_run rendezvous "profile" --warmup $((JIT_WARMUP + PROFILE_SECONDS + 5)) --duration 5 > "$OUT/bt-profile-$kind.json" &
    else
      http_run rendezvous "profile" true --warmup $((JIT_WARMUP + PROFILE_SECONDS + 5)) --duration 5 > "$OUT/bt-profile-$kind.json" &
    fi
    load=$!
    sleep $((JIT_WARMUP + 5))
    perf record -F 499 -g -p "$LIBERTY_PID" -o "$OUT/bt-profile-$kind.perf" -- sleep "$PROFILE_SECONDS" 2>/dev/null
    wait "$load"
    jcmd "$LIBERTY_PID" Compiler.perfmap > /dev/null # /tmp/perf-PID.map: names for the JIT's code
    perf report -i "$OUT/bt-profile-$kind.perf" --no-children --sort dso,sym --stdio 2>/dev/null \
      | grep -v '^#' | grep '%' | head -60 > "$OUT/bt-profile-$kind.txt" || true
    perf report -i "$OUT/bt-profile-$kind.perf" --no-children --sort dso --stdio 2>/dev/null \
      | grep -v '^#' | grep '%' | head -12 > "$OUT/bt-profile-$kind-dso.txt" || true
    echo "-- $kind: where Rendezvous' CPU went ($OUT/bt-profile-$kind.txt)"; cat "$OUT/bt-profile-$kind-dso.txt"; head -40 "$OUT/bt-profile-$kind.txt" || true
  done
  stop_liberty
  end_series
fi

java -cp "$ROOT/target/test-classes" dev.rendezvous.bench.BtTrackerSummary "$RESULTS" "$OUT/$MACHINE" | tee "$OUT/bt-tracker.md"
