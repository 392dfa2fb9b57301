#!/usr/bin/env bash
# Load run: the same mix of reads, writes and CALLs (TenantDb.Bench.Load) over many connections and
# tenants, against one of three targets, printing the figures as markdown:
#   tenantdb   (default) the real server (Release build) as a child process, tenants provisioned first
#   postgres   PostgreSQL 15 (Debian postgresql-15) started here in a temp directory, one database per tenant
#   pgbouncer  the same PostgreSQL behind pgbouncer in transaction mode (Debian pgbouncer)
#
#   bench/load/run.sh [--target tenantdb|postgres|pgbouncer] [--tenants 50] [--connections 300]
#                     [--duration 60] [--read 60] [--write 25] [--think-ms 0] [--warmup 0] [--workers N] [--pool-size 2]
#                     [--max-connections N] [--kept-sessions-per-tenant N] [--memory-out FILE] [--data-dir DIR --keep]
# --warmup S: the mix runs S seconds before measuring starts (errors count from the start).
# --think-ms M: each connection pauses a random time (exponential, mean M ms) between operations, so the
# run measures latency below saturation; without it every connection loops at full speed.
# Raises the open-file limit (each connection is a socket, and in TenantDb also a SQLite connection with
# its database and WAL files). Bounded: the whole run is killed after duration + 600 s.
set -euo pipefail
cd "$(dirname "$0")/../.."
duration=60
target=tenantdb
connections=300
tenants=50
pool_size=2
driver_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --target) target="$2"; shift 2; continue ;;
    --pool-size) pool_size="$2"; shift 2; continue ;;
    --duration) duration="$2" ;;
    --connections) connections="$2" ;;
    --tenants) tenants="$2" ;;
  esac
  driver_args+=("$1")
  shift
done

# 10,000 connections need far more descriptors than the usual 1,024 (root may raise the hard limit).
ulimit -Hn 1048576 2>/dev/null || true
ulimit -n "$(ulimit -Hn)" 2>/dev/null || ulimit -n 1048576 2>/dev/null || true
echo "open-file limit $(ulimit -n); load average $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) processors" >&2

dotnet build bench/load/TenantDb.Bench.Load -c Release -v quiet -nologo 2>&1 | grep -E "error|Warn|warn" || true
driver=(timeout --signal=KILL "$((duration + 600))" dotnet bench/load/TenantDb.Bench.Load/bin/Release/net10.0/TenantDb.Bench.Load.dll)

if [ "$target" = tenantdb ]; then
  exec "${driver[@]}" "${driver_args[@]}"
fi
if [ "$target" != postgres ] && [ "$target" != pgbouncer ]; then
  echo "unknown --target $target (tenantdb, postgres or pgbouncer)" >&2; exit 2
fi

pgbin=/usr/lib/postgresql/15/bin
if [ ! -x "$pgbin/postgres" ]; then
  echo "PostgreSQL 15 is not installed ($pgbin): apt-get install postgresql-15" >&2; exit 3
fi
if [ "$target" = pgbouncer ] && ! command -v pgbouncer >/dev/null && [ ! -x /usr/sbin/pgbouncer ]; then
  echo "pgbouncer is not installed: apt-get install pgbouncer" >&2; exit 3
fi
pgbouncer_bin=$(command -v pgbouncer || echo /usr/sbin/pgbouncer)

# PostgreSQL and pgbouncer refuse to run as root.
as_owner=()
# setpriv, not runuser: PAM would reset the raised open-file limit.
if [ "$(id -u)" = 0 ]; then as_owner=(setpriv --reuid=postgres --regid=postgres --init-groups); fi
work=$(mktemp -d /tmp/tenantdb-load-pg.XXXXXX)
chmod 755 "$work"
[ "$(id -u)" = 0 ] && chown postgres "$work"
pg_pid=""; bouncer_pid=""
cleanup() {
  [ -n "$bouncer_pid" ] && kill "$bouncer_pid" 2>/dev/null || true
  "${as_owner[@]}" "$pgbin/pg_ctl" -D "$work/data" stop -m immediate >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
pg_port=$(free_port)
if [ "$target" = postgres ]; then max_conn=$((connections + 20)); else max_conn=$((tenants * pool_size + 20)); fi
echo "app-secret" > "$work/pw"; chmod 644 "$work/pw"
"${as_owner[@]}" "$pgbin/initdb" -D "$work/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 >/dev/null
# synchronous_commit=off matches TenantDb's SQLite setting (WAL, synchronous=NORMAL): a commit survives
# a crash of the server process, not necessarily of the machine.
"${as_owner[@]}" "$pgbin/pg_ctl" -D "$work/data" -l "$work/pg.log" -w -t 120 start -o \
  "-p $pg_port -c listen_addresses=127.0.0.1 -c unix_socket_directories=$work -c max_connections=$max_conn -c synchronous_commit=off -c shared_buffers=256MB" >/dev/null
pg_pid=$(head -1 "$work/data/postmaster.pid")
psql_admin=("${as_owner[@]}" psql -h "$work" -p "$pg_port" -U postgres -q -v ON_ERROR_STOP=1)
"${psql_admin[@]}" -c "CREATE ROLE app LOGIN PASSWORD 'app-secret'"
for i in $(seq 0 $((tenants - 1))); do printf 'CREATE DATABASE "load-%03d" OWNER app;\n' "$i"; done | "${psql_admin[@]}" -d postgres
echo "PostgreSQL $("$pgbin/postgres" --version | awk '{print $3}') pid $pg_pid on port $pg_port, max_connections $max_conn, $tenants databases" >&2

port=$pg_port
pids=$pg_pid
if [ "$target" = pgbouncer ]; then
  port=$(free_port)
  echo '"app" "app-secret"' > "$work/userlist.txt"
  cat > "$work/pgbouncer.ini" <<INI
[databases]
* = host=127.0.0.1 port=$pg_port
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $port
unix_socket_dir =
auth_type = scram-sha-256
auth_file = $work/userlist.txt
pool_mode = transaction
default_pool_size = $pool_size
max_client_conn = $((connections + 100))
max_db_connections = $pool_size
logfile = $work/pgbouncer.log
pidfile = $work/pgbouncer.pid
INI
  [ "$(id -u)" = 0 ] && chown postgres "$work"/*
  "${as_owner[@]}" "$pgbouncer_bin" -d "$work/pgbouncer.ini"
  for _ in $(seq 1 50); do [ -s "$work/pgbouncer.pid" ] && break; sleep 0.1; done
  bouncer_pid=$(cat "$work/pgbouncer.pid")
  pids="$pg_pid,$bouncer_pid"
  echo "pgbouncer $("$pgbouncer_bin" --version | head -1 | awk '{print $2}') pid $bouncer_pid on port $port, transaction mode, pool $pool_size per database" >&2
fi
"${driver[@]}" --target "$target" --port "$port" --sample-pids "$pids" "${driver_args[@]}"
