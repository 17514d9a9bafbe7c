#!/usr/bin/env bash
# A private PostgreSQL for development, tests and the one-command start.
#   ops/pg.sh start   start (or reuse) the server; prints the Npgsql connection string
#   ops/pg.sh stop    stop it
#   ops/pg.sh status  say whether it runs
#   ops/pg.sh url     print the connection string
#   ops/pg.sh psql    open psql on it
# Settings: OCOPLIVE_PG_PORT (default 55432), OCOPLIVE_PG_DIR (default <repo>/.data/pg).
# Uses the machine's PostgreSQL server binaries, installing Debian's postgresql package when missing.
# The server runs as the postgres user (it refuses root) and listens on 127.0.0.1 only.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PORT="${OCOPLIVE_PG_PORT:-55432}"
DIR="${OCOPLIVE_PG_DIR:-$ROOT/.data/pg}"
DB="${OCOPLIVE_PG_DB:-ocoplive}"
PASSWORD="ocoplive-dev"
log() { echo "[pg] $*" >&2; }

find_bin() {
  local d
  if command -v pg_ctl >/dev/null 2>&1 && command -v initdb >/dev/null 2>&1; then
    BIN="$(dirname "$(command -v pg_ctl)")"; return 0
  fi
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$d/pg_ctl" ] && [ -x "$d/initdb" ]; then BIN="$d"; return 0; fi
  done
  return 1
}

ensure_server_binaries() {
  if find_bin; then return; fi
  log "PostgreSQL server binaries missing: installing Debian's postgresql package"
  if [ "$(id -u)" -ne 0 ]; then log "need root to apt-get install postgresql"; exit 1; fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq postgresql >/dev/null
  # Debian's package starts a cluster of its own on 5432; we do not need it.
  (command -v pg_ctlcluster >/dev/null && pg_lsclusters -h 2>/dev/null | while read -r ver name _; do pg_ctlcluster "$ver" "$name" stop || true; done) || true
  find_bin || { log "no pg_ctl after install"; exit 1; }
}

# Run a server command as the non-root owner of the data folder.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# Every parent of the data folder must be traversable by postgres (a folder under /root is not):
# then the data lives in /var/tmp, named after the repository path.
resolve_dir() {
  if [ "$(id -u)" -eq 0 ] && [ -z "${OCOPLIVE_PG_DIR:-}" ] && id postgres >/dev/null 2>&1; then
    mkdir -p "$(dirname "$DIR")"
    if ! runuser -u postgres -- test -x "$(dirname "$DIR")"; then
      DIR="/var/tmp/ocoplive-pg-$(echo "$ROOT" | md5sum | cut -c1-8)"
    fi
  fi
}

conn() { echo "Host=127.0.0.1;Port=$PORT;Database=$DB;Username=postgres;Password=$PASSWORD"; }

client() { PGPASSWORD="$PASSWORD" "$@" -h 127.0.0.1 -p "$PORT" -U postgres -w; }

is_running() { [ -f "$DIR/postmaster.pid" ] && as_owner "$BIN/pg_ctl" -D "$DIR" status >/dev/null 2>&1; }

start() {
  ensure_server_binaries
  if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --home /var/lib/postgresql --shell /bin/bash postgres
  fi
  resolve_dir
  if is_running && [ "$(sed -n 4p "$DIR/postmaster.pid")" != "$PORT" ]; then
    log "the server in $DIR listens on port $(sed -n 4p "$DIR/postmaster.pid"), not $PORT: restarting it"
    as_owner "$BIN/pg_ctl" -D "$DIR" -m fast -w stop >/dev/null
  fi
  if is_running; then
    log "reusing the server on 127.0.0.1:$PORT ($DIR)"
  else
    if (exec 3<>/dev/tcp/127.0.0.1/"$PORT") 2>/dev/null; then
      log "port $PORT is taken by another process; set OCOPLIVE_PG_PORT"; exit 1
    fi
    if [ ! -f "$DIR/PG_VERSION" ]; then
      mkdir -p "$DIR"
      [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$DIR"
      chmod 700 "$DIR"
      local pwfile; pwfile="$(mktemp)"; echo "$PASSWORD" > "$pwfile"
      [ "$(id -u)" -eq 0 ] && chown postgres "$pwfile"
      as_owner "$BIN/initdb" -D "$DIR" -U postgres --pwfile="$pwfile" -A scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null
      rm -f "$pwfile"
      cat >> "$DIR/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
unix_socket_directories = '$DIR'
max_connections = 300
shared_buffers = 256MB
synchronous_commit = on
fsync = on
log_min_messages = warning
CONF
      log "initialised $DIR"
    fi
    # The port is given at each start, so OCOPLIVE_PG_PORT can change between runs.
    as_owner "$BIN/pg_ctl" -D "$DIR" -l "$DIR/server.log" -o "-p $PORT" -w -t 30 start >/dev/null
    log "started on 127.0.0.1:$PORT"
  fi
  if ! client psql -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname='$DB'" | grep -q 1; then
    client createdb "$DB"
  fi
  conn
}

stop() {
  find_bin || exit 0
  resolve_dir
  if is_running; then as_owner "$BIN/pg_ctl" -D "$DIR" -m fast -w stop >/dev/null; log "stopped"; else log "not running"; fi
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  status) find_bin && resolve_dir && is_running && echo "running on 127.0.0.1:$PORT" || { echo "stopped"; exit 1; } ;;
  url) conn ;;
  psql) shift; find_bin; client psql -d "$DB" "$@" ;;
  *) echo "usage: $0 start|stop|status|url|psql" >&2; exit 2 ;;
esac
