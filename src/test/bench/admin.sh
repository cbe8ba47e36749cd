#!/usr/bin/env bash
# What the admin API costs the tracker: frames/s at 1,000 sockets (100 rooms), with admin off, on, and on with an
# event stream subscribed (curl reading /admin/events all along), in interleaved rounds (off, on, on+stream, then
# again), each on a fresh Liberty on the server cores, driven by the Java generator on the load cores.
# Options: as tracker.sh (see common.sh). ROUNDS (2), DURATION (15 s), WARMUP (5 s), OFFERS ("0 5"),
# CONNECTIONS (1000). SKIP_BUILD=1: no build. Results: target/bench/admin.jsonl, one line per run.
source "$(dirname "$0")/common.sh"
ROUNDS=${ROUNDS:-2}
DURATION=${DURATION:-15}
WARMUP=${WARMUP:-5}
OFFERS=${OFFERS:-"0 5"}
CONNECTIONS=${CONNECTIONS:-1000}
PORT=${PORT:-19180}
TOKEN=bench-admin-token-0123456789abcdef
RESULTS="$OUT/admin.jsonl"
: > "$RESULTS"
if [ -n "${SKIP_BUILD:-}" ]; then machine_info; else build; fi

record() { # record MODE ROUND JSON
  echo "{\"admin\":\"$1\",\"round\":$2,\"load\":\"$(cut -d' ' -f1-3 /proc/loadavg)\",${3#\{}" | tee -a "$RESULTS"
}

for round in $(seq 1 "$ROUNDS"); do
  for mode in off on stream; do
    if [ "$mode" = off ]; then
      start_liberty "$PORT" RENDEZVOUS_TURN_PORT=$((PORT + 5)) RENDEZVOUS_TURN_TLS_PORT=0
    else
      start_liberty "$PORT" RENDEZVOUS_TURN_PORT=$((PORT + 5)) RENDEZVOUS_TURN_TLS_PORT=0 RENDEZVOUS_ADMIN_TOKEN=$TOKEN
    fi
    STREAM_PID=""
    if [ "$mode" = stream ]; then
      taskset -c "$LOAD_CORES" curl -sN -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/admin/events" \
        > "$OUT/admin-events.txt" &
      STREAM_PID=$!; PIDS+=("$STREAM_PID")
      sleep 1
    fi
    for k in $OFFERS; do
      record "$mode" "$round" "$(generator --url "ws://127.0.0.1:$PORT/announce" --connections "$CONNECTIONS" \
        --rooms $((CONNECTIONS / 10)) --offers "$k" --inflight "$([ "$k" = 0 ] && echo 8 || echo 1)" \
        --warmup "$WARMUP" --duration "$DURATION" --pid "$LIBERTY_PID")"
    done
    if [ -n "$STREAM_PID" ]; then
      kill "$STREAM_PID" 2>/dev/null || true
      echo "events received by the stream: $(grep -c '^event:' "$OUT/admin-events.txt")" | tee -a "$OUT/admin-events-count.txt"
    fi
    stop_liberty
    sleep 2
  done
done
