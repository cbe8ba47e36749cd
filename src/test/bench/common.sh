# Shared by the benchmark scripts: building, the Liberty server for benchmarks, the same WAR on Payara Micro and on
# WildFly, CPU pinning, process cleanup.
# Servers get the cores of --server-cores (default 0), load generators those of --load-cores (default 1), as
# taskset lists ("0", "0-3", "0,2"); on a bigger machine the same commands then measure Rendezvous on several cores
# against the single-threaded reference servers. Every server binds 127.0.0.1.
# The Liberty servers run on the JDK in BENCH_JAVA_HOME when it is set (for the servers only: the load generator and
# the reports keep `java` on the PATH, so runs on different server JDKs share one generator), else on the one Liberty's
# server script picks (JAVA_HOME, else `java` on the PATH). Every result records that JDK (serverJdk), read from the
# running server's /proc/PID/exe; a run whose server turns out to run on another JDK than expected stops.
# BENCH_MVN_FLAGS (e.g. -o) go to the build's mvn.
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
MACHINE=${MACHINE:-machine.txt} # machine_info's file in $OUT
mkdir -p "$OUT"

# jdk_of JAVA: its version in one line without quotes (it goes into JSON as it is), e.g.
# "openjdk version 25.0.3 2026-04-21 LTS, Temurin-25.0.3+9 (build 25.0.3+9-LTS)".
jdk_of() { "$1" -version 2>&1 | awk 'NR == 1 { gsub(/"/, ""); first = $0 } NR == 2 { sub(/^.*Runtime Environment */, ""); print first (/^\(/ ? " " : ", ") $0; exit }'; }
if [ -n "${BENCH_JAVA_HOME:-}" ]; then
  [ -x "$BENCH_JAVA_HOME/bin/java" ] || { echo "BENCH_JAVA_HOME: no $BENCH_JAVA_HOME/bin/java" >&2; exit 2; }
  SERVER_JAVA_BIN=$(readlink -f "$BENCH_JAVA_HOME/bin/java")
elif [ -n "${JAVA_HOME:-}" ]; then
  SERVER_JAVA_BIN=$(readlink -f "$JAVA_HOME/bin/java")
else
  SERVER_JAVA_BIN=$(readlink -f "$(command -v java)")
