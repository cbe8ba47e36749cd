#!/usr/bin/env bash
# The cluster benchmark (issue 13): cluster mode on Redis against a single node, in one run, side by side.
#  1. One node's frames/s with cluster mode off and on (1,000 sockets, K = 0 and 5 offers, the generator settings
#     tracker.sh uses for Rendezvous), off and on alternately, ROUNDS times each. Both Liberty servers run through
#     this part (the idle one takes about 1 % of a core) and are warmed up first, so every run meets a warm JVM.
#  2. Offer delivery between two cluster nodes against within one node: the 2-node cluster's saturated rate
#     (closed loop, K = 5), then open loop at half of it, the generator's sockets alternating between the nodes
#     in every room (TrackerLoad --urls).
#  3. Redis' work per announce over the measurement of the half-load run (INFO commandstats and INFO cpu), and of
#     the single-node runs in cluster mode.
#  4. Recovery: Redis killed (-9) and restarted on the same port, twice (down ~1 s and ~8 s): time until each
#     node's /health/ready says "connected" again and until each node's scrape counts both nodes' peers again;
#     then kill -9 of one of the two nodes: time until the survivor's scrape no longer counts its peers (node
#     timeout: the default, 10 s).
# The nodes run on BENCH_JAVA_HOME's JDK when it is set (see common.sh); every result names it (serverJdk).
# Every server (Liberty nodes and redis-server: Redis is part of the server side) runs on the server cores, the
# generator and the probe on the load cores. REDIS_CORES=LIST puts Redis on other cores instead (as a Redis on its own
# machine would be: on 2 cores, REDIS_CORES=1 measures a node's own overhead, with Redis beside the generator).
# SINGLE_ONLY=1: part 1 only, its results, machine file and logs under target/bench/cluster-single-only*, and no report. Options: --server-cores LIST --load-cores LIST (see common.sh).
# Each recorded run also carries the nodes' counter deltas over it (d* fields: offers that went to other nodes,
# dropped ones, answers with no route). Results: target/bench/cluster.jsonl, cluster-machine.txt and cluster-logs/
# (the nodes' messages.log, their warnings, the probe's events); the report: the "Cluster mode" section of
# docs/benchmarks.md, rewritten in place by BenchReport --cluster (with BENCH_REPORT=1, the default); the rest of the
# file is left as it is. About 10 minutes on a 2-core machine.
source "$(dirname "$0")/common.sh"
DURATION=${DURATION:-15}
WARMUP=${WARMUP:-5}
ROUNDS=${ROUNDS:-3}
CONNECTIONS=1000
ROOMS=100
# SINGLE_ONLY=1 keeps its results, machine file and logs apart, so that the report's run is left as it is.
NAME=cluster; [ "${SINGLE_ONLY:-0}" = 1 ] && NAME=cluster-single-only
RESULTS="$OUT/$NAME.jsonl"
LOGS="$OUT/$NAME-logs"
STARTED=$(date +%s)
: > "$RESULTS"
rm -rf "$LOGS" && mkdir -p "$LOGS"

# A port P such that P, P+1 (HTTPS) and P+5 (TURN, TCP and UDP) are free on 127.0.0.1.
free_port() {
  local p=$1
  while ss -Htan "( sport = :$p or sport = :$((p + 1)) or sport = :$((p + 5)) )" | grep -q . \
     || ss -Huan "( sport = :$((p + 5)) )" | grep -q .; do
    p=$((p + 10))
  done
  echo "$p"
}
OFF_PORT=$(free_port "${OFF_PORT:-19380}")
A_PORT=$(free_port "${A_PORT:-19480}")
B_PORT=$(free_port "${B_PORT:-19580}")
REDIS_PORT=$(free_port "${REDIS_PORT:-16380}")
REDIS_URI="redis://127.0.0.1:$REDIS_PORT"

load() { cut -d' ' -f1-3 /proc/loadavg; }
record() { # record FIELDS JSON: FIELDS ("part":"..",...), the JDKs of the nodes and of the generator (common.sh), the
  # time and load average at the end, the generator's JSON
  local line="{$1,\"serverJdk\":\"$SERVER_JDK\",\"serverJvmArgs\":\"${BENCH_JVM_ARGS:--Xmx512m}\",\"generatorJdk\":\"$GENERATOR_JDK\",\"at\":\"$(date -u +%H:%M:%S)\",\"load\":\"$(load)\",${2#\{}"
  echo "$line" | tee -a "$RESULTS"
}
ms() { date +%s%3N; }

