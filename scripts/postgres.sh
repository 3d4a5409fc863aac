#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests: Debian's packages (installed when missing), a temp data folder,
# loopback only, a free port, trust authentication for the local test user. Sourced by scripts/test.sh;
# also usable by hand:
#   source scripts/postgres.sh && pf_postgres_start && echo "$PF_TEST_POSTGRES"   # ... later: pf_postgres_stop
# The server runs as the `postgres` system user when started by root (PostgreSQL refuses to run as root),
# else as the current user.

pf_postgres_bin() {
  local dir
  for dir in /usr/lib/postgresql/*/bin; do
    [ -x "$dir/initdb" ] && echo "$dir"
  done | sort -V | tail -n 1
}

pf_postgres_install() {
  if [ -z "$(pf_postgres_bin)" ]; then
    if [ "$(id -u)" = 0 ]; then
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    else
      echo "note: not root; PostgreSQL is not installed and cannot be (apt-get install postgresql)" >&2
      return 1
    fi
  fi
}

# Runs a command as the cluster's owner.
pf_postgres_as_owner() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

pf_postgres_start() {
  pf_postgres_install || return 1
  local bin port
  bin=$(pf_postgres_bin)
  PF_POSTGRES_DIR=$(mktemp -d -t pf-postgres.XXXXXX)
  chmod 755 "$PF_POSTGRES_DIR"
  [ "$(id -u)" = 0 ] && chown postgres "$PF_POSTGRES_DIR"
  # A free loopback port: the kernel picks one, then it is released for PostgreSQL.
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()' 2>/dev/null \
    || shuf -i 40000-59999 -n 1)
  pf_postgres_as_owner "$bin/initdb" -D "$PF_POSTGRES_DIR/data" -U pf_test --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null || return 1
  pf_postgres_as_owner "$bin/pg_ctl" -D "$PF_POSTGRES_DIR/data" -l "$PF_POSTGRES_DIR/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $PF_POSTGRES_DIR -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >/dev/null || { cat "$PF_POSTGRES_DIR/server.log" >&2; return 1; }
  export PF_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=pf_test;Database=postgres"
  export PF_POSTGRES_DIR
  echo "PostgreSQL test cluster on 127.0.0.1:$port ($PF_POSTGRES_DIR)" >&2
}

pf_postgres_stop() {
  [ -n "${PF_POSTGRES_DIR:-}" ] || return 0
  local bin
  bin=$(pf_postgres_bin)
  pf_postgres_as_owner "$bin/pg_ctl" -D "$PF_POSTGRES_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$PF_POSTGRES_DIR"
  unset PF_POSTGRES_DIR PF_TEST_POSTGRES
}
