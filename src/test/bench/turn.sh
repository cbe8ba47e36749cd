#!/usr/bin/env bash
# The TURN benchmark: coturn's turnutils_uclient (on core 1) drives Rendezvous and coturn's turnserver (each on
# core 0) in turn, with the same REST credentials, over loopback. (1) A fixed offered load: server CPU per
# delivered message (median of three runs), loss and round trip. (2) The knee: more clients until loss passes 1 %; packets/s sustained.
# nstat's UdpRcvbufErrors is recorded per run, so that drops in the client's own sockets are seen for what they are.
# Results: target/bench/turn.jsonl.
source "$(dirname "$0")/common.sh"
SECRET=bench-secret
RDV_HTTP=${RDV_HTTP:-19180}
RDV_TURN=${RDV_TURN:-19478}
COTURN_PORT=${COTURN_PORT:-19578}
FIXED=${FIXED:-"-m 40 -z 5 -n 3000 -l 120"}
KNEE_CLIENTS=${KNEE_CLIENTS:-"25 50 100 200 400"}
KNEE_MESSAGES=${KNEE_MESSAGES:-1000}
RESULTS="$OUT/turn.jsonl"
: > "$RESULTS"
[ -n "${SKIP_BUILD:-}" ] || build

rcvbuf_errors() { nstat -az UdpRcvbufErrors 2>/dev/null | awk '/UdpRcvbufErrors/ {print $2}' || echo 0; }

# run SERVER_NAME SERVER_PID PORT LOAD_LABEL UCLIENT_ARGS...: one uclient run, one JSON line.
run() {
  local name=$1 pid=$2 port=$3 label=$4; shift 4
  local cpu_before errors_before start end output
  cpu_before=$(awk '{print $14 + $15}' "/proc/$pid/stat")
  errors_before=$(rcvbuf_errors)
  start=$(date +%s.%N)
  output=$(taskset -c 1 turnutils_uclient -y -c -W "$SECRET" -u bench "$@" -e 127.0.0.1 -p "$port" 127.0.0.1 2>&1 || true)
  end=$(date +%s.%N)
  local cpu_after errors_after
  cpu_after=$(awk '{print $14 + $15}' "/proc/$pid/stat")
  errors_after=$(rcvbuf_errors)
  local sent received rtt
  sent=$(echo "$output" | sed -n 's/.*tot_send_msgs=\([0-9]*\), tot_recv_msgs=.*/\1/p' | tail -1)
  received=$(echo "$output" | sed -n 's/.*tot_send_msgs=[0-9]*, tot_recv_msgs=\([0-9]*\).*/\1/p' | tail -1)
  rtt=$(echo "$output" | sed -n 's/.*Average round trip delay \([0-9.]*\) ms.*/\1/p' | tail -1)
  sent=${sent:-0}; received=${received:-0}; rtt=${rtt:-"-1"}
  awk -v server="$name" -v load="$label" -v sent="$sent" -v received="$received" -v rtt="$rtt" \
      -v ticks=$((cpu_after - cpu_before)) -v seconds="$(awk -v a="$start" -v b="$end" 'BEGIN { print b - a }')" -v rcvbuf=$((errors_after - errors_before)) 'BEGIN {
    loss = sent > 0 ? (sent - received) * 100 / sent : 100
    cpu = received > 0 ? ticks * 10000 / received : -1
    printf "{\"server\":\"%s\",\"load\":\"%s\",\"sent\":%d,\"received\":%d,\"lossPercent\":%.3f,\"rttMs\":%s,\"cpuMicrosPerMessage\":%.2f,\"packetsPerSecond\":%.0f,\"rcvbufErrors\":%d,\"seconds\":%.1f}\n",
      server, load, sent, received, loss, rtt, cpu, received / seconds, rcvbuf, seconds }' | tee -a "$RESULTS"
}

# knee NAME PID PORT: more clients until loss passes 1 %.
knee() {
  for clients in $KNEE_CLIENTS; do
    line=$(run "$1" "$2" "$3" "knee: -m $clients -z 5 -n $KNEE_MESSAGES -l 120" -m "$clients" -z 5 -n "$KNEE_MESSAGES" -l 120)
    loss=$(echo "$line" | sed 's/.*"lossPercent":\([0-9.]*\).*/\1/')
    if awk "BEGIN { exit !($loss > 1) }"; then
      break
    fi
  done
}

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

echo "== coturn $(dpkg -s coturn | awk '/^Version:/ {print $2}')"
taskset -c 0 turnserver -n -L 127.0.0.1 -E 127.0.0.1 -p "$COTURN_PORT" --no-tls --no-dtls --no-cli --use-auth-secret \
  --static-auth-secret="$SECRET" --realm=rendezvous --allow-loopback-peers --relay-threads=1 --min-port 60000 \
  --max-port 64999 --no-stdout-log --log-file=/dev/null > "$OUT/coturn.out" 2>&1 &
COTURN_PID=$!; PIDS+=("$COTURN_PID"); sleep 1
# shellcheck disable=SC2086
run coturn "$COTURN_PID" "$COTURN_PORT" "warm-up: $FIXED" $FIXED >/dev/null
for _ in 1 2 3; do
  # shellcheck disable=SC2086
  run coturn "$COTURN_PID" "$COTURN_PORT" "fixed: $FIXED" $FIXED
done
knee coturn "$COTURN_PID" "$COTURN_PORT"
kill "$COTURN_PID"

if [ "${BENCH_REPORT:-1}" = 1 ]; then
  java -cp "$ROOT/target/test-classes" dev.rendezvous.bench.BenchReport "$OUT" "$ROOT/docs"
fi
