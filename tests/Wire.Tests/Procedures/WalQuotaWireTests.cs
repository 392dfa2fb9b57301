using System.Net;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using TenantDb.Engine;
using TenantDb.Wire.Hosting;
using TenantDb.Wire.Server;
using TenantDb.TestKit;

namespace TenantDb.Wire.Tests.Procedures;

/// <summary>
/// Over the wire: one client holds a read snapshot open (SAVEPOINT + SELECT), another rewrites a
/// 1 MB blob in a loop. The write-ahead log counts against the 5 MiB quota, so the writer gets
/// 53100 instead of growing the log without bound, and can write again once the snapshot is gone.
/// </summary>
public sealed class WalQuotaWireTests : IAsyncLifetime
{
    private const long Quota = 5L << 20;
    private const long OneTransaction = (1_000_000 / 4096 + 8) * (4096 + 24);

    private readonly TempDirectory _data = TempDirectory.ForDatabases("tenantdb-wal-");
    private TenantDbEngine? _engine;
    private PgServer? _server;
    private int _port;

    public Task InitializeAsync()
    {
        _engine = TenantDbEngine.Open(_data.Path);
        _engine.CreateTenant("wal");
        _engine.SetPassword("wal", "u", "p");
        _engine.SetQuota("wal", Quota);
        var settings = new ServerSettings { ListenAddress = IPAddress.Loopback, Port = 0, DataDirectory = _data.Path, CreateDemoTenant = false };
        _server = new PgServer(settings, _engine, NullLoggerFactory.Instance);
        _port = _server.Start().Port;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
        _engine?.Dispose();
        _data.Dispose();
    }

    [Fact]
    public void A_reader_pinning_a_snapshot_cannot_make_the_wal_grow_past_the_quota()
    {
        string file = Path.Combine(_data.Path, "tenants", "wal", "tenant.db");
        using var writer = Open();
        using var reader = Open();
        writer.Execute("CREATE TABLE big(id INTEGER PRIMARY KEY, b BLOB)");
        writer.Execute("INSERT INTO big VALUES (1, randomblob(1000000))");
        reader.Execute("SAVEPOINT pin");
        Assert.Equal(1L, reader.ExecuteScalar<long>("SELECT count(*) FROM big"));

        PostgresException? refused = null;
        long largest = 0;
        for (int i = 0; i < 40 && refused is null; i++)
        {
            try
            {
                writer.Execute("UPDATE big SET b = randomblob(1000000) WHERE id = 1");
            }
            catch (PostgresException e)
            {
                refused = e;
            }
            largest = Math.Max(largest, Size(file) + Size(file + "-wal"));
        }

        Assert.NotNull(refused);
        Assert.Equal("53100", refused.SqlState);
        Assert.True(largest <= Quota + OneTransaction, $"database + WAL reached {largest} bytes");

        reader.Execute("RELEASE pin");
        writer.Execute("UPDATE big SET b = randomblob(1000000) WHERE id = 1");
        Assert.True(Size(file + "-wal") <= Quota / 4 + OneTransaction);
    }

    private NpgsqlConnection Open()
    {
        var c = new NpgsqlConnection($"Host=127.0.0.1;Port={_port};Database=wal;Username=u;Password=p;Pooling=false;Timeout=10;Command Timeout=60");
        c.Open();
        return c;
    }

    private static long Size(string path)
    {
        var info = new FileInfo(path);
        return info.Exists ? info.Length : 0;
    }
}