# --- processes ---------------------------------------------------------------------------------------------------
declare -A NODE_PID=()
REDIS_PID=""
cleanup() {
  for pid in "${PIDS[@]:-}"; do [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; done
  for name in "${!NODE_PID[@]}"; do stop_node "$name"; done
  [ -n "$REDIS_PID" ] && kill "$REDIS_PID" 2>/dev/null || true
  stop_liberty || true
}

start_redis() {
  taskset -c "${REDIS_CORES:-$SERVER_CORES}" redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save '' --appendonly no \
    --dir "$LOGS" >> "$LOGS/redis.out" 2>&1 &
  REDIS_PID=$!
  for _ in $(seq 1 100); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && return; sleep 0.05; done
  echo "redis-server did not start; see $LOGS/redis.out" >&2; exit 1
}

# make_node NAME: a Liberty server like the benchmark's, from the same runtime.
make_node() {
  local from="$WLP/usr/servers/$BENCH_SERVER" to="$WLP/usr/servers/$1"
  rm -rf "$to" && mkdir -p "$to"
  cp -r "$from/server.xml" "$from/apps" "$from/dropins" "$to/"
  [ -f "$from/server.env" ] && cp "$from/server.env" "$to/"
  [ -d "$from/resources" ] && cp -r "$from/resources" "$to/"
  return 0
}

# start_node NAME PORT [ENV=VALUE...]: Liberty on the server cores, TURN on PORT+5, the UDP tracker on PORT+7; waits until it is ready and,
# in cluster mode, until the cluster check says connected.
start_node() {
  local name=$1 port=$2; shift 2
  rm -f "$WLP/usr/servers/$name/logs/messages.log"
  # shellcheck disable=SC2046
  env $(liberty_env) HTTP_HOST=127.0.0.1 HTTP_PORT="$port" HTTPS_PORT=$((port + 1)) RENDEZVOUS_TURN_LISTEN_ADDRESS=127.0.0.1 \
    RENDEZVOUS_TURN_PORT=$((port + 5)) RENDEZVOUS_TURN_TLS_PORT=0 \
    RENDEZVOUS_UDP_TRACKER_LISTEN_ADDRESS=127.0.0.1 RENDEZVOUS_UDP_TRACKER_PORT=$((port + 7)) "$@" \
    JVM_ARGS="${BENCH_JVM_ARGS:--Xmx512m}" taskset -c "$SERVER_CORES" "$WLP/bin/server" run "$name" > "$LOGS/$name.out" 2>&1 &
  disown $! # no "Killed" notice when part 4 kills it
  local state=""
  for _ in $(seq 1 240); do
    state=$(curl -sf "http://127.0.0.1:$port/health/ready" 2>/dev/null | grep -o '"state":"[^"]*"' || true)
    [ -n "$state" ] && [ "$state" != '"state":"degraded"' ] && break
    sleep 0.5
  done
  case "$state" in
    '"state":"connected"'|'"state":"single node"') ;;
    *) echo "$name did not start (cluster state: $state); see $LOGS/$name.out" >&2; exit 1 ;;
  esac
  NODE_PID[$name]=$(pgrep -f "$WLP/bin/tools/ws-server.jar $name\$" | head -1)
  check_server_jdk "${NODE_PID[$name]}"
  echo "$name on port $port, pid ${NODE_PID[$name]}, $state"
}

stop_node() {
  local name=$1
  if [ -n "${NODE_PID[$name]:-}" ] && kill -0 "${NODE_PID[$name]}" 2>/dev/null; then
    timeout 30 "$WLP/bin/server" stop "$name" >/dev/null 2>&1 || kill "${NODE_PID[$name]}" 2>/dev/null || true
  fi
  unset "NODE_PID[$name]"
}

# A generator run on the load cores, the node(s) and Redis as the server processes.
run() { # run URLS PIDS ARGS...
  local urls=$1 pids=$2; shift 2
  generator --urls "$urls" --connections "$CONNECTIONS" --rooms "$ROOMS" --pid "$pids" --redis "127.0.0.1:$REDIS_PORT" "$@"
}
inflight() { [ "$1" = 0 ] && echo 8 || echo 1; }
ws() { echo "ws://127.0.0.1:$1/announce"; }
health() { echo "http://127.0.0.1:$1/health/ready"; }

