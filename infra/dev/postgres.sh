#!/usr/bin/env bash
# A PostgreSQL cluster for development and tests: its own data folder, loopback only, unprivileged.
# Never touches a system-wide cluster.
#   infra/dev/postgres.sh install   installs Debian's postgresql (needs root or sudo)
#   infra/dev/postgres.sh start     creates the cluster on first use and starts it (idempotent)
#   infra/dev/postgres.sh stop      stops it
#   infra/dev/postgres.sh url       prints the ADO.NET connection string (without a database)
# CC_PG_INSTANCE=2 runs the same commands on a second, smaller cluster (port 55433, $CC_DEV_DIR/postgres2): a second
# database server for tests that place and move tenants between servers.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$here/common.sh"

PG_INSTANCE="${CC_PG_INSTANCE:-1}"
# The first cluster's connections: by the end of a test run its shared test hosts hold hundreds of tenants, and every
# host alive keeps a connection to each tenant database its recurring jobs looked at in the last minute (production
# puts pgbouncer in front instead, docs/deployment.md).
PG_USER=contactcenter
PG_PASSWORD=contactcenter
case "$PG_INSTANCE" in
  1) PG_PORT="${CC_PG_PORT:-55432}"; PG_DIR="$CC_DEV_DIR/postgres"; PG_SHARED_BUFFERS=256MB; PG_MAX_CONNECTIONS=1000; PG_NAME=postgres ;;
  2) PG_PORT="${CC_PG_PORT_2:-55433}"; PG_DIR="$CC_DEV_DIR/postgres2"; PG_SHARED_BUFFERS=32MB; PG_MAX_CONNECTIONS=200; PG_NAME=postgres2 ;;
  *) echo "CC_PG_INSTANCE must be 1 or 2, not '$PG_INSTANCE'" >&2; exit 2 ;;
esac

pg_bin() {
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$d" ] || { echo "PostgreSQL is not installed: run '$0 install'" >&2; exit 1; }
  echo "$d"
}

# initdb refuses to run as root, so as root the cluster belongs to Debian's 'postgres' user.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

cmd="${1:-start}"
case "$cmd" in
  install)
    ensure_packages postgresql
    ;;
  start)
    bin=$(pg_bin)
    mkdir -p "$PG_DIR"
    [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$PG_DIR" && chmod 755 "$CC_DEV_DIR"
    if [ ! -f "$PG_DIR/data/PG_VERSION" ]; then
      pwfile="$PG_DIR/pwfile"
      echo "$PG_PASSWORD" > "$pwfile"
      [ "$(id -u)" -eq 0 ] && chown postgres "$pwfile"
      as_owner "$bin/initdb" -D "$PG_DIR/data" -U "$PG_USER" --pwfile="$pwfile" \
        --auth-host=scram-sha-256 --auth-local=scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null
      rm -f "$pwfile"
      # Test cluster: loopback only; durability traded for speed since its data is thrown away.
      cat >> "$PG_DIR/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$PG_DIR'
max_connections = $PG_MAX_CONNECTIONS
shared_buffers = $PG_SHARED_BUFFERS
fsync = off
synchronous_commit = off
full_page_writes = off
CONF
    fi
    if as_owner "$bin/pg_ctl" -D "$PG_DIR/data" status >/dev/null 2>&1; then
      echo "$PG_NAME already running on 127.0.0.1:$PG_PORT"
    else
      # max_connections given at start too, so that a cluster made by an older version of this script gets the new limit.
      as_owner "$bin/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -o "-c max_connections=$PG_MAX_CONNECTIONS" -w -t 60 start >/dev/null
      echo "$PG_NAME started on 127.0.0.1:$PG_PORT"
    fi
    ;;
  stop)
    bin=$(pg_bin)
    if [ -f "$PG_DIR/data/PG_VERSION" ]; then
      as_owner "$bin/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
      echo "$PG_NAME stopped"
    fi
    ;;
  url)
    echo "Host=127.0.0.1;Port=$PG_PORT;Username=$PG_USER;Password=$PG_PASSWORD"
    ;;
  *)
    echo "usage: $0 install|start|stop|url" >&2; exit 2
    ;;
esac
