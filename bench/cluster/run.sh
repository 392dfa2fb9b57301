#!/usr/bin/env bash
# Routing overhead of cluster mode: two nodes on loopback (development clustering, shared data
# directory), one tenant; pgbench select-only through the tenant's owner node ("direct") and through
# the other node, whose gateway splices each connection to the owner ("routed"). Prints both tps and
# the routed/direct ratio, in two placements of the processes on the CPUs:
#
#   pinned    pgbench and the owner node share CPU 0, the routing node has CPU 1 to itself (idle
#             during the direct runs). This is a deployment's shape, where the routing node is
#             another machine: the ratio measures what the extra hop adds to each transaction's
#             latency, not CPU the routing node takes from the owner.
#   unpinned  every process may run on every CPU: on a 2-CPU machine the routing node's work
#             competes with the owner's and pgbench's, so the ratio also counts the CPU it takes.
#
#   bench/cluster/run.sh                    # defaults: -T 10 -c 8 -j 2, Release build, both placements
#   MODES=pinned bench/cluster/run.sh       # one placement only
#   CONFIG=Debug DURATION=30 bench/cluster/run.sh
#   ROUTE_SPLICE=copy bench/cluster/run.sh  # routed bytes copied by recv/send instead of splice(2)
#   CONNECT=1 bench/cluster/run.sh          # also -C: a new connection per transaction (pays the
#                                           # owner lookup and the extra connect every time)
#   PERFSTAT=1 bench/cluster/run.sh         # system calls and context switches of the routing node
#                                           # per routed transaction (perf stat)
#   STRACE=1 bench/cluster/run.sh           # count the routing node's system calls during the
#                                           # routed run (strace -c -f; slows it down a lot)
#   PERF=1 bench/cluster/run.sh             # profile the routing node during the routed run (perf
#                                           # record; JIT frames named through DOTNET_PerfMapEnabled)
#   NICE=-10 bench/cluster/run.sh           # run nodes and pgbench at this nice level (negative
#                                           # needs root): on a machine shared with other work it
#                                           # stands in for the dedicated machines of a deployment
#   BUILD=0 bench/cluster/run.sh            # use the existing build
#
# Everything lives in a temp dir that is removed at exit; both nodes are stopped at exit.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
DURATION="${DURATION:-10}"
CLIENTS="${CLIENTS:-8}"
THREADS="${THREADS:-2}"
CONFIG="${CONFIG:-Release}"
NICE="${NICE:-0}"
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

if [ "$CONFIG" = Release ] && [ "${BUILD:-1}" = 1 ]; then
  echo "== building TenantDb (Release)"
  dotnet build "$root/src/Cli" -c Release -v quiet -nologo 2>&1 | tail -2
fi
tdb="$root/src/Cli/bin/$CONFIG/net10.0/tenantdb"

"$tdb" init --data-dir "$work/data" >/dev/null
"$tdb" tenant create bench --user bench --password bench --data-dir "$work/data" >/dev/null

