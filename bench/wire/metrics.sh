#!/usr/bin/env bash
# The cost of metrics: pgbench select-only against two TenantDb servers (Release build) on loopback,
# one plain and one with --metrics (scraped every second while it runs, as a Prometheus would, only
# faster). Runs alternate plain/metrics ROUNDS times so drift on a shared machine hits both alike.
#
#   bench/wire/metrics.sh                       # defaults: -T 10 -c 8 -j 2, 3 rounds, -M prepared
#   DURATION=20 ROUNDS=5 MODE=simple bench/wire/metrics.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
DURATION="${DURATION:-10}"
CLIENTS="${CLIENTS:-8}"
THREADS="${THREADS:-2}"
ROUNDS="${ROUNDS:-3}"
MODE="${MODE:-prepared}"
PLAIN_PORT="${PLAIN_PORT:-55443}"
METRICS_PORT="${METRICS_PORT:-55444}"
SCRAPE_PORT="${SCRAPE_PORT:-55445}"
work="$(mktemp -d /tmp/tenantdb-metrics-bench.XXXXXX)"
pids=()

cleanup() {
  set +e
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; done
  rm -rf "$work"
}
trap cleanup EXIT

echo "== building TenantDb (Release)"
dotnet build "$root/src/Cli" -c Release -v quiet -nologo 2>&1 | tail -2
tdb="$root/src/Cli/bin/Release/net10.0/tenantdb"

start() { # name port extra-args...
  local name=$1 port=$2; shift 2
  "$tdb" init --data-dir "$work/$name" >/dev/null
  "$tdb" tenant create bench --user bench --password bench --data-dir "$work/$name" >/dev/null
  TENANTDB_LOG_LEVEL=Warning "$tdb" serve --data-dir "$work/$name" --port "$port" --no-demo "$@" > "$work/$name.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 100); do
    PGPASSWORD=bench psql -X -q -h 127.0.0.1 -p "$port" -U bench -d bench -c "SELECT 1" >/dev/null 2>&1 && break
    sleep 0.1
  done
  PGPASSWORD=bench psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U bench -d bench -f "$here/schema.sql" >/dev/null
}

echo "== starting TenantDb without metrics on $PLAIN_PORT and with --metrics 127.0.0.1:$SCRAPE_PORT on $METRICS_PORT"
start plain "$PLAIN_PORT"
start metrics "$METRICS_PORT" --metrics "127.0.0.1:$SCRAPE_PORT" --metrics-tenant-labels bench

# A scraper for the whole run, bounded by the run's length.
total=$(( (DURATION + 2) * ROUNDS * 2 + 10 ))
( end=$((SECONDS + total)); while [ $SECONDS -lt $end ]; do curl -s -o /dev/null "http://127.0.0.1:$SCRAPE_PORT/metrics"; sleep 1; done ) &
pids+=($!)

run() { # port -> tps
  PGPASSWORD=bench pgbench -n -h 127.0.0.1 -p "$1" -U bench -f "$here/select-only.sql" -M "$MODE" \
    -T "$DURATION" -c "$CLIENTS" -j "$THREADS" bench 2>"$work/pgbench.err" \
    | awk '/^tps = / { print $3 }' | head -1
}

printf '\n%-6s %14s %14s %8s\n' "round" "plain tps" "metrics tps" "ratio"
plain_sum=0; metrics_sum=0
for round in $(seq 1 "$ROUNDS"); do
  a=$(run "$PLAIN_PORT"); b=$(run "$METRICS_PORT")
  plain_sum=$(awk -v s="$plain_sum" -v x="$a" 'BEGIN { print s + x }')
  metrics_sum=$(awk -v s="$metrics_sum" -v x="$b" 'BEGIN { print s + x }')
  printf '%-6s %14.0f %14.0f %8.3f\n' "$round" "$a" "$b" "$(awk -v a="$a" -v b="$b" 'BEGIN { print b / a }')"
done
printf '%-6s %14.0f %14.0f %8.3f\n' "mean" "$(awk -v s="$plain_sum" -v n="$ROUNDS" 'BEGIN { print s / n }')" \
  "$(awk -v s="$metrics_sum" -v n="$ROUNDS" 'BEGIN { print s / n }')" "$(awk -v a="$plain_sum" -v b="$metrics_sum" 'BEGIN { print b / a }')"
echo
echo "(select-only, -M $MODE -T $DURATION -c $CLIENTS -j $THREADS; $(nproc) CPUs; ratio = with metrics / without)"
curl -s "http://127.0.0.1:$SCRAPE_PORT/metrics" | grep -E '^tenantdb_statements_total\{tenant="bench"\}' || true
