using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;
using TenantDb.Engine;
using TenantDb.Engine.Values;

namespace TenantDb.Bench.Engine;

/// <summary>
/// Prepared point reads and inserts through a tenant session (hardened connection, authorizer,
/// limits) against the same statements on a plain Microsoft.Data.Sqlite connection to an equal table.
/// </summary>
[Config(typeof(BenchConfig))]
public class StatementBenchmarks
{
    private const int Rows = 10_000;
    private TenantDbEngine _engine = null!;
    private TenantSession _session = null!;
    private TenantStatement _select = null!;
    private TenantStatement _insert = null!;
    private SqliteConnection _plain = null!;
    private SqliteCommand _plainSelect = null!;
    private SqliteCommand _plainInsert = null!;
    private long _key;

    [GlobalSetup]
    public void Setup()
    {
        _engine = TenantDbEngine.OpenInMemory();
        _engine.CreateTenant("bench");
        _session = _engine.OpenSession("bench");
        _plain = new SqliteConnection("Data Source=:memory:");
        _plain.Open();
        Execute(_session, _plain, "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL)");
        Execute(_session, _plain, $"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {Rows}) INSERT INTO items SELECT i, 'item ' || i FROM n");
        Execute(_session, _plain, "CREATE TABLE log (v INTEGER)");

        _select = _session.Prepare("SELECT name FROM items WHERE id = ?");
        _insert = _session.Prepare("INSERT INTO log VALUES (?)");
        _plainSelect = _plain.CreateCommand();
        _plainSelect.CommandText = "SELECT name FROM items WHERE id = $id";
        _plainSelect.Parameters.Add("$id", SqliteType.Integer);
        _plainSelect.Prepare();
        _plainInsert = _plain.CreateCommand();
        _plainInsert.CommandText = "INSERT INTO log VALUES ($v)";
        _plainInsert.Parameters.Add("$v", SqliteType.Integer);
        _plainInsert.Prepare();
        _session.Begin();
        using var begin = _plain.CreateCommand();
        begin.CommandText = "BEGIN";
        begin.ExecuteNonQuery();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _session.Rollback();
        _select.Dispose();
        _insert.Dispose();
        _session.Dispose();
        _engine.Dispose();
        _plainSelect.Dispose();
        _plainInsert.Dispose();
        _plain.Dispose();
    }

    [Benchmark(Baseline = true, Description = "SQLite: prepared point SELECT")]
    public int SqlitePointSelect()
    {
        _plainSelect.Parameters[0].Value = NextKey();
        using var reader = _plainSelect.ExecuteReader();
        return reader.Read() ? reader.GetString(0).Length : 0;
    }

    [Benchmark(Description = "TenantDb: prepared point SELECT")]
    public int TenantPointSelect()
    {
        _select.Bind(0, SqlValue.Integer(NextKey()));
        using TenantReader reader = _select.ExecuteReader();
        return reader.Read() ? reader.GetTextUtf8Span(0).Length : 0;
    }

    [Benchmark(Description = "SQLite: prepared INSERT in a transaction")]
    public int SqliteInsert()
    {
        _plainInsert.Parameters[0].Value = NextKey();
        return _plainInsert.ExecuteNonQuery();
    }

    [Benchmark(Description = "TenantDb: prepared INSERT in a transaction")]
    public long TenantInsert()
    {
        _insert.Bind(0, SqlValue.Integer(NextKey()));
        return _insert.ExecuteNonQuery();
    }

    private long NextKey() => _key++ % Rows + 1;

    private static void Execute(TenantSession session, SqliteConnection plain, string sql)
    {
        using (TenantStatement statement = session.Prepare(sql))
        {
            statement.ExecuteNonQuery();
        }

        using var command = plain.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