# The cluster and answer counters of nodes' /metrics, summed: sent to nodes, received from nodes, dropped (node not
# listening, peer gone, engine unavailable: offers that went to the node's own peers only), answers unrouted.
COUNTERS=(sentToNodes receivedFromNodes droppedNodeNotListening droppedPeerGone droppedEngineUnavailable answersUnrouted)
counters() { # counters PORT...
  for port in "$@"; do
    curl -s "http://127.0.0.1:$port/metrics?scope=application" | awk '
      /^rendezvous_cluster_messages_sent_total/ { v[1] = $2 } /^rendezvous_cluster_messages_received_total/ { v[2] = $2 }
      /node-not-listening/ { v[3] = $2 } /peer-gone/ { v[4] = $2 } /engine-unavailable/ { v[5] = $2 }
      /^rendezvous_tracker_answers_unrouted_total/ { v[6] = $2 }
      END { for (i = 1; i <= 6; i++) printf "%d ", v[i]; print "" }'
  done | awk '{ for (i = 1; i <= 6; i++) s[i] += $i } END { for (i = 1; i <= 6; i++) printf "%d ", s[i]; print "" }'
}
# deltas BEFORE AFTER: the counters' differences as JSON fields ("d" + name).
deltas() {
  local -a b=($1) a=($2); local out=""
  for i in "${!COUNTERS[@]}"; do out+=",\"d${COUNTERS[i]^}\":$(( ${a[i]:-0} - ${b[i]:-0} ))"; done
  echo "$out"
}
# measured FIELDS PORTS URLS PIDS ARGS...: a recorded generator run, with the nodes' counter deltas over it.
measured() {
  local fields=$1 ports=$2 urls=$3 pids=$4; shift 4
  local before after json
  before=$(counters $ports)
  json=$(run "$urls" "$pids" "$@")
  after=$(counters $ports)
  record "$fields$(deltas "$before" "$after")" "$json"
}

# This run's machine info apart from machine.txt, which describes the runs of the other scripts.
MACHINE=$NAME-machine.txt
build
echo "redis:   $(redis-server --version | sed 's/.*v=\([^ ]*\).*/\1/') (on cores ${REDIS_CORES:-$SERVER_CORES}$([ "${REDIS_CORES:-$SERVER_CORES}" = "$SERVER_CORES" ] && echo " with the Liberty nodes"))" >> "$OUT/$MACHINE"
record "\"part\":\"uptime\",\"when\":\"start\"" "{\"uptime\":\"$(uptime | sed 's/^ *//')\"}"
for name in benchOff benchNodeA benchNodeB; do make_node "$name"; done
start_redis
CLUSTER_ENV=(RENDEZVOUS_CLUSTER_REDIS_URI="$REDIS_URI")

# --- 1. one node, cluster mode off and on ------------------------------------------------------------------------
echo "== 1. one node: cluster mode off (port $OFF_PORT) and on (port $A_PORT, Redis on $REDIS_PORT)"
start_node benchOff "$OFF_PORT"
start_node benchNodeA "$A_PORT" "${CLUSTER_ENV[@]}" RENDEZVOUS_CLUSTER_NODE_ID=bench-a
# JIT warm-up, not recorded: C2 takes tens of seconds of a core shared with the load before a node runs at speed.
warm() { # warm URLS SECONDS_K0 SECONDS_K5
  if [ "$2" -gt 0 ]; then
    generator --urls "$1" --connections "$CONNECTIONS" --rooms "$ROOMS" --offers 0 --inflight 8 --warmup 0 --duration "$2" > /dev/null
  fi
  generator --urls "$1" --connections "$CONNECTIONS" --rooms "$ROOMS" --offers 5 --inflight 1 --warmup 0 --duration "$3" > /dev/null
}
for port in "$OFF_PORT" "$A_PORT"; do warm "$(ws "$port")" 10 15; done
for round in $(seq 1 "$ROUNDS"); do
  order="off on"; [ $((round % 2)) = 0 ] && order="on off"
  for k in 0 5; do
    for mode in $order; do
      if [ "$mode" = off ]; then port=$OFF_PORT; pid=${NODE_PID[benchOff]}; else port=$A_PORT; pid=${NODE_PID[benchNodeA]}; fi
      measured "\"part\":\"single\",\"cluster\":\"$mode\",\"round\":$round" "$port" "$(ws "$port")" "$pid,$REDIS_PID" \
        --offers "$k" --inflight "$(inflight "$k")" --warmup "$WARMUP" --duration "$DURATION"
    done
  done
