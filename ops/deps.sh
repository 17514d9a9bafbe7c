#!/usr/bin/env bash
# Installs what the app or the tests need on a fresh Debian machine with the .NET SDK.
#   ops/deps.sh app    local dotnet tools (dotnet-ef)
#   ops/deps.sh test   the same, plus Debian's chromium (browser tests), redis-server (two-node tests)
#                      and nginx (the reverse-proxy tests run ops/nginx.conf on loopback)
# npm packages (the SignalR JS client) are installed by the build itself (src/OcopLive/OcopLive.csproj).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
what="${1:-app}"

apt_install() {
  if [ "$(id -u)" -ne 0 ]; then echo "[deps] need root to install: $*" >&2; return 1; fi
  export DEBIAN_FRONTEND=noninteractive
  if [ ! -f /var/lib/apt/periodic/ocoplive-updated ] || [ -z "$(ls -A /var/lib/apt/lists 2>/dev/null | grep -v lock)" ]; then
    apt-get update -qq >/dev/null
    mkdir -p /var/lib/apt/periodic && touch /var/lib/apt/periodic/ocoplive-updated
  fi
  apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 || apt_install nodejs npm
dotnet tool restore >/dev/null
# ops/run.sh makes the certificate that encrypts the login keys at rest.
command -v openssl >/dev/null 2>&1 || apt_install openssl
# Shipping labels (PDF) embed a TrueType font with Vietnamese glyphs.
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || apt_install fonts-dejavu-core

if [ "$what" = "test" ]; then
  command -v chromium >/dev/null 2>&1 || { echo "[deps] installing chromium" >&2; apt_install chromium fonts-noto-core; }
  command -v redis-server >/dev/null 2>&1 || { echo "[deps] installing redis-server (two-node tests)" >&2; apt_install redis-server; }
  # nginx lives in /usr/sbin, which a non-root PATH may not hold. apt does not start it under Docker;
  # where systemd does, the distribution's own site is harmless (the tests run theirs on other ports).
  [ -x /usr/sbin/nginx ] || command -v nginx >/dev/null 2>&1 || { echo "[deps] installing nginx (reverse-proxy tests)" >&2; apt_install nginx; }
fi
