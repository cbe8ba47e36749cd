#!/usr/bin/env bash
# Tries a Rendezvous cluster on one machine: a Redis, two nodes (the standalone jar) and nginx in front of them
# running the cluster example (docs/deploy/nginx-cluster.conf), everything on 127.0.0.1. Ctrl-C stops it all.
# Needs target/rendezvous.jar (mvn -Pstandalone package), redis-server and nginx (Debian: apt install redis-server nginx).
# Ports, from the environment: PORT (nginx, 8080), REDIS_PORT (6379), NODE_PORTS ("9081 9082"), TURN_PORTS ("3478 3479"),
# UDP_TRACKER_PORTS ("6969 6970").
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
JAR=${JAR:-$ROOT/target/rendezvous.jar}
WORK=${WORK:-$(mktemp -d)}
PORT=${PORT:-8080}
REDIS_PORT=${REDIS_PORT:-6379}
read -r -a NODE_PORTS <<< "${NODE_PORTS:-9081 9082}"
read -r -a TURN_PORTS <<< "${TURN_PORTS:-3478 3479}"
read -r -a UDP_TRACKER_PORTS <<< "${UDP_TRACKER_PORTS:-6969 6970}"
SECRET=$(head -c 24 /dev/urandom | base64) # every node must share the TURN secrets
UDP_SECRET=$(head -c 24 /dev/urandom | base64) # and the UDP tracker's, so that any node accepts any node's connection ids
[ -f "$JAR" ] || { echo "no $JAR: run mvn -Pstandalone package first" >&2; exit 1; }
mkdir -p "$WORK/logs" "$WORK/tmp" "$WORK/redis"

pids=()
stop() { kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; }
trap stop EXIT
trap 'exit 0' INT TERM

# No persistence, and its directory in WORK: nothing written where the script is started.
redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save '' --appendonly no --dir "$WORK/redis" \
  > "$WORK/logs/redis.log" 2>&1 &
pids+=($!)

upstreams=""
for i in "${!NODE_PORTS[@]}"; do
  # SIGTERM drains a node: not ready, new sockets refused, its sockets closed with 1001, its peers removed from Redis.
  env WLP_JAR_EXTRACT_ROOT="$WORK/node$((i + 1))" HTTP_HOST=127.0.0.1 HTTP_PORT="${NODE_PORTS[$i]}" \
    HTTPS_PORT=$((NODE_PORTS[i] + 1000)) \
    RENDEZVOUS_CLUSTER_REDIS_URI="redis://127.0.0.1:$REDIS_PORT" RENDEZVOUS_CLUSTER_NODE_ID="node$((i + 1))" \
    RENDEZVOUS_TURN_LISTEN_ADDRESS=127.0.0.1 RENDEZVOUS_TURN_PORT="${TURN_PORTS[$i]}" RENDEZVOUS_TURN_TLS_PORT=0 \
    RENDEZVOUS_TURN_SECRETS="$SECRET" RENDEZVOUS_TURN_TRACKER_GATED=true \
    RENDEZVOUS_TURN_ALLOW_LOOPBACK_PEERS=true `# only because both relays are on 127.0.0.1 here` \
    RENDEZVOUS_UDP_TRACKER_LISTEN_ADDRESS=127.0.0.1 RENDEZVOUS_UDP_TRACKER_PORT="${UDP_TRACKER_PORTS[$i]}" \
    RENDEZVOUS_UDP_TRACKER_CONNECTION_SECRET="$UDP_SECRET" \
    RENDEZVOUS_TRUSTED_PROXIES=127.0.0.1/32 \
    java -jar "$JAR" > "$WORK/logs/node$((i + 1)).log" 2>&1 &
  pids+=($!)
  upstreams+="    server 127.0.0.1:${NODE_PORTS[$i]} max_fails=1 fail_timeout=10s;\n"
done

# The docs example, with a plain listener on $PORT instead of TLS, and these nodes as its upstreams.
{
  echo "pid $WORK/nginx.pid; error_log $WORK/logs/nginx-error.log; events {}"
  echo "http { access_log $WORK/logs/nginx-access.log; client_body_temp_path $WORK/tmp; proxy_temp_path $WORK/tmp;"
  sed -e "s|listen 443 ssl;|listen 127.0.0.1:$PORT;|" -e '/ssl_certificate/d' -e '/server 10\.0\.0\./d' \
    -e "s|^    least_conn;|    least_conn;\n$upstreams|" "$ROOT/docs/deploy/nginx-cluster.conf"
  echo "}"
} > "$WORK/nginx.conf"
nginx -p "$WORK" -c "$WORK/nginx.conf" -g 'daemon off;' &
pids+=($!)

for port in "${NODE_PORTS[@]}"; do
  for _ in $(seq 1 120); do
    curl -sf "http://127.0.0.1:$port/health/ready" > /dev/null 2>&1 && break
    sleep 1
  done
  curl -sf "http://127.0.0.1:$port/health/ready" > /dev/null || { echo "node on $port did not start; see $WORK/logs" >&2; exit 1; }
done
echo "Rendezvous cluster ready: tracker ws://127.0.0.1:$PORT/announce, dashboard http://127.0.0.1:$PORT/," \
  "nodes on ${NODE_PORTS[*]}, logs in $WORK/logs. Ctrl-C stops it."
wait
