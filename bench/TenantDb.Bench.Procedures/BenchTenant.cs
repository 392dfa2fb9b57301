using Microsoft.Data.Sqlite;
using TenantDb.Engine;
using TenantDb.Engine.Procedures;
using TenantDb.Engine.Values;

namespace TenantDb.Bench.Procedures;

/// <summary>
/// A tenant in a temporary data directory, with limits generous enough for the largest benchmark
/// call on a loaded machine, and a plain Microsoft.Data.Sqlite connection reading the tenant's own
/// database file (the "SQLite's own SQL" peer runs on the same file as the procedures).
/// </summary>
internal sealed class BenchTenant : IDisposable
{
    private readonly string _dir;

    public BenchTenant(params string[] setupSql)
    {
        _dir = Directory.CreateTempSubdirectory("tenantdb-bench-").FullName;
        Engine = TenantDbEngine.Open(_dir, new EngineOptions
        {
            StatementTimeout = TimeSpan.FromMinutes(5),
            ProcedureLimits = new ProcedureLimits { Fuel = 1_000_000_000_000, Timeout = TimeSpan.FromMinutes(5) },
        });
        Engine.CreateTenant("bench");
        Session = Engine.OpenSession("bench");
        foreach (var sql in setupSql) Execute(sql);
        string file = Directory.GetFiles(_dir, "tenant.db", SearchOption.AllDirectories).Single();
        Peer = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        Peer.Open();
    }

    public TenantDbEngine Engine { get; }

    public TenantSession Session { get; }

    public SqliteConnection Peer { get; }

    public void Execute(string sql)
    {
        using var s = Session.Prepare(sql);
        s.ExecuteNonQuery();
    }

    /// <summary>Runs a CREATE PROCEDURE statement whose module is its parameter $1.</summary>
    public void CreateProcedure(string sql, byte[] module)
    {
        if (!ProcedureStatement.TryParse(sql, out var statement)) throw new InvalidOperationException("not a procedure statement: " + sql);
        Session.ExecuteProcedureStatement(statement!, null, [SqlValue.Blob(module)], new RowCollector());
    }

    public void Dispose()
    {
        Peer.Dispose();
        Session.Dispose();
        Engine.Dispose();
        Directory.Delete(_dir, recursive: true);
    }
}
