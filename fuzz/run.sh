#!/usr/bin/env bash
# Builds the fuzz targets, instruments TenantDb's assemblies with SharpFuzz and runs AFL++ on each
# target in turn for a bounded time, then prints what each run did (from AFL's fuzzer_stats).
#
#   fuzz/run.sh [SECONDS_PER_TARGET] [TARGET...]      (default: 60 s, every target)
#
# FUZZ_RESUME=1 continues from the queue of the previous run in fuzz/findings/<target> instead of
# starting again from the seed corpus (fuzzer_stats then count the resumed run only).
#
# Targets: wasm-decode wat-parse wasm-execute pg-message pg-session wasi-manifest channel-text. Findings go to
# fuzz/findings/<target>/default/{crashes,hangs}; reproduce one with the uninstrumented build
#   dotnet run --project fuzz -- <target> FILE...
# (the instrumented assemblies need SharpFuzz's trace memory: dotnet fuzz/instrumented/bin/TenantDb.Fuzz.dll <target> < FILE).
# SharpFuzz runs every input in one long-lived process that reports its own pid to afl-fuzz, so an
# input that exceeds the time limit makes afl-fuzz kill that process, and the run ends with "Unable
# to communicate with fork server": a hang (or a hard crash such as a stack overflow), see .cur_input.
# One fuzzer runs at a time (the machine is shared); every afl-fuzz started here is stopped here.
set -euo pipefail

seconds="${1:-60}"
shift || true
all_targets=(wasm-decode wat-parse wasm-execute pg-message pg-session wasi-manifest channel-text)
targets=("${@:-${all_targets[@]}}")
here="$(cd "$(dirname "$0")" && pwd)"
bin="$here/instrumented/bin"

command -v afl-fuzz >/dev/null || { echo "afl-fuzz not found: apt-get install afl++" >&2; exit 1; }
dotnet_path="$(command -v dotnet)"

# Per-input time limit (ms): a session input may run several statements against 500 ms statement timeouts.
timeout_of() {
    case "$1" in
        pg-session) echo 20000 ;;
        *) echo 5000 ;;
    esac
}

dictionary_of() {
    case "$1" in
        wasm-*) echo "$here/dict/wasm.dict" ;;
        wat-*) echo "$here/dict/wat.dict" ;;
        pg-*) echo "$here/dict/pg.dict" ;;
    esac
}

cd "$here"
dotnet tool restore >/dev/null
rm -rf "$bin"
dotnet publish TenantDb.Fuzz.csproj -c Release -o "$bin" -p:UseAppHost=false >/dev/null
# Instrument the code under test (not the harness, not SharpFuzz, not the framework or packages).
for dll in TenantDb.ProcSandbox.dll TenantDb.Engine.dll tenantdb.dll; do
    dotnet sharpfuzz "$bin/$dll" >/dev/null
done

# The target is `dotnet` (not instrumented itself: coverage comes from the instrumented assemblies);
# CPU frequency and core dump settings belong to the shared machine, not to us.
export AFL_SKIP_BIN_CHECK=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1 AFL_NO_AFFINITY=1
export DOTNET_TieredPGO=0 DOTNET_gcServer=0

afl_pid=""
cleanup() { if [[ -n "$afl_pid" ]]; then kill "$afl_pid" 2>/dev/null || true; wait "$afl_pid" 2>/dev/null || true; fi; }
trap cleanup EXIT INT TERM

stat_of() { awk -F' *: *' -v k="$1" '$1 == k { print $2 }' "$2"; }

summary=()
for target in "${targets[@]}"; do
    out="$here/findings/$target"
    input="$here/corpus/$target"
    if [[ "${FUZZ_RESUME:-0}" == 1 && -d "$out/default/queue" ]]; then
        input="-"
    else
        rm -rf "$out"
    fi
    mkdir -p "$out"
    echo "== $target: afl-fuzz for $seconds s (input: $input)"
    # -V stops after SECONDS; timeout is the backstop if afl-fuzz does not stop by itself.
    timeout --signal=INT --kill-after=30 "$((seconds + 60))" \
        afl-fuzz -V "$seconds" -t "$(timeout_of "$target")" -m none -x "$(dictionary_of "$target")" -i "$input" -o "$out" \
        -- "$dotnet_path" "$bin/TenantDb.Fuzz.dll" "$target" >>"$out/afl.log" 2>&1 &
    afl_pid=$!
    status=0
    wait "$afl_pid" || status=$?
    afl_pid=""
    if [[ "$status" != 0 ]]; then
        echo "   afl-fuzz exited with $status (see $out/afl.log)"
        if grep -q "Unable to communicate with fork server" "$out/afl.log" && [[ -f "$out/default/.cur_input" ]]; then
            kept="$out/fork-server-lost-$(date +%H%M%S).input"
            cp "$out/default/.cur_input" "$kept"
            echo "   the target process died or timed out (hang or hard crash); input in flight kept as $kept"
        fi
    fi
    stats="$out/default/fuzzer_stats"
    if [[ ! -f "$stats" ]]; then
        echo "   no fuzzer_stats: AFL++ did not start; last lines of $out/afl.log:"
        tail -n 15 "$out/afl.log" | sed 's/^/   /'
        summary+=("$target: did not run")
        continue
    fi
    line="$target: execs_done=$(stat_of execs_done "$stats") execs_per_sec=$(stat_of execs_per_sec "$stats")"
    line+=" corpus_count=$(stat_of corpus_count "$stats") saved_crashes=$(stat_of saved_crashes "$stats")"
    line+=" saved_hangs=$(stat_of saved_hangs "$stats") run_time=$(stat_of run_time "$stats")s"
    line+=" edges_found=$(stat_of edges_found "$stats") stability=$(stat_of stability "$stats")"
    summary+=("$line")
    echo "   $line"
done

echo
echo "== summary (${seconds} s per target)"
printf '%s\n' "${summary[@]}"
