#!/usr/bin/env bash
# Installs what the integration tests run besides Java and Maven: Node.js packages (the reference
# bittorrent-tracker server and client, ws, playwright-core, @roamhq/wrtc) into src/test/node, and the Debian
# packages listed below.
# Idempotent; run it before `mvn verify` on a fresh machine (the README's test command does).
set -euo pipefail
cd "$(dirname "$0")"

# Debian packages the tests use: coturn for its test clients (turnutils_uclient, _peer, _stunclient), nginx to run
# the reverse-proxy examples of docs/deploy in front of the server (and of a cluster), redis-server, the engine the
# cluster tests start for themselves,
# chromium, the real browser that playwright-core drives (playwright's own browser download fails here), and the
# BitTorrent clients of the HTTP/UDP tracker tests: python3-libtorrent (libtorrent 2.0, run as /usr/bin/python3 by
# src/test/python/bt_transfer.py) and aria2 (aria2c).
DEBIAN_PACKAGES=(coturn chromium nginx redis-server python3-libtorrent aria2)
missing=()
for pkg in "${DEBIAN_PACKAGES[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  # No daemon may start on install (Debian's nginx and Redis would listen): tests start their own.
  policy=/usr/sbin/policy-rc.d
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | $SUDO tee "$policy" > /dev/null && $SUDO chmod +x "$policy"
    trap '$SUDO rm -f "$policy"' EXIT
  fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}"
fi

command -v node >/dev/null || { echo "install-test-tools: Node.js is required (node, npm)" >&2; exit 1; }
# npm ci installs exactly package-lock.json; webrtc-polyfill is overridden by a local stand-in because its
# real install downloads a native binary from outside the npm registry.
(cd node && npm ci --no-audit --no-fund --loglevel=error)
echo "install-test-tools: ready"
