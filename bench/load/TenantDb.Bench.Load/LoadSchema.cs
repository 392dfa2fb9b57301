namespace TenantDb.Bench.Load;

/// <summary>
/// Each load tenant holds kv (read by range, bumped by the procedure) and events (appended to by
/// writes), plus the procedure bump(k): increments one kv row and returns its new value.
/// </summary>
internal static class LoadSchema
{
    public static readonly string BumpWat = ProcedureSource.Wat(
        ["UPDATE kv SET v = v + 1 WHERE k = ?1"],
        resultQuery: "SELECT v FROM kv WHERE k = ?1");

    public static IEnumerable<string> Statements(int keys)
    {
        yield return "CREATE TABLE kv (k INTEGER PRIMARY KEY, v INTEGER NOT NULL)";
        yield return $"WITH RECURSIVE s(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM s WHERE k < {keys}) INSERT INTO kv (k, v) SELECT k, 0 FROM s";
        yield return "CREATE TABLE events (id INTEGER PRIMARY KEY, k INTEGER NOT NULL, worker INTEGER NOT NULL, payload TEXT NOT NULL)";
        yield return $"CREATE PROCEDURE bump(k int8) RETURNS TABLE(v int8) AS {ProcedureSource.Literal(BumpWat)}";
    }
}
