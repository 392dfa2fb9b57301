#!/usr/bin/env bash
# Side-by-side pgbench: a real PostgreSQL 15 and TenantDb (Release build), both on loopback,
# same schema, same custom scripts, same client settings. Prints a table of tps and the ratio.
#
#   bench/wire/run.sh                 # defaults: -T 10 -c 8 -j 2, pgbench -i -s 10
#   DURATION=30 CLIENTS=16 bench/wire/run.sh
#   SCALE=0 bench/wire/run.sh         # skip the pgbench -i part
#   COPY_ROWS=0 bench/wire/run.sh     # skip the COPY part (default: 1,000,000 rows in and out with \\copy)
#   DURABILITY=full bench/wire/run.sh # both flush every commit to disk
#   EXCLUSIVE_FILES=1 bench/wire/run.sh # TenantDb with --exclusive-files (no file locks per read)
#   WARMUP=5 bench/wire/run.sh        # each measured pgbench run follows an unmeasured one of WARMUP seconds
#                                     # on the same server with the same script (steady state, JIT tiering done)
#
# Durability is equal on both sides: DURABILITY=normal (default) runs TenantDb with --synchronous normal
# (a commit survives a crash of the process) and PostgreSQL with synchronous_commit=off, its nearest
# setting (weaker: it may lose the last commits on a crash of the server process, too);
# DURABILITY=full runs TenantDb with --synchronous full and PostgreSQL with its default
# synchronous_commit=on (an fsync per commit on both).
#
# Second part: pgbench's own tables on both servers (pgbench -i -s $SCALE with server-side generate,
# -I dtGvp: drop, create, generate_series, vacuum, primary keys), the seconds each takes, then the
# built-in tpcb-like and select-only scripts on them.
#
# Everything lives in a temp dir that is removed at exit; both servers are stopped at exit.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
DURATION="${DURATION:-10}"
CLIENTS="${CLIENTS:-8}"
THREADS="${THREADS:-2}"
SCALE="${SCALE:-10}"
COPY_ROWS="${COPY_ROWS:-1000000}"
DURABILITY="${DURABILITY:-normal}"
EXCLUSIVE_FILES="${EXCLUSIVE_FILES:-0}"
WARMUP="${WARMUP:-0}"
tdb_flags=()
[ "$EXCLUSIVE_FILES" = 1 ] && tdb_flags+=(--exclusive-files)
case "$DURABILITY" in
  normal) pg_sync=off ;;
  full) pg_sync=on ;;
  *) echo "DURABILITY must be normal or full" >&2; exit 2 ;;
esac
PG_PORT="${PG_PORT:-55432}"
TDB_PORT="${TDB_PORT:-55433}"
PGBIN=/usr/lib/postgresql/15/bin
work="$(mktemp -d /tmp/tenantdb-bench.XXXXXX)"
chmod 755 "$work"
tdb_pid=""

as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

