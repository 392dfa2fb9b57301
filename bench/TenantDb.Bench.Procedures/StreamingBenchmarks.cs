using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;
using TenantDb.Engine;
using TenantDb.Engine.Procedures;

namespace TenantDb.Bench.Procedures;

/// <summary>
/// Rows per second streamed into a procedure summing a column, against the same sum read by a C#
/// loop over Microsoft.Data.Sqlite and against SQLite's own SELECT sum(...). Same data, same machine,
/// same run. Goal: the procedure within 1.3x of SQLite's own sum.
/// </summary>
[Config(typeof(BenchConfig))]
public class StreamingBenchmarks
{
    private const int Rows = 1_000_000;

    private string _dir = "";
    private TenantDbEngine? _engine;
    private TenantSession? _session;
    private SqliteConnection? _sqlite;
    private readonly ResultSink _sink = new();

    private sealed class ResultSink : IProcedureRowSink
    {
        public double Total;

        public void OnRow(ProcedureRow row) => Total = row.GetDouble(0);
    }

    [GlobalSetup]
    public void Setup()
    {
        _dir = Directory.CreateTempSubdirectory("tenantdb-bench-").FullName;
        string fill = $"WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < {Rows}) INSERT INTO orders SELECT 'customer-' || (x % 100), x * 0.5 FROM c";
        _engine = TenantDbEngine.Open(_dir, new EngineOptions { StatementTimeout = TimeSpan.FromMinutes(5) });
        _engine.CreateTenant("bench");
        _session = _engine.OpenSession("bench");
        foreach (var sql in new[] { "CREATE TABLE orders(customer TEXT, amount REAL)", fill })
        {
            using var s = _session.Prepare(sql);
            s.ExecuteNonQuery();
        }
        _session.CreateProcedure("sum_amounts", [], [new("total", ProcedureType.Float8), new("n", ProcedureType.Int8)], System.Text.Encoding.UTF8.GetBytes(Modules.SumAmounts));

        // The peers read an identical table in their own file with plain Microsoft.Data.Sqlite.
        _sqlite = new SqliteConnection($"Data Source={Path.Combine(_dir, "peer.db")}");
        _sqlite.Open();
        using (var c = _sqlite.CreateCommand())
        {
            c.CommandText = "PRAGMA journal_mode=WAL; CREATE TABLE orders(customer TEXT, amount REAL); " + fill;
            c.ExecuteNonQuery();
        }
        if (Math.Abs(ProcedureSum() - SqliteOwnSum()) > 1e-6) throw new InvalidOperationException("the sums differ");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _sqlite?.Dispose();
        _session?.Dispose();
        _engine?.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Benchmark(Baseline = true, Description = "SQLite's own SELECT sum(amount)")]
    public double SqliteOwnSum()
    {
        using var c = _sqlite!.CreateCommand();
        c.CommandText = "SELECT sum(amount) FROM orders";
        return (double)c.ExecuteScalar()!;
    }

    [Benchmark(Description = "C# loop over Microsoft.Data.Sqlite")]
    public double CSharpLoop()
    {
        using var c = _sqlite!.CreateCommand();
        c.CommandText = "SELECT amount FROM orders";
        using var r = c.ExecuteReader();
        double total = 0;
        while (r.Read()) total += r.GetDouble(0);
        return total;
    }

    [Benchmark(Description = "procedure summing rows streamed over its channel")]
    public double ProcedureSum()
    {
        _session!.CallProcedure("sum_amounts", [], _sink);
        return _sink.Total;
    }
}
