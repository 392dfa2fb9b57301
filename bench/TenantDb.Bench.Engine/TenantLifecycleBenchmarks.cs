using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;
using TenantDb.Engine;

namespace TenantDb.Bench.Engine;

/// <summary>
/// Creating and dropping a tenant (a hardened database with the reserved tables) against the least a
/// plain SQLite user does for a new database: open it and create one table. In memory and on disk.
/// </summary>
[Config(typeof(BenchConfig))]
public class TenantLifecycleBenchmarks
{
    private TenantDbEngine _memory = null!;
    private TenantDbEngine _files = null!;
    private string _directory = null!;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _directory = Path.Combine(Path.GetTempPath(), "tenantdb-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
        _memory = TenantDbEngine.OpenInMemory();
        _files = TenantDbEngine.Open(Path.Combine(_directory, "engine"));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _memory.Dispose();
        _files.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(Baseline = true, Description = "SQLite: open :memory: + CREATE TABLE + close")]
    public void SqliteInMemoryDatabase()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)";
        command.ExecuteNonQuery();
    }

    [Benchmark(Description = "TenantDb: in-memory tenant create + drop")]
    public void TenantInMemory()
    {
        string name = "m" + _next++;
        _memory.CreateTenant(name);
        _memory.DropTenant(name);
    }

    [Benchmark(Description = "SQLite: new WAL file + CREATE TABLE + close + delete")]
    public void SqliteFileDatabase()
    {
        string path = Path.Combine(_directory, "plain" + _next++ + ".db");
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA journal_mode=WAL; CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)";
            command.ExecuteNonQuery();
        }

        File.Delete(path);
        File.Delete(path + "-wal");
        File.Delete(path + "-shm");
    }

    [Benchmark(Description = "TenantDb: file tenant create + drop")]
    public void TenantFile()
    {
        string name = "f" + _next++;
        _files.CreateTenant(name);
        _files.DropTenant(name);
    }
}
