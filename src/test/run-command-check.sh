#!/usr/bin/env bash
# Runs the README's run command, `mvn liberty:run`, exactly as written, in the checkout given (default: a fresh
# clone of HEAD), and checks what a newcomer checks: /health/ready is UP, GET / serves the dashboard, and the
# tracker at /announce answers an announce from the npm `ws` client. Then stops the server.
# The environment keeps the server on loopback and free ports (the command itself is unchanged).
# Usage: src/test/run-command-check.sh [--fresh-clone | DIR]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
target="${1:---fresh-clone}"
if [ "$target" = "--fresh-clone" ]; then
  work="$(mktemp -d /tmp/rendezvous-fresh.XXXXXX)"
  git clone -q "$repo" "$work/clone"
  dir="$work/clone"
else
  dir="$(cd "$target" && pwd)"
fi

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
export HTTP_HOST=127.0.0.1 HTTP_PORT="$(free_port)" HTTPS_PORT="$(free_port)"
export RENDEZVOUS_TURN_LISTEN_ADDRESS=127.0.0.1 RENDEZVOUS_TURN_PORT="$(free_port)" RENDEZVOUS_TURN_TLS_PORT="$(free_port)"
export RENDEZVOUS_UDP_TRACKER_LISTEN_ADDRESS=127.0.0.1 RENDEZVOUS_UDP_TRACKER_PORT="$(free_port)"
log="$dir/target/run-command-check.log"
mkdir -p "$dir/target"
echo "run-command-check: mvn liberty:run in $dir (http $HTTP_PORT)"

cd "$dir"
setsid mvn -B liberty:run > "$log" 2>&1 < /dev/null &
runner=$!
stop() {
  # SIGTERM, not SIGINT, which background jobs of a script ignore: Maven's shutdown hook stops the server.
  kill -TERM -- "-$runner" 2>/dev/null || true
  ( sleep 60; kill -KILL -- "-$runner" 2>/dev/null ) &
  local killer=$!
  wait "$runner" 2>/dev/null || true
  kill "$killer" 2>/dev/null || true
  [ -x target/liberty/wlp/bin/server ] && target/liberty/wlp/bin/server stop defaultServer > /dev/null 2>&1 || true
}
trap stop EXIT

base="http://127.0.0.1:$HTTP_PORT"
deadline=$((SECONDS + 600))
until curl -fsS "$base/health/ready" 2>/dev/null | grep -q '"status":"UP"'; do
  if ! kill -0 "$runner" 2>/dev/null || [ $SECONDS -ge $deadline ]; then
    echo "run-command-check: FAILED, /health/ready never UP; the end of $log:"; tail -40 "$log"; exit 1
  fi
  sleep 2
done
echo "run-command-check: /health/ready UP after ${SECONDS}s"
curl -fsS "$base/" | grep -q '<title>Rendezvous' || { echo "run-command-check: FAILED, GET / is not the dashboard"; exit 1; }
echo "run-command-check: GET / serves the dashboard"
node "$here/node/announce-once.mjs" "ws://127.0.0.1:$HTTP_PORT/announce"
# The same swarms for BitTorrent clients: the npm client over http:// and udp://, as the README gives the URLs.
node "$here/node/http-client.mjs" "http://127.0.0.1:$HTTP_PORT/announce" > /dev/null \
  || { echo "run-command-check: FAILED, the HTTP tracker at /announce"; exit 1; }
echo "run-command-check: the npm client announced and scraped over http://"
node "$here/node/udp-client.mjs" "udp://127.0.0.1:$RENDEZVOUS_UDP_TRACKER_PORT" > /dev/null \
  || { echo "run-command-check: FAILED, the UDP tracker on port $RENDEZVOUS_UDP_TRACKER_PORT"; exit 1; }
echo "run-command-check: the npm client announced and scraped over udp://"
echo "run-command-check: passed in $dir"
