#!/usr/bin/env bash
# Runs ops/nginx.conf on loopback in front of one app node, for `LiveBench --mode flood --via`:
#   bench/LiveBench/nginx.sh start <listen-port> <app-host:port>    e.g. start 8088 127.0.0.1:5380
#   bench/LiveBench/nginx.sh stop
# The same four substitutions as the integration test: the listen port, the upstream servers,
# the cache folder and the access log (all under .data/bench-nginx, git-ignored).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DIR="$ROOT/.data/bench-nginx"
case "${1:-}" in
  start)
    port="${2:?listen port}"; app="${3:?app host:port}"
    mkdir -p "$DIR/cache" "$DIR/logs" "$DIR/tmp"
    sed -e "s|listen 80;|listen 127.0.0.1:$port;|" \
        -e "s|server app1:8080;|server $app;|" -e "/server app[2-9]:8080;/d" \
        -e "s|/var/cache/nginx/ocoplive|$DIR/cache|" -e "s|/var/log/nginx/access.log|$DIR/logs/access.log|" \
        "$ROOT/ops/nginx.conf" > "$DIR/site.conf"
    cat > "$DIR/nginx.conf" <<CONF
worker_processes 1;
pid $DIR/nginx.pid;
error_log $DIR/logs/error.log warn;
events { worker_connections 8192; }
http {
  client_body_temp_path $DIR/tmp/body; proxy_temp_path $DIR/tmp/proxy;
  fastcgi_temp_path $DIR/tmp/fcgi; uwsgi_temp_path $DIR/tmp/uwsgi; scgi_temp_path $DIR/tmp/scgi;
  include $DIR/site.conf;
}
CONF
    nginx -p "$DIR" -c "$DIR/nginx.conf" -t -q
    nginx -p "$DIR" -c "$DIR/nginx.conf"
    echo "nginx on http://127.0.0.1:$port → $app (logs in $DIR/logs)" ;;
  stop)
    [ -f "$DIR/nginx.pid" ] && nginx -p "$DIR" -c "$DIR/nginx.conf" -s quit || true ;;
  *) echo "usage: $0 start <port> <app-host:port> | stop" >&2; exit 2 ;;
esac
