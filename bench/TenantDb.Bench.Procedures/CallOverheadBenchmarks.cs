using System.Net;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using TenantDb.Engine;
using TenantDb.Wire.Hosting;
using TenantDb.Wire.Server;

namespace TenantDb.Bench.Procedures;

/// <summary>
/// A CALL of a procedure doing one point select, against the same select sent as plain SQL, both
/// over the wire with Npgsql to a server on 127.0.0.1 in this process. Goal: CALL within 10%.
/// </summary>
[Config(typeof(BenchConfig))]
public class CallOverheadBenchmarks
{
    private string _dir = "";
    private TenantDbEngine? _engine;
    private PgServer? _server;
    private NpgsqlConnection? _connection;
    private NpgsqlCommand? _plain;
    private NpgsqlCommand? _call;
    private long _key;

    [GlobalSetup]
    public void Setup()
    {
        _dir = Directory.CreateTempSubdirectory("tenantdb-bench-").FullName;
        _engine = TenantDbEngine.Open(_dir);
        _engine.CreateTenant("bench");
        _engine.SetPassword("bench", "bench", "bench");
        using (var session = _engine.OpenSession("bench"))
        {
            foreach (var sql in new[]
            {
                "CREATE TABLE kv(k INTEGER PRIMARY KEY, v TEXT)",
                "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 10000) INSERT INTO kv SELECT x, 'value-' || x FROM c",
            })
            {
                using var s = session.Prepare(sql);
                s.ExecuteNonQuery();
            }
            session.CreateProcedure("get_kv", [new("k", Engine.Procedures.ProcedureType.Int8)], [new("v", Engine.Procedures.ProcedureType.Text)],
                System.Text.Encoding.UTF8.GetBytes(Modules.GetKv));
        }
        var settings = new ServerSettings { ListenAddress = IPAddress.Loopback, Port = 0, DataDirectory = _dir, CreateDemoTenant = false };
        _server = new PgServer(settings, _engine, NullLoggerFactory.Instance);
        int port = _server.Start().Port;
        _connection = new NpgsqlConnection($"Host=127.0.0.1;Port={port};Database=bench;Username=bench;Password=bench;Pooling=false");
        _connection.Open();
        _plain = new NpgsqlCommand("SELECT v FROM kv WHERE k = $1", _connection) { Parameters = { new() { Value = 1L } } };
        _call = new NpgsqlCommand("CALL get_kv($1)", _connection) { Parameters = { new() { Value = 1L } } };
        if ((string?)_call.ExecuteScalar() != "value-1") throw new InvalidOperationException("get_kv does not work");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _connection?.Dispose();
        _server?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _engine?.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private long NextKey() => _key = _key % 10000 + 1;

    [Benchmark(Baseline = true, Description = "plain SQL point select")]
    public object? PlainSelect()
    {
        _plain!.Parameters[0].Value = NextKey();
        return _plain.ExecuteScalar();
    }

    [Benchmark(Description = "CALL of a procedure doing the same select")]
    public object? CallProcedure()
    {
        _call!.Parameters[0].Value = NextKey();
        return _call.ExecuteScalar();
    }
}
