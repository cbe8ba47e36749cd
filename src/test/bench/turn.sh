#!/usr/bin/env bash
# The TURN benchmark: coturn's turnutils_uclient (on the load cores, core 1 by default) drives Rendezvous and coturn's
# turnserver (each on the server cores, core 0 by default; options --server-cores LIST --load-cores LIST; coturn runs
# with --relay-threads=1, the single-threaded reference) in turn, with the same REST credentials, over loopback.
# (1) A fixed offered load: server CPU per delivered message (median of three runs), loss and round trip. (2) The knee: more clients until loss passes 1 %;
# the steady packets/s each load sustained. Every drop is pinned on the server's sockets or on uclient's (ss), and
# nstat's UdpRcvbufErrors is recorded too, so that the client's own limits are not blamed on a server.
# Results: target/bench/turn.jsonl; each result names the server's JDK (serverJdk: Rendezvous' Liberty JVM, see
# BENCH_JAVA_HOME in common.sh; coturn is C) and the load average at its end. TAG=jdk25: results in turn-jdk25.jsonl
# and machine-jdk25.txt, and no report. KNEE_CLIENTS="" (set and empty): no knee ladder, only the fixed load.
source "$(dirname "$0")/common.sh"
SECRET=bench-secret
RDV_HTTP=${RDV_HTTP:-19180}
RDV_TURN=${RDV_TURN:-19478}
COTURN_PORT=${COTURN_PORT:-19578}
FIXED=${FIXED:-"-m 40 -z 5 -n 3000 -l 120"}
KNEE_CLIENTS=${KNEE_CLIENTS-"100 200 300 350 400 450 500 550 600"} # 200 messages/s each: 20,000 to 120,000 offered
KNEE_ARGS=${KNEE_ARGS:-"-z 5 -n 4000 -l 120"}
TAG=${TAG:-}
RESULTS="$OUT/turn${TAG:+-$TAG}.jsonl"
[ -z "$TAG" ] || MACHINE="machine-$TAG.txt"
: > "$RESULTS"
if [ -n "${SKIP_BUILD:-}" ]; then machine_info; else build; fi
COTURN_VERSION=$(dpkg -s coturn 2>/dev/null | awk '/^Version:/ {print $2}')
taskset -cp "$LOAD_CORES" $$ >/dev/null # this script's own sampling stays off the servers' core

rcvbuf_errors() { nstat -az UdpRcvbufErrors 2>/dev/null | awk '/UdpRcvbufErrors/ {print $2}' || echo 0; }

# udp_drops SERVER_PID: "server client", the datagrams the kernel dropped so far at the receive buffers of the server's
# UDP sockets and of turnutils_uclient's (ss' skmem d), so that a loss is pinned on the side that dropped it.
udp_drops() {
  ss -uamnp 2>/dev/null | awk -v pid="$1" '
    /users:/ { side = index($0, "pid=" pid ",") ? "server" : (index($0, "turnutils") ? "client" : "") }
    /skmem:/ { if (side != "" && match($0, /,d[0-9]+/)) drops[side] += substr($0, RSTART + 2, RLENGTH - 2); side = "" }
    END { printf "%d %d\n", drops["server"], drops["client"] }'
}

