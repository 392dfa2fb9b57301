# Sourced by counts.sh and profile.sh: one TenantDb server with a "bench" tenant and bench/wire's
# schema, on 127.0.0.1:$PORT, stopped when the calling script exits.
# In: here, root, PORT, DURABILITY, SERVER_ENV (space-separated extra environment), optional TDB (a
# build to measure; default: src/Cli built in Release), optional function before_cleanup (run first
# on exit, with $work and $pid still there). Out: work (a temporary directory), pid (the server).
if [ -z "${TDB:-}" ]; then
  dotnet build "$root/src/Cli" -c Release -v quiet -nologo 2>&1 | tail -2
  TDB="$root/src/Cli/bin/Release/net10.0/tenantdb"
fi
work="$(mktemp -d /tmp/tenantdb-bench.XXXXXX)"
pid=""
cleanup() {
  set +e
  [ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  declare -F before_cleanup >/dev/null && before_cleanup
  rm -rf "$work"
}
trap cleanup EXIT

"$TDB" init --data-dir "$work/tdb" >/dev/null
"$TDB" tenant create bench --user bench --password bench --data-dir "$work/tdb" >/dev/null
env $SERVER_ENV TENANTDB_SYNCHRONOUS="$DURABILITY" TENANTDB_LOG_LEVEL=Warning \
  "$TDB" serve --data-dir "$work/tdb" --port "$PORT" --no-demo > "$work/tdb.log" 2>&1 &
pid=$!
export PGPASSWORD=bench
for _ in $(seq 1 150); do
  psql -X -q -h 127.0.0.1 -p "$PORT" -U bench -d bench -c "SELECT 1" >/dev/null 2>&1 && break
  sleep 0.2
done
psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PORT" -U bench -d bench -f "$here/schema.sql" >/dev/null