# Node i: PostgreSQL port BASE+i, silo port BASE+10+i, gateway port BASE+20+i; node 0 is the primary.
start_node() {
  local i=$1
  TENANTDB_ROUTE_SPLICE="${ROUTE_SPLICE:-kernel}" TENANTDB_LOG_LEVEL=Information DOTNET_PerfMapEnabled="${PERF:-0}" nice -n "$NICE" "$tdb" serve --data-dir "$work/data" --port $((BASE_PORT + i)) --no-demo \
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

pgpin=()
run() { # port [extra pgbench flags] -> tps
  local port=$1; shift
  PGPASSWORD=bench nice -n "$NICE" "${pgpin[@]}" pgbench -n -h 127.0.0.1 -p "$port" -U bench -f "$root/bench/wire/select-only.sql" -M prepared \
    -T "$DURATION" -c "$CLIENTS" -j "$THREADS" "$@" bench 2>"$work/pgbench.err" | awk '/^tps = / { print $3 }' | head -1
}
ratio() { # routed direct1 direct2 -> ratio
  awk -v r="$1" -v a="$2" -v b="$3" 'BEGIN { d = (a + b) / 2; if (d > 0) printf "%.3f", r / d }'
}
# CPU time (user + system, in clock ticks) a node has used so far: throughput on a machine shared
# with other work swings with its load, CPU time per transaction much less.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
per_tx_us() { # ticks tps -> microseconds of CPU per transaction
  awk -v t="$1" -v r="$2" -v d="$DURATION" -v hz="$(getconf CLK_TCK)" 'BEGIN { if (r > 0) printf "%.0f", t / hz * 1e6 / (r * d) }'
}
pin() { # pid cpu-list: every thread of the process, and the threads it starts later
  taskset -a -p -c "$2" "$1" >/dev/null
}
all_cpus="0-$(( $(nproc) - 1 ))"
summary=()

measure() { # placement
  local mode=$1
  if [ "$mode" = pinned ]; then
    [ "$(nproc)" -ge 2 ] || { echo "pinned placement needs 2 CPUs"; return; }
    pin "${pids[$owner]}" 0; pin "${pids[$other]}" 1; pgpin=(taskset -c 0)
  else
    pin "${pids[$owner]}" "$all_cpus"; pin "${pids[$other]}" "$all_cpus"; pgpin=()
  fi
  echo; echo "== $mode: $( [ "$mode" = pinned ] && echo "pgbench + owner on CPU 0, routing node on CPU 1" || echo "all processes on all CPUs")"
  # Warm up both paths (JIT tiering) before measuring.
  DURATION=3 run $((BASE_PORT + owner)) >/dev/null; DURATION=3 run $((BASE_PORT + other)) >/dev/null
  local direct routed direct2 o0 r0 o1 r1 profiler tracer stat
  direct=$(run $((BASE_PORT + owner)))
  if [ "${PERF:-0}" = 1 ]; then
    perf record -F 499 -g -o "$work/perf.data" -p "${pids[$other]}" 2>/dev/null & profiler=$!
  fi
  if [ "${STRACE:-0}" = 1 ]; then
    strace -c -f -p "${pids[$other]}" -o "$work/strace.txt" & tracer=$!
    sleep 1
  fi
  if [ "${PERFSTAT:-0}" = 1 ]; then
    perf stat -x, -e raw_syscalls:sys_enter,context-switches,cpu-migrations -p "${pids[$other]}" -o "$work/perfstat.txt" -- sleep "$DURATION" & stat=$!
  fi
  o0=$(cpu_ticks "${pids[$owner]}"); r0=$(cpu_ticks "${pids[$other]}")
  routed=$(run $((BASE_PORT + other)))
  o1=$(cpu_ticks "${pids[$owner]}"); r1=$(cpu_ticks "${pids[$other]}")
  if [ "${PERF:-0}" = 1 ]; then kill -INT $profiler; wait $profiler 2>/dev/null || true; fi
  if [ "${STRACE:-0}" = 1 ]; then kill -INT $tracer; wait $tracer 2>/dev/null || true; fi
  if [ "${PERFSTAT:-0}" = 1 ]; then wait $stat 2>/dev/null || true; fi
  direct2=$(run $((BASE_PORT + owner)))
  printf '%-34s %12s\n' "pgbench select-only (prepared)" "tps"
  printf '%-34s %12.0f\n' "direct to the owner (run 1)" "$direct" "routed through the other node" "$routed" "direct to the owner (run 2)" "$direct2"
  local r; r=$(ratio "$routed" "$direct" "$direct2")
  echo "routed / direct: $r"
  echo "CPU per routed transaction: owner $(per_tx_us $((o1 - o0)) "$routed") us, routing node $(per_tx_us $((r1 - r0)) "$routed") us"
  summary+=("$(printf '%-9s %-7s direct %7.0f / %7.0f  routed %7.0f  ratio %s' "$mode" "${ROUTE_SPLICE:-kernel}" "$direct" "$direct2" "$routed" "$r")")
  if [ "${PERFSTAT:-0}" = 1 ]; then
    awk -F, -v r="$routed" -v d="$DURATION" '$3 ~ /raw_syscalls|context-switches|cpu-migrations/ && r > 0 { printf "routing node: %.2f %s per routed transaction\n", $1 / (r * d), $3 }' "$work/perfstat.txt"
  fi
  if [ "${CONNECT:-0}" = 1 ]; then
    local cdirect crouted cdirect2
    cdirect=$(run $((BASE_PORT + owner)) -C)
    crouted=$(run $((BASE_PORT + other)) -C)
    cdirect2=$(run $((BASE_PORT + owner)) -C)
    printf '%-34s %12s\n' "same, -C (connect per transaction)" "tps"
    printf '%-34s %12.0f\n' "direct to the owner (run 1)" "$cdirect" "routed through the other node" "$crouted" "direct to the owner (run 2)" "$cdirect2"
    echo "routed / direct, -C: $(ratio "$crouted" "$cdirect" "$cdirect2")"
  fi
  if [ "${STRACE:-0}" = 1 ]; then
    echo "system calls of the routing node during the routed run ($routed tps x $DURATION s, slowed by strace):"
    head -25 "$work/strace.txt"
  fi
  if [ "${PERF:-0}" = 1 ]; then
    echo "where the routing node spends its CPU during the routed run (self time, top 30):"
    perf report -i "$work/perf.data" --no-children -g none --sort dso,sym --stdio 2>/dev/null | grep -E '^ +[0-9]' | head -30
    echo; echo "by thread:"
    perf report -i "$work/perf.data" --no-children -g none --sort comm --stdio 2>/dev/null | grep -E '^ +[0-9]' | head -12
  fi
}

for mode in ${MODES:-pinned unpinned}; do measure "$mode"; done
echo; echo "== summary (routed bytes: ${ROUTE_SPLICE:-kernel})"
printf '%s\n' "${summary[@]}"
echo "(tps excluding connection time; -T $DURATION -c $CLIENTS -j $THREADS; $(nproc) CPUs; $CONFIG build; nice $NICE; load $(cut -d' ' -f1-3 /proc/loadavg))"
