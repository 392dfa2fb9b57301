#!/usr/bin/env bash
# Per-transaction costs of the TenantDb server under pgbench, counted with perf stat on the server
# process only: context switches, system calls and CPU time per pgbench transaction. Counts of
# switches and system calls do not depend on how loaded the machine is, so they compare builds on a
# busy machine where tps does not. Needs perf (with the raw_syscalls tracepoint) and pgbench.
#
#   bench/wire/counts.sh                      # builds src/Cli in Release and measures it
#   TDB=/path/to/tenantdb bench/wire/counts.sh  # measures another build
#   TRANSACTIONS=5000 CLIENTS="1 8" SCRIPTS="select-only read-write" MODES="simple prepared" bench/wire/counts.sh
#   DETAIL=1 bench/wire/counts.sh             # also each frequent system call per transaction
#   SERVER_ENV="DOTNET_TieredPGO=0" bench/wire/counts.sh  # extra environment for the server (space-separated)
#
# Output: one line per script, mode and client count (with DETAIL=1 a second line of system calls).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
TRANSACTIONS="${TRANSACTIONS:-3000}"
CLIENTS="${CLIENTS:-1 8}"
SCRIPTS="${SCRIPTS:-select-only read-write}"
MODES="${MODES:-simple prepared}"
PORT="${PORT:-55533}"
DURABILITY="${DURABILITY:-normal}"
DETAIL="${DETAIL:-0}"
SERVER_ENV="${SERVER_ENV:-}"
# The system calls DETAIL=1 counts one by one: sockets, epoll, SQLite's file locks and reads, thread hand-offs.
detail_calls="recvfrom sendto epoll_wait epoll_ctl futex sched_yield fcntl pread64 pwrite64 fdatasync read write"
. "$here/server.sh"

run() { # script mode clients transactions
  pgbench -n -h 127.0.0.1 -p "$PORT" -U bench -f "$here/$1.sql" -M "$2" -t "$4" -c "$3" -j "$(( $3 < 2 ? 1 : 2 ))" bench
}

for script in $SCRIPTS; do
  for mode in $MODES; do
    for c in $CLIENTS; do
      run "$script" "$mode" "$c" 500 >/dev/null 2>&1 # warm-up: JIT tiers, page cache
      events=context-switches,raw_syscalls:sys_enter,task-clock
      if [ "$DETAIL" = 1 ]; then for call in $detail_calls; do events="$events,syscalls:sys_enter_$call"; done; fi
      perf stat -e "$events" -p "$pid" -o "$work/stat" -- \
        bash -c "$(declare -f run); here='$here' PORT='$PORT' run '$script' '$mode' '$c' '$TRANSACTIONS'" > "$work/pgbench.out" 2>&1
      n=$(( c * TRANSACTIONS ))
      awk -v n="$n" -v label="$script $mode c=$c" -v tps="$(awk '/^tps/ { print $3; exit }' "$work/pgbench.out")" '
        /context-switches/ { gsub(",", "", $1); cs = $1 }
        $2 == "raw_syscalls:sys_enter" { gsub(",", "", $1); sc = $1 }
        /task-clock/ { gsub(",", "", $1); ms = $1 }
        /syscalls:sys_enter_/ { gsub(",", "", $1); name = $2; sub(/.*sys_enter_/, "", name); if ($1 > 0) detail = detail sprintf(" %s %.2f", name, $1 / n) }
        END {
          printf "%-28s cs/tx %6.2f  syscalls/tx %6.1f  server cpu us/tx %7.1f  (tps %s)\n", label, cs / n, sc / n, ms * 1000 / n, tps
          if (detail != "") printf "%-28s per tx:%s\n", "", detail
        }
      ' "$work/stat"
    done
  done
done
echo "(load average: $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%Y-%m-%dT%H:%MZ))"
