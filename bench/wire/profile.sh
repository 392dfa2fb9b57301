#!/usr/bin/env bash
# Where the TenantDb server's CPU goes under one pgbench script: perf record of the server process only
# (JIT-compiled .NET frames named through DOTNET_PerfMapEnabled=1), then the top functions and the
# share of each library (kernel, e_sqlite3, the .NET runtime, JIT-compiled code). Needs perf and pgbench.
#
#   bench/wire/profile.sh                                   # select-only, prepared, 8 clients
#   SCRIPT=read-write MODE=simple CLIENTS=1 bench/wire/profile.sh
#   TDB=/path/to/tenantdb TOP=60 bench/wire/profile.sh      # another build, more lines
#   KEEP=/tmp/profile bench/wire/profile.sh                 # keeps perf.data and the perf map there
#
# The profile starts after a warm-up (JIT tiers, page cache) and covers TRANSACTIONS per client.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
SCRIPT="${SCRIPT:-select-only}"
MODE="${MODE:-prepared}"
CLIENTS="${CLIENTS:-8}"
TRANSACTIONS="${TRANSACTIONS:-5000}"
TOP="${TOP:-40}"
PORT="${PORT:-55534}"
DURABILITY="${DURABILITY:-normal}"
SERVER_ENV="${SERVER_ENV:-}"
# The perf map is written by the server process; keep it (and perf.data) on request, then delete it.
before_cleanup() {
  if [ -n "${KEEP:-}" ]; then mkdir -p "$KEEP" && cp "$work"/perf.data "$KEEP"/ 2>/dev/null; cp /tmp/perf-"$pid".map "$KEEP"/ 2>/dev/null; fi
  rm -f /tmp/perf-"$pid".map /tmp/perfinfo-"$pid".map
}
# Without W^X double mapping the JIT-compiled code is named through the perf map (else "memfd:doublemapper").
SERVER_ENV="$SERVER_ENV DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0"
. "$here/server.sh"

run() { # transactions
  pgbench -n -h 127.0.0.1 -p "$PORT" -U bench -f "$here/$SCRIPT.sql" -M "$MODE" -t "$1" -c "$CLIENTS" -j "$(( CLIENTS < 2 ? 1 : 2 ))" bench
}
run 1000 >/dev/null 2>&1 # warm-up
perf record -F 2000 -g -p "$pid" -o "$work/perf.data" -- bash -c "$(declare -f run); here='$here' PORT='$PORT' SCRIPT='$SCRIPT' MODE='$MODE' CLIENTS='$CLIENTS' run '$TRANSACTIONS'" \
  > "$work/pgbench.out" 2>"$work/perf.err"
echo "== $SCRIPT $MODE c=$CLIENTS: $(awk '/^tps/ { print "tps " $3; exit }' "$work/pgbench.out"); load average $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%Y-%m-%dT%H:%MZ)"
echo "== share of samples by library"
perf report -i "$work/perf.data" --no-children --sort dso --stdio 2>/dev/null | grep -E '^ +[0-9]' | head -12
echo "== top functions (self)"
perf report -i "$work/perf.data" --no-children --sort dso,sym --stdio -g none 2>/dev/null | grep -E '^ +[0-9]' | head -"$TOP"
