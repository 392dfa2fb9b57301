using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using TenantDb.Engine;
using TenantDb.Wire.Hosting;
using TenantDb.Wire.Server;
using TenantDb.TestKit;

namespace TenantDb.Wire.Tests.EndToEnd;

public sealed class TlsAndTimeoutTests : IDisposable
{
    private readonly TenantDbEngine _engine = TenantDbEngine.OpenInMemory();
    private readonly TempDirectory _dir = new("tenantdb-tls-");

    public TlsAndTimeoutTests()
    {
        _engine.CreateTenant("t");
        _engine.SetPassword("t", "u", "p");
    }

    public void Dispose()
    {
        _engine.Dispose();
        _dir.Dispose();
    }

    private static string Cs(int port, string extra = "") =>
        $"Host=127.0.0.1;Port={port};Database=t;Username=u;Password=p;Pooling=false;Timeout=10;{extra}";

    [Fact]
    public async Task Tls_is_negotiated_when_a_certificate_is_configured()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var certPath = Path.Combine(_dir.Path, "cert.pem");
        var keyPath = Path.Combine(_dir.Path, "key.pem");
        await File.WriteAllTextAsync(certPath, cert.ExportCertificatePem());
        await File.WriteAllTextAsync(keyPath, key.ExportPkcs8PrivateKeyPem());

        var settings = new ServerSettings { Port = 0, TlsCertificatePath = certPath, TlsKeyPath = keyPath };
        await using var server = new PgServer(settings, _engine, NullLoggerFactory.Instance);
        var port = server.Start().Port;
        await using var c = new NpgsqlConnection(Cs(port, "SSL Mode=Require;Trust Server Certificate=true"));
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT 'over tls'", c);
        Assert.Equal("over tls", await cmd.ExecuteScalarAsync());

        // Without a certificate the server declines TLS and a client that insists fails.
        await using var plain = new PgServer(new ServerSettings { Port = 0 }, _engine, NullLoggerFactory.Instance);
        var plainPort = plain.Start().Port;
        await using var insist = new NpgsqlConnection(Cs(plainPort, "SSL Mode=Require;Trust Server Certificate=true"));
        await Assert.ThrowsAnyAsync<Exception>(() => insist.OpenAsync());
    }

    [Fact]
    public async Task Idle_connections_are_closed()
    {
        await using var server = new PgServer(new ServerSettings { Port = 0, IdleTimeout = TimeSpan.FromMilliseconds(300) }, _engine, NullLoggerFactory.Instance);
        var port = server.Start().Port;
        await using var c = new NpgsqlConnection(Cs(port));
        await c.OpenAsync();
        // The client keeps its connection open: only the server's idle timeout can end it.
        await Eventually.TrueAsync(() => server.ConnectionCount == 0, TimeSpan.FromSeconds(20),
            () => $"the idle connection is still open ({server.ConnectionCount} connections)");
        await using var cmd = new NpgsqlCommand("SELECT 1", c);
        await Assert.ThrowsAnyAsync<Exception>(() => cmd.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Shutdown_rolls_back_open_transactions()
    {
        _engine.CreateTenant("s");
        _engine.SetPassword("s", "u", "p");
        var server = new PgServer(new ServerSettings { Port = 0 }, _engine, NullLoggerFactory.Instance);
        var port = server.Start().Port;
        var cs = $"Host=127.0.0.1;Port={port};Database=s;Username=u;Password=p;Pooling=false;Timeout=10";
        await using (var c = new NpgsqlConnection(cs))
        {
            await c.OpenAsync();
            await using var setup = new NpgsqlCommand("CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1)", c);
            await setup.ExecuteNonQueryAsync();
            await using var tx = await c.BeginTransactionAsync();
            await using var write = new NpgsqlCommand("INSERT INTO t VALUES (2)", c, tx);
            await write.ExecuteNonQueryAsync();
            await server.DisposeAsync();
        }
        using var session = _engine.OpenSession("s");
        using var count = session.Prepare("SELECT count(*) FROM t");
        using var r = count.ExecuteReader();
        Assert.True(r.Read());
        Assert.Equal(1, r.GetInt64(0));
    }
}
