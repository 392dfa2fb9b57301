#!/usr/bin/env bash
# Many SIGKILL cycles of the crash-safety test, outside CI:
#   tests/Reliability.Tests/run-kill-cycles.sh [CYCLES=200] [SEED=random] [TIMEOUT_SECONDS=3600]
# Runs a private copy of the built test (so rebuilding the worktree meanwhile cannot swap the server
# binary under it), prints one progress line per cycle and the final figures. Bounded by `timeout`,
# which kills the whole process group, child servers included.
set -euo pipefail
cd "$(dirname "$0")/../.."
cycles="${1:-200}"
seed="${2:-$RANDOM$RANDOM}"
limit="${3:-3600}"
dotnet build tests/Reliability.Tests -c Release -v quiet -nologo 2>&1 | grep -E " error |warn" || true
copy="$(mktemp -d /tmp/tenantdb-killcycles-XXXXXX)"
trap 'rm -rf "$copy"' EXIT
cp -r tests/Reliability.Tests/bin/Release/net10.0/. "$copy/"
progress="$copy/progress.log"
full="${TENANTDB_KILL_LOG:-/tmp/tenantdb-killcycles-last.log}"
touch "$progress"
tail -f "$progress" & tailer=$!
set +e
TENANTDB_KILL_CYCLES="$cycles" TENANTDB_KILL_SEED="$seed" TENANTDB_KILL_PROGRESS="$progress" \
  timeout --signal=KILL "$limit" dotnet test "$copy/TenantDb.Reliability.Tests.dll" \
  --filter "FullyQualifiedName~CrashSafety" --logger "console;verbosity=detailed" > "$full" 2>&1
status=$?
kill "$tailer" 2>/dev/null
grep -E -A 40 "Passed |Failed |Error Message" "$full" | grep -v -E "^\s+at (System|Xunit|Microsoft)\." | head -80
echo "full output: $full"
exit "$status"