# run SERVER_NAME SERVER_PID PORT LOAD_LABEL UCLIENT_ARGS...: one uclient run, one JSON line.
# uclient prints its totals every second; each such line is stamped with the time, the server's CPU ticks and the
# drops so far. The steady rate is the median per-second rate over the seconds within 10 % of the busiest one: the
# sending phase, without uclient's connect phase (sequential, about 0.2 s per client pair) or its staggered start.
run() {
  local name=$1 pid=$2 port=$3 label=$4; shift 4
  local jdk="$SERVER_JDK"
  local jvm_args="${BENCH_JVM_ARGS:--Xmx512m}"
  [ "$name" != coturn ] || { jdk="none (coturn $COTURN_VERSION, C)"; jvm_args=""; }
  local cpu_before errors_before start end samples="$OUT/uclient-samples.txt" output="$OUT/uclient.out"
  cpu_before=$(awk '{print $14 + $15}' "/proc/$pid/stat")
  errors_before=$(rcvbuf_errors)
  start=$(date +%s.%N)
  taskset -c "$LOAD_CORES" turnutils_uclient -y -c -W "$SECRET" -u bench "$@" -e 127.0.0.1 -p "$port" 127.0.0.1 2>&1 | tee "$output" |
    while IFS= read -r line; do
      case "$line" in
        *msz=*tot_recv_msgs=*) echo "$(date +%s.%N) $(awk '{print $14 + $15}' "/proc/$pid/stat") $(udp_drops "$pid") \
          $(echo "$line" | sed 's/.*tot_recv_msgs=\([0-9]*\).*/\1/')" ;;
      esac
    done > "$samples" || true
  end=$(date +%s.%N)
  local cpu_after errors_after sent received rtt
  cpu_after=$(awk '{print $14 + $15}' "/proc/$pid/stat")
  errors_after=$(rcvbuf_errors)
  sent=$(sed -n 's/.*start_mclient: tot_send_msgs=\([0-9]*\), tot_recv_msgs=.*/\1/p' "$output" | tail -1)
  received=$(sed -n 's/.*start_mclient: tot_send_msgs=[0-9]*, tot_recv_msgs=\([0-9]*\).*/\1/p' "$output" | tail -1)
  rtt=$(sed -n 's/.*Average round trip delay \([0-9.]*\) ms.*/\1/p' "$output" | tail -1)
  sent=${sent:-0}; received=${received:-0}; rtt=${rtt:-"-1"}
  awk -v server="$name" -v jdk="$jdk" -v jvmargs="$jvm_args" -v loadavg="$(cut -d' ' -f1-3 /proc/loadavg)" -v load="$label" -v sent="$sent" -v received="$received" -v rtt="$rtt" \
      -v ticks=$((cpu_after - cpu_before)) -v seconds="$(awk -v a="$start" -v b="$end" 'BEGIN { print b - a }')" \
      -v rcvbuf=$((errors_after - errors_before)) '
    { t[NR] = $1; cpu[NR] = $2; sd = $3 > sd ? $3 : sd; cd = $4 > cd ? $4 : cd; recv[NR] = $5 }
    END {
      for (i = 2; i <= NR; i++) { rate[i] = (recv[i] - recv[i - 1]) / (t[i] - t[i - 1]); if (rate[i] > peak) peak = rate[i] }
      n = 0; busy = 0; span = 0
      for (i = 2; i <= NR; i++) if (peak > 0 && rate[i] >= 0.9 * peak) { steady[++n] = rate[i]; busy += cpu[i] - cpu[i - 1]; span += t[i] - t[i - 1] }
      for (i = 2; i <= n; i++) for (j = i; j > 1 && steady[j - 1] > steady[j]; j--) { x = steady[j]; steady[j] = steady[j - 1]; steady[j - 1] = x }
      median = n ? (n % 2 ? steady[(n + 1) / 2] : (steady[n / 2] + steady[n / 2 + 1]) / 2) : 0
      loss = sent > 0 ? (sent - received) * 100 / sent : 100
      cpu_msg = received > 0 ? ticks * 10000 / received : -1
      printf "{\"server\":\"%s\",\"serverJdk\":\"%s\",\"serverJvmArgs\":\"%s\",\"loadAverage\":\"%s\",\"load\":\"%s\",\"sent\":%d,\"received\":%d,\"lossPercent\":%.3f,\"rttMs\":%s,\"cpuMicrosPerMessage\":%.2f,", server, jdk, jvmargs, loadavg, load, sent, received, loss, rtt, cpu_msg
      printf "\"packetsPerSecond\":%.0f,\"steadySeconds\":%d,\"serverCpuPercentSteady\":%.0f,\"serverDrops\":%d,\"clientDrops\":%d,\"rcvbufErrors\":%d,\"seconds\":%.1f}\n", median, n, (span > 0 ? busy / span : -1), sd, cd, rcvbuf, seconds
    }' "$samples" | tee -a "$RESULTS"
}

# knee NAME PID PORT: more clients, each sending for 20 s, until loss passes 1 %.
knee() {
  for clients in $KNEE_CLIENTS; do
    # shellcheck disable=SC2086
    line=$(run "$1" "$2" "$3" "knee: -m $clients $KNEE_ARGS" -m "$clients" $KNEE_ARGS)
    loss=$(echo "$line" | sed 's/.*"lossPercent":\([0-9.]*\).*/\1/')
    if awk "BEGIN { exit !($loss > 1) }"; then
      break
    fi
  done
}

echo "{\"server\":\"uptime-start\",\"uptime\":\"$(uptime | sed 's/^ *//')\"}" >> "$RESULTS"
echo "== Rendezvous"
start_liberty "$RDV_HTTP" RENDEZVOUS_TURN_PORT="$RDV_TURN" RENDEZVOUS_TURN_TLS_PORT=0 RENDEZVOUS_TURN_SECRETS="$SECRET" \
  RENDEZVOUS_TURN_ALLOW_LOOPBACK_PEERS=true RENDEZVOUS_TURN_MAX_ALLOCATIONS_PER_USER=100000 RENDEZVOUS_TURN_RELAY_PORT_MIN=50000 \
  RENDEZVOUS_TURN_RELAY_PORT_MAX=59999
# shellcheck disable=SC2086
run rendezvous "$LIBERTY_PID" "$RDV_TURN" "warm-up: $FIXED" $FIXED >/dev/null # the JIT's turn
for _ in 1 2 3; do # three runs: the report takes the median, run-to-run noise on this machine is about 10 %
  # shellcheck disable=SC2086
  run rendezvous "$LIBERTY_PID" "$RDV_TURN" "fixed: $FIXED" $FIXED
done
knee rendezvous "$LIBERTY_PID" "$RDV_TURN"
stop_liberty

echo "== coturn $COTURN_VERSION"
start_coturn "$COTURN_PORT" 60000 "$OUT/coturn.out"
# shellcheck disable=SC2086
run coturn "$COTURN_PID" "$COTURN_PORT" "warm-up: $FIXED" $FIXED >/dev/null
for _ in 1 2 3; do
  # shellcheck disable=SC2086
  run coturn "$COTURN_PID" "$COTURN_PORT" "fixed: $FIXED" $FIXED
done
knee coturn "$COTURN_PID" "$COTURN_PORT"
kill "$COTURN_PID"
echo "{\"server\":\"uptime-end\",\"uptime\":\"$(uptime | sed 's/^ *//')\"}" >> "$RESULTS"

if [ -n "$TAG" ]; then
  echo "results in $RESULTS; the report's Java 17 vs Java 25 section: java -cp target/test-classes dev.rendezvous.bench.BenchReport --jdk target/bench docs"
elif [ "${BENCH_REPORT:-1}" = 1 ]; then
  java -cp "$ROOT/target/test-classes" dev.rendezvous.bench.BenchReport "$OUT" "$ROOT/docs"
fi
