#!/usr/bin/env bash
# Load run against the real server (Release build): provisions tenants, starts `tenantdb serve` as a
# child process, runs the mixed load, prints the figures as markdown and kills the server.
#   bench/load/run.sh [--tenants 50] [--connections 300] [--duration 60] [--read 60] [--write 25]
#                     [--max-connections N] [--memory-out FILE] [--data-dir DIR --keep]
# Bounded: the whole run is killed after duration + 300 s.
set -euo pipefail
cd "$(dirname "$0")/../.."
duration=60
prev=""
for a in "$@"; do
  if [ "$prev" = "--duration" ]; then duration="$a"; fi
  prev="$a"
done
dotnet build bench/load/TenantDb.Bench.Load -c Release -v quiet -nologo 2>&1 | grep -E "error|Warn|warn" || true
exec timeout --signal=KILL "$((duration + 300))" \
  dotnet bench/load/TenantDb.Bench.Load/bin/Release/net10.0/TenantDb.Bench.Load.dll "$@"
