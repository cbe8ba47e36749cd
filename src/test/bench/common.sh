# Shared by the benchmark scripts: building, the Liberty server for benchmarks, CPU pinning, process cleanup.
# Servers get the cores of --server-cores (default 0), load generators those of --load-cores (default 1), as
# taskset lists ("0", "0-3", "0,2"); on a bigger machine the same commands then measure Rendezvous on several cores
# against the single-threaded reference servers. Every server binds 127.0.0.1.
set -euo pipefail
SERVER_CORES=${SERVER_CORES:-0}
LOAD_CORES=${LOAD_CORES:-1}
while [ $# -gt 0 ]; do
  case "$1" in
    --server-cores) SERVER_CORES=$2; shift 2 ;;
    --load-cores) LOAD_CORES=$2; shift 2 ;;
    *) echo "usage: $0 [--server-cores LIST] [--load-cores LIST]" >&2; exit 2 ;;
  esac
done
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
OUT="$ROOT/target/bench"
WLP="$ROOT/target/liberty/wlp"
BENCH_SERVER=rendezvousBench
mkdir -p "$OUT"
PIDS=()
cleanup() { for pid in "${PIDS[@]:-}"; do [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; done; stop_liberty || true; }
trap cleanup EXIT

# Raise the open-file limit for this shell and its children (10,000 sockets on each side).
ulimit -n 200000 2>/dev/null || ulimit -n "$(ulimit -Hn)"

build() {
  machine_info
  (cd "$ROOT" && mvn -q -B -DskipTests package liberty:create)
  local server="$WLP/usr/servers/$BENCH_SERVER"
  [ -d "$server" ] || "$WLP/bin/server" create "$BENCH_SERVER" >/dev/null
  cp "$ROOT/src/main/liberty/config/server.xml" "$server/server.xml"
  mkdir -p "$server/apps" "$server/dropins"
  cp "$ROOT/target/rendezvous.war" "$server/apps/"
  # The echo endpoints (/echo/ws and /echo/async), alone in their own WAR: deployed beside Rendezvous only for the benchmark.
  local echo="$OUT/echo-war"
  rm -rf "$echo" && mkdir -p "$echo/WEB-INF/classes/dev/rendezvous/bench"
  cp "$ROOT"/target/test-classes/dev/rendezvous/bench/{EchoEndpoint,AsyncEchoEndpoint}.class "$echo/WEB-INF/classes/dev/rendezvous/bench/"
  (cd "$echo" && jar cf "$server/dropins/echo.war" WEB-INF)
}

# start_liberty HTTP_PORT [ENV=VALUE...]: Rendezvous (and the echo endpoint) on the server cores; sets LIBERTY_PID.
start_liberty() {
  local port=$1; shift
  local server="$WLP/usr/servers/$BENCH_SERVER"
  rm -f "$server/logs/messages.log"
  env HTTP_HOST=127.0.0.1 HTTP_PORT="$port" HTTPS_PORT=$((port + 1)) RENDEZVOUS_TURN_LISTEN_ADDRESS=127.0.0.1 "$@" \
    JVM_ARGS="${BENCH_JVM_ARGS:--Xmx512m}" taskset -c "$SERVER_CORES" "$WLP/bin/server" run "$BENCH_SERVER" > "$OUT/liberty.out" 2>&1 &
  for _ in $(seq 1 120); do
    curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && break
    sleep 1
  done
  curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null || { echo "Liberty did not start; see $OUT/liberty.out" >&2; exit 1; }
  LIBERTY_PID=$(pgrep -f "ws-server.jar $BENCH_SERVER" | head -1)
}

stop_liberty() {
  if [ -n "${LIBERTY_PID:-}" ]; then
    "$WLP/bin/server" stop "$BENCH_SERVER" >/dev/null 2>&1 || kill "$LIBERTY_PID" 2>/dev/null || true
    LIBERTY_PID=""
  fi
}

# generator ARGS...: the Java load generator on the load cores, one JSON line on stdout.
generator() {
  taskset -c "$LOAD_CORES" java -Xmx3g -cp "$ROOT/target/test-classes" dev.rendezvous.bench.TrackerLoad "$@"
}

# What the report says about the machine.
machine_info() {
  {
    echo "date:    $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "cpu:     $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //') ($(nproc) cores)"
    echo "pinning: servers on cores $SERVER_CORES, load on cores $LOAD_CORES"
    echo "memory:  $(free -g | awk '/Mem:/ {print $2 " GiB"}')"
    echo "kernel:  $(uname -r)"
    echo "java:    $(java -version 2>&1 | head -1)"
    echo "node:    $(node --version)"
    echo "liberty: Open Liberty $(sed -n 's/^com.ibm.websphere.productVersion=//p' "$WLP/lib/versions/openliberty.properties" 2>/dev/null)"
    echo "coturn:  $(dpkg -s coturn 2>/dev/null | awk '/^Version:/ {print $2}')"
  } > "$OUT/machine.txt"
}