cleanup() {
  set +e
  [ -n "$tdb_pid" ] && kill -TERM "$tdb_pid" 2>/dev/null && wait "$tdb_pid" 2>/dev/null
  [ -f "$work/pg/PG_VERSION" ] && as_pg "$PGBIN/pg_ctl" -D "$work/pg" -m fast stop >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT

echo "== building TenantDb (Release)"
dotnet build "$root/src/Cli" -c Release -v quiet -nologo 2>&1 | tail -2
tdb="$root/src/Cli/bin/Release/net10.0/tenantdb"

echo "== starting PostgreSQL 15 on 127.0.0.1:$PG_PORT"
mkdir -p "$work/pg" && echo bench > "$work/pwfile"
[ "$(id -u)" -eq 0 ] && chown -R postgres "$work/pg" "$work/pwfile"
as_pg "$PGBIN/initdb" -D "$work/pg" -U bench --pwfile="$work/pwfile" --auth=scram-sha-256 -E UTF8 --no-locale >/dev/null
as_pg "$PGBIN/pg_ctl" -D "$work/pg" -l "$work/pg/server.log" -w \
  -o "-c listen_addresses=127.0.0.1 -c port=$PG_PORT -c unix_socket_directories=$work/pg -c max_connections=100 -c synchronous_commit=$pg_sync" start >/dev/null
PGPASSWORD=bench psql -X -q -h 127.0.0.1 -p "$PG_PORT" -U bench -d postgres -c "CREATE DATABASE bench" >/dev/null

echo "== starting TenantDb on 127.0.0.1:$TDB_PORT (synchronous=$DURABILITY; PostgreSQL synchronous_commit=$pg_sync; flags: ${tdb_flags[*]:-none})"
"$tdb" init --data-dir "$work/tdb" >/dev/null
"$tdb" tenant create bench --user bench --password bench --data-dir "$work/tdb" >/dev/null
TENANTDB_SYNCHRONOUS="$DURABILITY" TENANTDB_STATEMENT_TIMEOUT_SECONDS=120 TENANTDB_LOG_LEVEL=Warning "$tdb" serve --data-dir "$work/tdb" --port "$TDB_PORT" --no-demo "${tdb_flags[@]}" > "$work/tdb.log" 2>&1 &
tdb_pid=$!
for _ in $(seq 1 100); do
  PGPASSWORD=bench psql -X -q -h 127.0.0.1 -p "$TDB_PORT" -U bench -d bench -c "SELECT 1" >/dev/null 2>&1 && break
  sleep 0.1
done

for port in "$PG_PORT" "$TDB_PORT"; do
  PGPASSWORD=bench psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U bench -d bench -f "$here/schema.sql" >/dev/null
done

pgbench_tps() { # port mode pgbench-script-args... -> tps
  local port=$1 mode=$2; shift 2
  # TenantDb compiles a code path's hot methods again (tiered JIT) during its first seconds of use;
  # PostgreSQL has no such phase. The warm-up runs the same script on the same server, unmeasured.
  if [ "$WARMUP" -gt 0 ]; then
    PGPASSWORD=bench pgbench "$@" -h 127.0.0.1 -p "$port" -U bench -M "$mode" \
      -T "$WARMUP" -c "$CLIENTS" -j "$THREADS" bench >/dev/null 2>&1 || true
  fi
  PGPASSWORD=bench pgbench "$@" -h 127.0.0.1 -p "$port" -U bench -M "$mode" \
    -T "$DURATION" -c "$CLIENTS" -j "$THREADS" bench 2>"$work/pgbench.err" \
    | awk '/^tps = / { print $3 }' | head -1
}

ratio_table() { # title kind cases... (kind: custom = -n -f bench/wire/NAME.sql, builtin = -b NAME)
  local title=$1 kind=$2; shift 2
  printf '\n%-28s %14s %14s %8s\n' "$title" "PostgreSQL 15" "TenantDb" "ratio"
  printf '%-28s %14s %14s %8s\n' "----------------------------" "-------------" "--------" "-----"
  for case in "$@"; do
    set -- $case
    if [ "$kind" = custom ]; then args=(-n -f "$here/$1.sql"); else args=(-b "$1"); fi
    pg=$(pgbench_tps "$PG_PORT" "$2" "${args[@]}"); tdbtps=$(pgbench_tps "$TDB_PORT" "$2" "${args[@]}")
    ratio=$(awk -v a="$tdbtps" -v b="$pg" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }')
    printf '%-28s %14.0f %14.0f %8s\n' "$1 ($2)" "${pg:-0}" "${tdbtps:-0}" "$ratio"
  done
}

ratio_table "workload (pgbench -M)" custom "select-only simple" "select-only prepared" "read-write simple" "read-write prepared"
echo
echo "(tps excluding connection time; -T $DURATION -c $CLIENTS -j $THREADS, warm-up ${WARMUP}s; $(nproc) CPUs; TenantDb/PostgreSQL ratio > 1 means TenantDb is faster)"
# Sanity: the read/write runs kept balances consistent on TenantDb.
PGPASSWORD=bench psql -X -A -t -h 127.0.0.1 -p "$TDB_PORT" -U bench -d bench \
  -c "SELECT CASE WHEN (SELECT coalesce(sum(delta),0) FROM history) = (SELECT sum(abalance) FROM accounts) THEN 'TenantDb consistency check: ok' ELSE 'TenantDb consistency check: FAILED' END"

if [ "$COPY_ROWS" -gt 0 ]; then
  # COPY of $COPY_ROWS rows in and out with psql's \copy (text format), same file for both servers.
  awk -v n="$COPY_ROWS" 'BEGIN { for (i = 1; i <= n; i++) printf "%d\tname %d\t%.1f\n", i, i, i / 2 }' > "$work/copy.txt"
  copy_time() { # port sql -> seconds
    local start end
    start=$(date +%s.%N)
    PGPASSWORD=bench psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$1" -U bench -d bench -c "$2" >/dev/null 2>"$work/copy.err" \
      || { echo "COPY failed on port $1: $(head -2 "$work/copy.err")" >&2; echo "n/a"; return; }
    end=$(date +%s.%N)
    awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }'
  }
  printf '\n%-28s %14s %14s %8s\n' "\\copy $COPY_ROWS rows (s)" "PostgreSQL 15" "TenantDb" "ratio"
  printf '%-28s %14s %14s %8s\n' "----------------------------" "-------------" "--------" "-----"
  for port in "$PG_PORT" "$TDB_PORT"; do
    PGPASSWORD=bench psql -X -q -h 127.0.0.1 -p "$port" -U bench -d bench -c "CREATE TABLE copy_bench (id INTEGER, name TEXT, score DOUBLE PRECISION)" >/dev/null
  done
  for case in "in" "out"; do
    if [ "$case" = in ]; then sql="\\copy copy_bench from '$work/copy.txt'"; else sql="\\copy copy_bench to '/dev/null'"; fi
    pg=$(copy_time "$PG_PORT" "$sql"); tdbs=$(copy_time "$TDB_PORT" "$sql")
    # Seconds, so the ratio is PostgreSQL/TenantDb: > 1 means TenantDb is faster, as above.
    ratio=$(awk -v a="$tdbs" -v b="$pg" 'BEGIN { if (a > 0) printf "%.2f", b / a; else print "n/a" }')
    printf '%-28s %14s %14s %8s\n' "COPY $case (text)" "$pg" "$tdbs" "$ratio"
  done
fi

[ "$SCALE" -gt 0 ] || exit 0

init() { # port -> seconds of pgbench -i
  local start end
  start=$(date +%s.%N)
  PGPASSWORD=bench pgbench -i -q -s "$SCALE" -I dtGvp -h 127.0.0.1 -p "$1" -U bench bench >"$work/init.log" 2>&1 \
    || { echo "pgbench -i failed on port $1:" >&2; tail -5 "$work/init.log" >&2; echo "n/a"; return; }
  end=$(date +%s.%N)
  awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }'
}

pg_init=$(init "$PG_PORT"); tdb_init=$(init "$TDB_PORT")
printf '\n%-28s %14s %14s\n' "pgbench -i -s $SCALE -I dtGvp" "PostgreSQL 15" "TenantDb"
printf '%-28s %14s %14s\n' "----------------------------" "-------------" "--------"
printf '%-28s %14s %14s\n' "seconds" "$pg_init" "$tdb_init"
ratio_table "built-in script (-M)" builtin "tpcb-like simple" "tpcb-like prepared" "select-only simple" "select-only prepared"
echo
echo "(pgbench -b: -T $DURATION -c $CLIENTS -j $THREADS on pgbench -i -s $SCALE; each run first vacuums branches and tellers and truncates history)"