done
stop_node benchOff
if [ "${SINGLE_ONLY:-0}" = 1 ]; then exit 0; fi

# --- 2. and 3. two nodes: saturation, then half of it -----------------------------------------------------------
echo "== 2. two nodes (ports $A_PORT and $B_PORT) on Redis"
start_node benchNodeB "$B_PORT" "${CLUSTER_ENV[@]}" RENDEZVOUS_CLUSTER_NODE_ID=bench-b
URLS="$(ws "$A_PORT"),$(ws "$B_PORT")"
PIDS2="${NODE_PID[benchNodeA]},${NODE_PID[benchNodeB]},$REDIS_PID"
warm "$(ws "$B_PORT")" 5 15 # B alone first (its peers all local), then both
warm "$URLS" 0 15
for trial in 1 2; do
  measured "\"part\":\"two-nodes-saturated\",\"trial\":$trial" "$A_PORT $B_PORT" "$URLS" "$PIDS2" \
    --offers 5 --inflight 1 --warmup "$WARMUP" --duration "$DURATION"
done
saturated=$(grep '"part":"two-nodes-saturated"' "$RESULTS" | sed 's/.*"announcesPerSecond":\([0-9.]*\).*/\1/' | awk '{ s += $1; n++ } END { print s / n }')
half=$(awk "BEGIN { printf \"%d\", $saturated / 2 }")
redis-cli -p "$REDIS_PORT" CONFIG RESETSTAT > /dev/null
measured "\"part\":\"two-nodes-half-load\",\"saturated\":$saturated" "$A_PORT $B_PORT" "$URLS" "$PIDS2" \
  --offers 5 --rate "$half" --warmup "$WARMUP" --duration "$DURATION"
{ echo "# redis-cli INFO commandstats / INFO cpu after CONFIG RESETSTAT and the two-node half-load run (whole run: connect, warm-up, measurement, close)"
  redis-cli -p "$REDIS_PORT" INFO commandstats; redis-cli -p "$REDIS_PORT" INFO cpu; } | tr -d '\r' > "$OUT/cluster-redis-commandstats.txt"

