namespace TenantDb.Bench.Load;

/// <summary>The PostgreSQL twin of <see cref="LoadSchema"/>: the same tables, and bump(k) in PL/pgSQL.</summary>
internal static class PostgresSchema
{
    public static IEnumerable<string> Statements(int keys)
    {
        yield return "DROP TABLE IF EXISTS kv, events";
        yield return "CREATE TABLE kv (k bigint PRIMARY KEY, v bigint NOT NULL)";
        yield return $"INSERT INTO kv (k, v) SELECT g, 0 FROM generate_series(1, {keys}) g";
        yield return "CREATE TABLE events (id bigserial PRIMARY KEY, k bigint NOT NULL, worker bigint NOT NULL, payload text NOT NULL)";
        yield return "CREATE OR REPLACE PROCEDURE bump(INOUT k bigint) LANGUAGE plpgsql AS $$ BEGIN UPDATE kv SET v = v + 1 WHERE kv.k = bump.k RETURNING v INTO k; END $$";
    }
}
