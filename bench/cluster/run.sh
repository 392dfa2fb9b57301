#!/usr/bin/env bash
# Routing overhead of cluster mode: two nodes on loopback (development clustering, shared data
# directory), one tenant; pgbench select-only through the tenant's owner node ("direct") and through
# the other node, whose gateway splices each connection to the owner ("routed"). Prints both tps and
# the routed/direct ratio.
#
#   bench/cluster/run.sh                    # defaults: -T 10 -c 8 -j 2, Release build
#   CONFIG=Debug DURATION=30 bench/cluster/run.sh
#
# Everything lives in a temp dir that is removed at exit; both nodes are stopped at exit.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
DURATION="${DURATION:-10}"
CLIENTS="${CLIENTS:-8}"
THREADS="${THREADS:-2}"
CONFIG="${CONFIG:-Release}"
BASE_PORT="${BASE_PORT:-47210}"
work="$(mktemp -d /tmp/tenantdb-cluster-bench.XXXXXX)"
pids=()

cleanup() {
  set +e
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null; done
  rm -rf "$work"
}
trap cleanup EXIT

if [ "$CONFIG" = Release ]; then
  echo "== building TenantDb (Release)"
  dotnet build "$root/src/Cli" -c Release -v quiet -nologo 2>&1 | tail -2
fi
tdb="$root/src/Cli/bin/$CONFIG/net10.0/tenantdb"

"$tdb" init --data-dir "$work/data" >/dev/null
"$tdb" tenant create bench --user bench --password bench --data-dir "$work/data" >/dev/null

# Node i: PostgreSQL port BASE+i, silo port BASE+10+i, gateway port BASE+20+i; node 0 is the primary.
start_node() {
  local i=$1
  TENANTDB_LOG_LEVEL=Information "$tdb" serve --data-dir "$work/data" --port $((BASE_PORT + i)) --no-demo \
    --cluster-id bench --silo-port $((BASE_PORT + 10 + i)) --gateway-port $((BASE_PORT + 20 + i)) \
    --primary-silo-port $((BASE_PORT + 10)) > "$work/node$i.log" 2>&1 &
  pids+=($!)
}
wait_serving() {
  for _ in $(seq 1 600); do
    PGPASSWORD=bench psql -X -q -h 127.0.0.1 -p "$1" -U bench -d bench -c "SELECT 1" >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  echo "node on port $1 did not start:"; grep -h -E " fail: |^error" "$work"/node*.log | cut -c1-300 | head -20; exit 1
}
echo "== starting two nodes"
start_node 0; wait_serving $BASE_PORT
start_node 1; wait_serving $((BASE_PORT + 1))

PGPASSWORD=bench psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p $BASE_PORT -U bench -d bench -f "$root/bench/wire/schema.sql" >/dev/null
owner=$(grep -l "owning tenant bench" "$work"/node*.log | head -1 | sed 's/.*node\([0-9]\)\.log/\1/')
other=$((1 - owner))
echo "   tenant bench is owned by node $owner"

run() { # port -> tps
  PGPASSWORD=bench pgbench -n -h 127.0.0.1 -p "$1" -U bench -f "$root/bench/wire/select-only.sql" -M prepared \
    -T "$DURATION" -c "$CLIENTS" -j "$THREADS" bench 2>"$work/pgbench.err" | awk '/^tps = / { print $3 }' | head -1
}
direct=$(run $((BASE_PORT + owner)))
routed=$(run $((BASE_PORT + other)))
direct2=$(run $((BASE_PORT + owner)))
printf '\n%-34s %12s\n' "pgbench select-only (prepared)" "tps"
printf '%-34s %12.0f\n' "direct to the owner (run 1)" "$direct" "routed through the other node" "$routed" "direct to the owner (run 2)" "$direct2"
awk -v r="$routed" -v a="$direct" -v b="$direct2" 'BEGIN { d = (a + b) / 2; if (d > 0) printf "routed / direct: %.3f (overhead %.1f%%)\n", r / d, (1 - r / d) * 100 }'
echo "(tps excluding connection time; -T $DURATION -c $CLIENTS -j $THREADS; $(nproc) CPUs; $CONFIG build)"