# --- 4. recovery -------------------------------------------------------------------------------------------------
# probe FILE ARGS...: the recovery probe in the background, its events in FILE; waits until it holds its peers.
probe() {
  local file=$1; shift
  taskset -c "$LOAD_CORES" java -cp "$ROOT/target/test-classes" dev.rendezvous.bench.ClusterProbe "$@" > "$file" 2>&1 &
  PROBE_PID=$!; PIDS+=("$PROBE_PID")
  for _ in $(seq 1 600); do grep -q '^ready' "$file" && return; grep -q '^timeout' "$file" && break; sleep 0.1; done
  echo "the probe did not get ready; see $file" >&2; cat "$file" >&2; exit 1
}
# first FILE SINCE KIND INDEX VALUE: the time of the first event "KIND INDEX VALUE" at or after SINCE (ms), or "".
first() { awk -v s="$2" -v k="$3" -v i="$4" -v v="$5" '$1 >= s && $2 == k && $3 == i && $4 == v { print $1; exit }' "$1"; }
# await FILE SINCE SECONDS KIND INDEX VALUE...: waits until every (KIND INDEX VALUE) triple has happened since SINCE.
await() {
  local file=$1 since=$2 seconds=$3; shift 3
  local deadline=$(( $(date +%s) + seconds ))
  while [ "$(date +%s)" -le "$deadline" ]; do
    local all=1 a=("$@")
    for ((j = 0; j < ${#a[@]}; j += 3)); do
      [ -n "$(first "$file" "$since" "${a[j]}" "${a[j+1]}" "${a[j+2]}")" ] || all=0
    done
    [ "$all" = 1 ] && return 0
    sleep 0.1
  done
  return 1
}
elapsed() { [ -n "$2" ] && echo $(( $2 - $1 )) || echo -1; } # elapsed FROM TO (ms), -1 if TO never came

echo "== 4. recovery: Redis killed and restarted"
PEERS=10
trial=0
for down in 1 8; do
  trial=$((trial + 1))
  events="$LOGS/redis-restart-$trial.events"
  probe "$events" --hold "$URLS" --watch "$URLS" --health "$(health "$A_PORT"),$(health "$B_PORT")" --peers "$PEERS" \
    --room "probe-redis-$trial" --for 90
  killed=$(ms); kill -9 "$REDIS_PID"; wait "$REDIS_PID" 2>/dev/null || true
  await "$events" "$killed" 15 state 0 degraded state 1 degraded || echo "the nodes did not report degraded" >&2
  sleep "$down"
  restarted=$(ms); start_redis; accepting=$(ms)
  await "$events" "$restarted" 60 state 0 connected state 1 connected count 0 $((2 * PEERS)) count 1 $((2 * PEERS)) \
    || echo "the cluster did not recover within 60 s; see $events" >&2
  kill "$PROBE_PID" 2>/dev/null; wait "$PROBE_PID" 2>/dev/null || true
  record "\"part\":\"redis-restart\",\"trial\":$trial" "{\"downSeconds\":$(( (restarted - killed) / 1000 )),\"downMs\":$((restarted - killed)),\"redisStartMs\":$((accepting - restarted)),\"peersPerNode\":$PEERS,\
\"killToDegradedMsA\":$(elapsed "$killed" "$(first "$events" "$killed" state 0 degraded)"),\"killToDegradedMsB\":$(elapsed "$killed" "$(first "$events" "$killed" state 1 degraded)"),\
\"restartToConnectedMsA\":$(elapsed "$restarted" "$(first "$events" "$restarted" state 0 connected)"),\"restartToConnectedMsB\":$(elapsed "$restarted" "$(first "$events" "$restarted" state 1 connected)"),\
\"restartToBothCountedMsA\":$(elapsed "$restarted" "$(first "$events" "$restarted" count 0 $((2 * PEERS)))"),\"restartToBothCountedMsB\":$(elapsed "$restarted" "$(first "$events" "$restarted" count 1 $((2 * PEERS)))")}"
done
# Offers across nodes after the restarts: every offer should arrive (all but the 300 the first announces have no
# target for: rooms of 10, 5 offers, 20 rooms).
before=$(counters "$A_PORT" "$B_PORT")
json=$(generator --urls "$URLS" --connections 200 --rooms 20 --offers 5 --rate 200 --warmup 1 --duration 4 \
  --pid "${NODE_PID[benchNodeA]},${NODE_PID[benchNodeB]},$REDIS_PID")
record "\"part\":\"after-redis-restart\"$(deltas "$before" "$(counters "$A_PORT" "$B_PORT")")" "$json"

echo "== 4. recovery: kill -9 of node B"
events="$LOGS/node-kill.events"
PEERS=20
probe "$events" --hold "$(ws "$B_PORT")" --watch "$(ws "$A_PORT")" --health "$(health "$A_PORT")" --peers "$PEERS" --room probe-node-kill --for 90
killed=$(ms); kill -9 "${NODE_PID[benchNodeB]}"; unset "NODE_PID[benchNodeB]"
await "$events" "$killed" 40 count 0 0 || echo "the survivor still counts the dead node's peers after 40 s; see $events" >&2
kill "$PROBE_PID" 2>/dev/null; wait "$PROBE_PID" 2>/dev/null || true
record "\"part\":\"node-kill\"" "{\"nodeTimeoutSeconds\":10,\"heartbeatMs\":2000,\"peers\":$PEERS,\"killToGoneMs\":$(elapsed "$killed" "$(first "$events" "$killed" count 0 0)")}"
stop_node benchNodeA

# --- what the nodes logged ---------------------------------------------------------------------------------------
for name in benchOff benchNodeA benchNodeB; do
  log="$WLP/usr/servers/$name/logs/messages.log"
  [ -f "$log" ] || continue
  cp "$log" "$LOGS/$name-messages.log"
  warnings=$(grep -cE '^\[[^]]*\] [0-9a-f]+ \S+ +W ' "$log" || true)
  errors=$(grep -cE '^\[[^]]*\] [0-9a-f]+ \S+ +E ' "$log" || true)
  grep -E '^\[[^]]*\] [0-9a-f]+ \S+ +[WE] ' "$log" | sed "s/^/$name: /" >> "$LOGS/warnings.txt" || true
  record "\"part\":\"log\",\"node\":\"$name\"" "{\"warnings\":$warnings,\"errors\":$errors}"
done
record "\"part\":\"uptime\",\"when\":\"end\"" "{\"uptime\":\"$(uptime | sed 's/^ *//')\",\"seconds\":$(( $(date +%s) - STARTED ))}"

if [ "${BENCH_REPORT:-1}" = 1 ]; then
  java -cp "$ROOT/target/test-classes" dev.rendezvous.bench.BenchReport --cluster "$OUT" "$ROOT/docs"
fi
