using BenchmarkDotNet.Attributes;
using TenantDb.Engine.Values;

namespace TenantDb.Bench.Procedures;

/// <summary>
/// Word frequency over a text column (100,000 rows of 12 words from a 2,003-word vocabulary): SQLite's
/// own SQL (the words split with json_each, then GROUP BY) on the tenant's file as the baseline,
/// examples/wasi/wordfreq.c reading the rows as tsv lines on stdin, and the same work written in C
/// against the tenantdb ABI. Each answers the words counted at least <see cref="Least"/> times, most
/// frequent first.
/// </summary>
[Config(typeof(BenchConfig))]
public class WordFrequencyBenchmarks
{
    private const int Rows = 100_000;
    private const long Least = 600;

    private const string PeerSql = """
        SELECT value AS word, count(*) AS n
        FROM docs, json_each('["' || replace(body, ' ', '","') || '"]')
        GROUP BY value HAVING n >= $least ORDER BY n DESC, word
        """;

    private BenchTenant? _tenant;
    private readonly RowCollector _rows = new();

    [GlobalSetup]
    public void Setup()
    {
        // Twelve words per row, w0 .. w2002, spread unevenly (so the counts differ) by multiplying.
        string words = string.Join(" || ' ' || ", Enumerable.Range(1, 12).Select(k => $"'w' || ((x * {k * 7 + 1}) % {(k % 3 + 1) * 701 - (k % 3 == 2 ? 100 : 0)})"));
        _tenant = new BenchTenant(
            "CREATE TABLE docs(body TEXT)",
            $"WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < {Rows}) INSERT INTO docs SELECT {words} FROM c");
        _tenant.CreateProcedure(
            "CREATE PROCEDURE wordfreq(least int8) RETURNS TABLE(word text, n int8) LANGUAGE wasi STDIN 'SELECT body FROM docs' FORMAT tsv AS $1",
            ClangPrograms.Wasi("examples/wasi/wordfreq.c"));
        _tenant.CreateProcedure(
            "CREATE PROCEDURE wordfreq_abi(least int8) RETURNS TABLE(word text, n int8) AS $1",
            ClangPrograms.Abi("bench/TenantDb.Bench.Procedures/Programs/wordfreq_abi.c"));

        var expected = (Count: SqliteOwnSql(), Top: _rows.First, TopCount: _rows.Second);
        foreach (var (name, count) in new[] { ("WASI", WasiStdin()), ("ABI", AbiChannel()) })
        {
            if (count != expected.Count || !_rows.First.Equals(expected.Top) || !_rows.Second.Equals(expected.TopCount))
                throw new InvalidOperationException($"{name} answers {count} words (first {_rows.First} {_rows.Second}), SQLite {expected.Count} (first {expected.Top} {expected.TopCount})");
        }
        if (expected.Count < 10) throw new InvalidOperationException($"only {expected.Count} words are counted at least {Least} times");
    }

    [GlobalCleanup]
    public void Cleanup() => _tenant?.Dispose();

    [Benchmark(Baseline = true, Description = "SQLite's own SQL (json_each + GROUP BY)")]
    public int SqliteOwnSql()
    {
        using var c = _tenant!.Peer.CreateCommand();
        c.CommandText = PeerSql;
        c.Parameters.AddWithValue("$least", Least);
        using var r = c.ExecuteReader();
        _rows.Reset();
        int count = 0;
        while (r.Read())
        {
            if (count++ == 0)
            {
                _rows.OnFirst(SqlValue.Text(r.GetString(0)), SqlValue.Integer(r.GetInt64(1)));
            }
        }
        return count;
    }

    [Benchmark(Description = "WASI procedure (examples/wasi/wordfreq.c), tsv on stdin")]
    public int WasiStdin() => Call("wordfreq");

    [Benchmark(Description = "ABI procedure (C), rows over its channel")]
    public int AbiChannel() => Call("wordfreq_abi");

    private int Call(string procedure)
    {
        _rows.Reset();
        _tenant!.Session.CallProcedure(procedure, [SqlValue.Integer(Least)], _rows);
        return _rows.Count;
    }
}
