#!/usr/bin/env bash
# The TURN listener's read alone (ListenerReadBench): one thread on a server core reading RATE (25,000) datagrams a
# second from 50 interleaved senders on a load core, with the JDK's receive and with the native read (NativeReceive),
# ROUNDS (2) rounds of each, interleaved, SECONDS (15) measured after 5 s of warm-up; CPU time and bytes allocated per
# datagram. On the JDK on the PATH, or BENCH_JAVA_HOME's. Needs the build's classes: mvn test-compile (SKIP_BUILD=1:
# not run). Prints to the terminal and to target/bench/turn-read.txt.
source "$(dirname "$0")/common.sh"
RATE=${RATE:-25000}
SECONDS_MEASURED=${SECONDS_MEASURED:-15}
ROUNDS=${ROUNDS:-2}
PORT=${PORT:-29900}
[ -n "${SKIP_BUILD:-}" ] || (cd "$ROOT" && mvn -q -B ${BENCH_MVN_FLAGS:-} test-compile)
CP="$ROOT/target/test-classes:$ROOT/target/classes"
options=(--add-opens=java.base/sun.nio.ch=ALL-UNNAMED --enable-native-access=ALL-UNNAMED -Djava.lang.Integer.IntegerCache.high=65535)
for round in $(seq 1 "$ROUNDS"); do
  for way in jdk native; do
    taskset -c "$SERVER_CORES" "$SERVER_JAVA_BIN" "${options[@]}" -cp "$CP" dev.rendezvous.turn.ListenerReadBench \
      read "$way" "$PORT" "$SECONDS_MEASURED" &
    reader=$!; PIDS+=("$reader"); sleep 1
    taskset -c "$LOAD_CORES" java -cp "$CP" dev.rendezvous.turn.ListenerReadBench send "$RATE" "$PORT" $((SECONDS_MEASURED + 6))
    wait "$reader"
  done
done | tee "$OUT/turn-read.txt"
