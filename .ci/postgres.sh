#!/usr/bin/env bash
# A throw-away PostgreSQL for the tests, on 127.0.0.1 and a free port.
#
#   eval "$(.ci/postgres.sh)"      # start; exports MONEYTRAIL_TEST_DATABASE_URL and
#                                  # MONEYTRAIL_TEST_PGDATA (everything else goes to stderr)
#   .ci/postgres.sh stop           # stop the cluster in $MONEYTRAIL_TEST_PGDATA, delete it
#
# Installs Debian's postgresql package when no server binaries are found. PostgreSQL
# refuses to run as root, so as root the cluster belongs to the `postgres` system user.
set -euo pipefail

log() { echo "postgres.sh: $*" >&2; }

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

pg_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -n "$dir" ] && [ -x "$dir/initdb" ]; then
    echo "$dir"
  elif command -v initdb >/dev/null 2>&1; then
    dirname "$(command -v initdb)"
  fi
}

install_postgres() {
  log "installing postgresql from Debian's packages"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql >&2
}

stop() {
  local data=${MONEYTRAIL_TEST_PGDATA:-}
  [ -n "$data" ] && [ -d "$data" ] || { log "nothing to stop"; return 0; }
  as_owner "$(pg_bin)/pg_ctl" -D "$data/data" -m fast -w stop >&2 || true
  rm -rf "$data"
}

start() {
  [ -n "$(pg_bin)" ] || install_postgres
  local bin; bin=$(pg_bin)
  [ -n "$bin" ] || { log "no PostgreSQL server binaries after installing"; exit 1; }
  local dir port password db=moneytrail_test
  dir=$(mktemp -d "${TMPDIR:-/tmp}/moneytrail-pg.XXXXXX")
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  password=$(python3 -c 'import secrets; print(secrets.token_hex(16))')
  printf '%s\n' "$password" > "$dir/pwfile"
  if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --home-dir "$dir" postgres
    chown -R postgres: "$dir"
  fi
  chmod 700 "$dir"
  cd "$dir"  # the server's user must be able to stand in its working directory
  as_owner "$bin/initdb" -D "$dir/data" -U postgres --pwfile="$dir/pwfile" \
    --auth=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 --no-sync >&2
  rm -f "$dir/pwfile"
  as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >&2 || { cat "$dir/server.log" >&2; exit 1; }
  PGPASSWORD=$password as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres "$db" >&2
  log "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port, data in $dir"
  echo "export MONEYTRAIL_TEST_DATABASE_URL=postgresql://postgres:$password@127.0.0.1:$port/$db"
  echo "export MONEYTRAIL_TEST_PGDATA=$dir"
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  *) log "usage: $0 [start|stop]"; exit 2 ;;
esac
