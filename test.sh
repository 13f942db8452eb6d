#!/usr/bin/env bash
# Runs every fedchat test on a fresh machine: installs what the tests need when it is missing
# (PostgreSQL, dnsmasq, chromium and chromium-driver from Debian, the Node clients from the committed lockfile), starts PostgreSQL on a
# free loopback port for the run, runs `mvn -B verify`, and stops what it started.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

apt_updated=""
need_package() { # need_package <file that proves it is installed> <debian package>...
  local probe="$1"; shift
  if [ ! -e "$probe" ]; then
    if [ -z "$apt_updated" ]; then as_root apt-get update -q; apt_updated=1; fi
    echo "test.sh: installing $*" >&2
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@"
  fi
}

pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$pg_bin" ] || [ ! -x "$pg_bin/initdb" ]; then
  need_package /usr/lib/postgresql/15/bin/initdb postgresql
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
fi
command -v node >/dev/null || need_package /usr/bin/node nodejs npm
# the discovery tests start their own dnsmasq on a free loopback port; dig is for people reading them
need_package /usr/sbin/dnsmasq dnsmasq bind9-dnsutils
# the web client's browser tests drive headless chromium through chromedriver (SERVICES.md "Browser")
need_package /usr/bin/chromium chromium
need_package /usr/bin/chromedriver chromium-driver

if [ -f clients/package.json ]; then
  if [ ! -d clients/node_modules ] || [ clients/package-lock.json -nt clients/node_modules ]; then
    echo "test.sh: installing the Node clients from clients/package-lock.json" >&2
    (cd clients && npm ci --no-audit --no-fund --loglevel=error)
    touch clients/node_modules
  fi
fi

# PostgreSQL: a throw-away cluster on the first free port from 55432, loopback only.
free_port() {
  local p=$1
  while (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; do p=$((p + 1)); done
  echo "$p"
}
pg_port=$(free_port 55432)
pg_dir=$(mktemp -d /tmp/fedchat-pg.XXXXXX)
run_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" -eq 0 ] && chown postgres:postgres "$pg_dir"
stop_pg() {
  run_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$pg_dir"
}
trap stop_pg EXIT
run_pg "$pg_bin/initdb" -D "$pg_dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
run_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/log" -w \
  -o "-p $pg_port -c listen_addresses=127.0.0.1 -c unix_socket_directories=$pg_dir -c fsync=off" start >/dev/null
echo "test.sh: PostgreSQL is up on 127.0.0.1:$pg_port" >&2

# -Dfedchat.pg.rerun: the REST and server-to-server tests run a second time, on PostgreSQL (server/pom.xml)
mvn -B verify "-Dfedchat.pg.url=jdbc:postgresql://127.0.0.1:$pg_port/postgres?user=postgres" -Dfedchat.pg.rerun "$@"