fi
SERVER_JDK=$(jdk_of "$SERVER_JAVA_BIN")            # the Liberty servers' JDK
GENERATOR_JDK=$(jdk_of "$(command -v java)")        # the load generator's
# liberty_env: the environment that puts a Liberty server on SERVER_JAVA_BIN's JDK (nothing more without BENCH_JAVA_HOME).
# Also the abuse limits out of the way: every benchmark client comes from 127.0.0.1 and sends faster than a real
# client would, so the per-address socket limit and the per-socket message rate would measure themselves (they are
# still checked on every frame and socket, so their cost stays in the figures).
liberty_env() {
  echo "RENDEZVOUS_TRACKER_MAX_SOCKETS_PER_ADDRESS=1000000 RENDEZVOUS_TRACKER_MAX_MESSAGES_PER_SECOND=1000000"
  [ -z "${BENCH_JAVA_HOME:-}" ] || echo "JAVA_HOME=$BENCH_JAVA_HOME"
}
# check_server_jdk PID: stops the run unless the Liberty server PID runs on SERVER_JAVA_BIN; notes the check in
# machine.txt.
check_server_jdk() {
  local exe
  exe=$(readlink -f "/proc/$1/exe")
  if [ "$exe" != "$SERVER_JAVA_BIN" ]; then
    echo "The server (pid $1) runs on $exe, not on $SERVER_JAVA_BIN as expected: stopping (results would name the wrong JDK)" >&2
    exit 1
  fi
  [ ! -f "$OUT/$MACHINE" ] || grep -q '^server jdk:.*checked' "$OUT/$MACHINE" \
    || sed -i "s|^server jdk: .*|&; checked: /proc/$1/exe of the running server|" "$OUT/$MACHINE"
}
PIDS=()
cleanup() { for pid in "${PIDS[@]:-}"; do [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; done; stop_liberty || true; }
trap cleanup EXIT

# Raise the open-file limit for this shell and its children (10,000 sockets on each side).
ulimit -n 200000 2>/dev/null || ulimit -n "$(ulimit -Hn)"

build() {
  machine_info
  # shellcheck disable=SC2086
  (cd "$ROOT" && mvn -q -B ${BENCH_MVN_FLAGS:-} -DskipTests package liberty:create)
  local server="$WLP/usr/servers/$BENCH_SERVER"
  [ -d "$server" ] || "$WLP/bin/server" create "$BENCH_SERVER" >/dev/null
  cp "$ROOT/src/main/liberty/config/server.xml" "$server/server.xml"
  # The JVM options `mvn liberty:run` starts with (the pom's run-options profile), so the benchmarks measure those.
  rm -f "$server/jvm.options"
  [ ! -f "$WLP/usr/servers/defaultServer/jvm.options" ] || cp "$WLP/usr/servers/defaultServer/jvm.options" "$server/"
  mkdir -p "$server/apps" "$server/dropins"
  cp "$ROOT/target/rendezvous.war" "$server/apps/"
  # The echo endpoints (/echo/ws and /echo/async), alone in their own WAR ($ECHO_WAR): deployed beside Rendezvous only
  # for the benchmark (on Payara and WildFly too, by tracker.sh).
  local echo="$OUT/echo-war"
  rm -rf "$echo" && mkdir -p "$echo/WEB-INF/classes/dev/rendezvous/bench"
  cp "$ROOT"/target/test-classes/dev/rendezvous/bench/{EchoEndpoint,AsyncEchoEndpoint}.class "$echo/WEB-INF/classes/dev/rendezvous/bench/"
  (cd "$echo" && jar cf "$ECHO_WAR" WEB-INF)
  cp "$ECHO_WAR" "$server/dropins/echo.war"
}
ECHO_WAR="$OUT/echo.war"

# start_liberty HTTP_PORT [ENV=VALUE...]: Rendezvous (and the echo endpoint) on the server cores; sets LIBERTY_PID.
# LIBERTY_SERVER=NAME starts another server of the same runtime instead (its console in $OUT/NAME.out).
start_liberty() {
  local port=$1; shift
  local name=${LIBERTY_SERVER:-$BENCH_SERVER} out="$OUT/liberty.out"
  local server="$WLP/usr/servers/$name"
  [ "$name" = "$BENCH_SERVER" ] || out="$OUT/$name.out"
  rm -f "$server/logs/messages.log"
  # shellcheck disable=SC2046
  env $(liberty_env) HTTP_HOST=127.0.0.1 HTTP_PORT="$port" HTTPS_PORT=$((port + 1)) RENDEZVOUS_TURN_LISTEN_ADDRESS=127.0.0.1 \
    RENDEZVOUS_UDP_TRACKER_LISTEN_ADDRESS=127.0.0.1 RENDEZVOUS_UDP_TRACKER_PORT=$((port + 7)) "$@" \
    JVM_ARGS="${BENCH_JVM_ARGS:--Xmx512m}" taskset -c "$SERVER_CORES" "$WLP/bin/server" run "$name" > "$out" 2>&1 &
  for _ in $(seq 1 120); do
    curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && break
    sleep 1
  done
  curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null || { echo "Liberty did not start; see $out" >&2; exit 1; }
  # This worktree's server of that name (others' benchmark servers may share the name), the one on PORT.
  LIBERTY_PID=$(pgrep -f "$WLP/bin/tools/ws-server.jar $name\$" | head -1)
  ss -Htlnp "( sport = :$port )" | grep -q "pid=$LIBERTY_PID," \
    || { echo "Liberty $name (pid ${LIBERTY_PID:-none}) does not listen on $port" >&2; exit 1; }
  check_server_jdk "$LIBERTY_PID"
}

# start_coturn PORT MIN_RELAY_PORT LOG: coturn's turnserver as the TURN benchmarks run it beside Rendezvous, on the server
# cores: 127.0.0.1, no TLS, REST credentials with $SECRET, one relay thread, loopback peers allowed, relay ports from
# MIN_RELAY_PORT to 64999; sets COTURN_PID.
start_coturn() {
  taskset -c "$SERVER_CORES" turnserver -n -L 127.0.0.1 -E 127.0.0.1 -p "$1" --no-tls --no-dtls --no-cli --use-auth-secret \
    --static-auth-secret="$SECRET" --realm=rendezvous --allow-loopback-peers --relay-threads=1 --min-port "$2" \
    --max-port 64999 --no-stdout-log --log-file=/dev/null > "$3" 2>&1 &
  COTURN_PID=$!; PIDS+=("$COTURN_PID"); sleep 1
}

stop_liberty() {
  if [ -n "${LIBERTY_PID:-}" ]; then
    "$WLP/bin/server" stop "$BENCH_SERVER" >/dev/null 2>&1 || kill "$LIBERTY_PID" 2>/dev/null || true
    LIBERTY_PID=""
  fi
}

# --- The same WAR on Payara Micro and on WildFly (the pom puts both into target/), in their default configurations ---
# Both run on SERVER_JAVA_BIN on the server cores, bind 127.0.0.1, take liberty_env's settings (MicroProfile Config
# reads environment variables on every runtime) and TURN on PORT+5 without TLS; JVM_ARGS are the JVM's options (on
# WildFly they replace JBOSS_JAVA_SIZING, "-Xms64m -Xmx512m" by default). Each WAR given deploys beside Rendezvous,
# at /NAME for NAME.war. NAME names the server's work directory ($OUT/NAME) and its log ($OUT/NAME.log).

# await_http URL: waits up to 4 minutes for a 200.
await_http() {
  for _ in $(seq 1 240); do curl -sf "$1" >/dev/null 2>&1 && return 0; sleep 1; done
  echo "no answer from $1" >&2; return 1
}

# free_port START: a port P from START on (in steps of 10) such that P to P+5 (TCP) and P+5 (UDP, TURN) are free on
# 127.0.0.1: Liberty takes P, P+1 and P+5, WildFly P to P+5.
free_port() {
  local p=$1
  while ss -Htan "( sport >= :$p and sport <= :$((p + 5)) )" | grep -q . || ss -Huan "( sport = :$((p + 5)) )" | grep -q .; do
    p=$((p + 10))
  done
  echo "$p"
}

# start_payara NAME PORT JVM_ARGS [WAR...]: Payara Micro with Rendezvous at /; sets PAYARA_PID. Its Hazelcast is off:
# with --nocluster it still listens on every interface (6900 and up), and nothing here needs it.
start_payara() {
  local name=$1 port=$2 jvm_args=$3; shift 3
  local work="$OUT/$name" deploys=(--deploy "$ROOT/target/rendezvous.war" --contextroot /) war
  mkdir -p "$work"
  printf '%s\n' "set configs.config.server-config.network-config.network-listeners.network-listener.http-listener.address=127.0.0.1" \
    "set configs.config.server-config.hazelcast-config-specific-configuration.enabled=false" > "$work/pre-boot.txt"
  for war in "$@"; do deploys+=(--deploy "$war:/$(basename "$war" .war)"); done
  # shellcheck disable=SC2046,SC2086
  env $(liberty_env) taskset -c "$SERVER_CORES" "$SERVER_JAVA_BIN" $jvm_args -Drendezvous.turn.listen-address=127.0.0.1 \
    -Drendezvous.turn.port=$((port + 5)) -Drendezvous.turn.tls-port=0 \
    -Drendezvous.udp-tracker.listen-address=127.0.0.1 -Drendezvous.udp-tracker.port=$((port + 7)) \
    -jar "$ROOT/target/payara/payara-micro.jar" \
    "${deploys[@]}" --port "$port" --nocluster --nohostaware --prebootcommandfile "$work/pre-boot.txt" > "$OUT/$name.log" 2>&1 &
  PAYARA_PID=$!; PIDS+=("$PAYARA_PID")
  await_http "http://127.0.0.1:$port/health/ready" || { echo "Payara Micro did not start; see $OUT/$name.log" >&2; return 1; }
  check_server_jdk "$PAYARA_PID"
}

stop_payara() {
  [ -z "${PAYARA_PID:-}" ] || { kill "$PAYARA_PID" 2>/dev/null || true; wait "$PAYARA_PID" 2>/dev/null || true; PAYARA_PID=""; }
}

# start_wildfly NAME PORT JVM_ARGS [WAR...]: WildFly's MicroProfile profile with Rendezvous as ROOT.war, in a base
# directory of its own (the distribution stays untouched); HTTP on PORT, management (and health) on PORT+3; sets
# WILDFLY_PID (the JVM) and WILDFLY_SCRIPT (standalone.sh).
start_wildfly() {
  local name=$1 port=$2 jvm_args=$3; shift 3
  local home base="$OUT/$name" war
  home=$(echo "$ROOT"/target/wildfly/wildfly-*)
  rm -rf "$base"; mkdir -p "$base/deployments"
  cp -r "$home/standalone/configuration" "$base/"
  cp "$ROOT/target/rendezvous.war" "$base/deployments/ROOT.war"
  for war in "$@"; do cp "$war" "$base/deployments/"; done
  # shellcheck disable=SC2046
  env $(liberty_env) JBOSS_JAVA_SIZING="$jvm_args" JAVA_HOME="$(dirname "$(dirname "$SERVER_JAVA_BIN")")" \
    LAUNCH_JBOSS_IN_BACKGROUND=true taskset -c "$SERVER_CORES" \
    "$home/bin/standalone.sh" -c standalone-microprofile.xml -Djboss.server.base.dir="$base" \
    -Djboss.bind.address=127.0.0.1 -Djboss.bind.address.management=127.0.0.1 -Djboss.http.port="$port" \
    -Djboss.https.port=$((port + 1)) -Djboss.ajp.port=$((port + 2)) \
    -Djboss.management.http.port=$((port + 3)) -Djboss.management.https.port=$((port + 4)) \
    -Drendezvous.turn.listen-address=127.0.0.1 -Drendezvous.turn.port=$((port + 5)) -Drendezvous.turn.tls-port=0 \
    -Drendezvous.udp-tracker.listen-address=127.0.0.1 -Drendezvous.udp-tracker.port=$((port + 7)) \
    > "$OUT/$name.log" 2>&1 &
  WILDFLY_SCRIPT=$!; PIDS+=("$WILDFLY_SCRIPT")
  await_http "http://127.0.0.1:$((port + 3))/health/ready" || { echo "WildFly did not start; see $OUT/$name.log" >&2; return 1; }
  WILDFLY_PID=$(pgrep -f "jboss.server.base.dir=$base" | while read -r p; do [ "$(readlink -f "/proc/$p/exe")" = "$SERVER_JAVA_BIN" ] && echo "$p"; done | head -1)
  PIDS+=("$WILDFLY_PID")
  check_server_jdk "$WILDFLY_PID"
}

stop_wildfly() {
  [ -z "${WILDFLY_PID:-}" ] || kill "$WILDFLY_PID" 2>/dev/null || true
  [ -z "${WILDFLY_SCRIPT:-}" ] || { kill "$WILDFLY_SCRIPT" 2>/dev/null || true; wait "$WILDFLY_SCRIPT" 2>/dev/null || true; }
  WILDFLY_PID=""; WILDFLY_SCRIPT=""
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
    echo "java:    $(java -version 2>&1 | head -1) (the load generator's: $(readlink -f "$(command -v java)"))"
    echo "server jdk: $SERVER_JDK (the JVM servers': $SERVER_JAVA_BIN, JVM_ARGS ${BENCH_JVM_ARGS:--Xmx512m})"
    echo "node:    $(node --version)"
    echo "liberty: Open Liberty $(sed -n 's/^com.ibm.websphere.productVersion=//p' "$WLP/lib/versions/openliberty.properties" 2>/dev/null)"
    echo "payara:  Payara Micro $(sed -n 's|.*<payara.micro.version>\(.*\)</payara.micro.version>.*|\1|p' "$ROOT/pom.xml")"
    echo "wildfly: $(basename "$(echo "$ROOT"/target/wildfly/wildfly-*)")"
    echo "coturn:  $(dpkg -s coturn 2>/dev/null | awk '/^Version:/ {print $2}')"
  } > "$OUT/$MACHINE"
}
