#!/usr/bin/env bash
# Start a PostgreSQL server for the tests on loopback and print its URL on stdout.
# Installs Debian's postgresql if it is missing (as root). Prints nothing and exits 0
# when no server can be started: the PostgreSQL tests then report themselves as skipped.
set -u
PORT=${RASID_TEST_PG_PORT:-54329}
ROOT=${RASID_TEST_PG_DIR:-/tmp/rasid-test-postgres}
URL="postgresql://rasid:rasid@127.0.0.1:${PORT}/rasid_test"
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$bin" ] && [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql >/tmp/rasid-apt-pg.log 2>&1 \
    || { apt-get update >>/tmp/rasid-apt-pg.log 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql >>/tmp/rasid-apt-pg.log 2>&1; }
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
fi
[ -n "$bin" ] || { echo "rasid: PostgreSQL is not installed; its tests will be skipped" >&2; exit 0; }
as_owner() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
if "$bin/pg_isready" -h 127.0.0.1 -p "$PORT" -q 2>/dev/null; then echo "$URL"; exit 0; fi
mkdir -p "$ROOT"
[ "$(id -u)" -eq 0 ] && chown postgres "$ROOT"
if [ ! -f "$ROOT/data/PG_VERSION" ]; then
  as_owner "$bin/initdb" -D "$ROOT/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$ROOT/initdb.log" 2>&1 \
    || { echo "rasid: initdb failed (see $ROOT/initdb.log); PostgreSQL tests will be skipped" >&2; exit 0; }
fi
as_owner "$bin/pg_ctl" -D "$ROOT/data" -l "$ROOT/server.log" -w \
  -o "-c listen_addresses=127.0.0.1 -c port=$PORT -c unix_socket_directories=$ROOT -c fsync=off" start >/dev/null 2>&1 \
  || { echo "rasid: PostgreSQL did not start (see $ROOT/server.log); its tests will be skipped" >&2; exit 0; }
psql_() { "$bin/psql" -h 127.0.0.1 -p "$PORT" -U postgres -qtA "$@"; }
psql_ -c "SELECT 1 FROM pg_roles WHERE rolname='rasid'" | grep -q 1 || psql_ -c "CREATE ROLE rasid LOGIN PASSWORD 'rasid'"
psql_ -c "SELECT 1 FROM pg_database WHERE datname='rasid_test'" | grep -q 1 || psql_ -c "CREATE DATABASE rasid_test OWNER rasid"
echo "$URL"
