using BenchmarkDotNet.Attributes;
using TenantDb.Engine.Procedures;

namespace TenantDb.Bench.Procedures;

/// <summary>
/// Summing one column of 1M rows: SQLite's own SELECT sum(...) on the tenant's file (the baseline),
/// a C# loop over Microsoft.Data.Sqlite on the same file, a procedure summing the column streamed
/// over its channel in the tenantdb ABI, and an unmodified C program summing the lines of its stdin
/// (a WASI procedure). Same data, same machine, same run.
/// </summary>
[Config(typeof(BenchConfig))]
public class StreamingBenchmarks
{
    private const int Rows = 1_000_000;

    private BenchTenant? _tenant;
    private readonly RowCollector _rows = new();

    [GlobalSetup]
    public void Setup()
    {
        _tenant = new BenchTenant(
            "CREATE TABLE orders(customer TEXT, amount REAL)",
            $"WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < {Rows}) INSERT INTO orders SELECT 'customer-' || (x % 100), x * 0.5 FROM c");
        _tenant.Session.CreateProcedure("sum_amounts", [], [new("total", ProcedureType.Float8), new("n", ProcedureType.Int8)], System.Text.Encoding.UTF8.GetBytes(Modules.SumAmounts));
        _tenant.CreateProcedure(
            "CREATE PROCEDURE sum_stdin() RETURNS TABLE(total float8, n int8) LANGUAGE wasi STDIN 'SELECT amount FROM orders' FORMAT tsv AS $1",
            ClangPrograms.Wasi("bench/TenantDb.Bench.Procedures/Programs/sum_stdin.c"));

        double expected = SqliteOwnSum();
        foreach (var (name, sum) in new[] { ("C# loop", CSharpLoop()), ("TenantReader loop", TenantReaderLoop()), ("ABI procedure", ProcedureSum()), ("WASI procedure", WasiStdinSum()) })
        {
            if (Math.Abs(sum - expected) > 1e-9 * Math.Abs(expected)) throw new InvalidOperationException($"{name} sums to {sum}, SQLite to {expected}");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _tenant?.Dispose();

    [Benchmark(Baseline = true, Description = "SQLite's own SELECT sum(amount)")]
    public double SqliteOwnSum()
    {
        using var c = _tenant!.Peer.CreateCommand();
        c.CommandText = "SELECT sum(amount) FROM orders";
        return (double)c.ExecuteScalar()!;
    }

    [Benchmark(Description = "C# loop over Microsoft.Data.Sqlite")]
    public double CSharpLoop()
    {
        using var c = _tenant!.Peer.CreateCommand();
        c.CommandText = "SELECT amount FROM orders";
        using var r = c.ExecuteReader();
        double total = 0;
        while (r.Read()) total += r.GetDouble(0);
        return total;
    }

    /// <summary>The engine's own reader in a C# loop (the CPU report's reference for a row-at-a-time reader).</summary>
    public double TenantReaderLoop()
    {
        using var s = _tenant!.Session.Prepare("SELECT amount FROM orders");
        using var r = s.ExecuteReader();
        double total = 0;
        while (r.Read()) total += r.GetDouble(0);
        return total;
    }

    [Benchmark(Description = "ABI procedure, rows streamed over its channel")]
    public double ProcedureSum() => Call("sum_amounts");

    [Benchmark(Description = "WASI procedure (C), tsv lines on stdin")]
    public double WasiStdinSum() => Call("sum_stdin");

    private double Call(string procedure)
    {
        _rows.Reset();
        _tenant!.Session.CallProcedure(procedure, [], _rows);
        if (_rows.Count != 1 || _rows.Second.AsInteger != Rows) throw new InvalidOperationException($"{procedure} did not read every row");
        return _rows.First.AsReal;
    }
}
