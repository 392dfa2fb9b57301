using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using TenantDb.Engine;
using TenantDb.Wire.Hosting;
using TenantDb.Wire.Server;
using TenantDb.TestKit;

namespace TenantDb.Wire.Tests.EndToEnd;

public sealed class AuthenticationTests(WireServerFixture server) : IClassFixture<WireServerFixture>
{
    private async Task<string> ConnectError(string connectionString)
    {
        await using var c = new NpgsqlConnection(connectionString);
        var ex = await Assert.ThrowsAsync<PostgresException>(() => c.OpenAsync());
        return ex.SqlState;
    }

    [Fact]
    public async Task Right_password_connects()
    {
        await using var c = new NpgsqlConnection(server.ConnectionString());
        await c.OpenAsync();
        Assert.Equal(System.Data.ConnectionState.Open, c.State);
    }

    [Fact]
    public async Task Wrong_password_is_28P01() =>
        Assert.Equal("28P01", await ConnectError(server.ConnectionString(password: "wrong")));

    [Fact]
    public async Task Unknown_tenant_is_3D000() =>
        Assert.Equal("3D000", await ConnectError(server.ConnectionString(tenant: "no-such-tenant")));

    [Fact]
    public async Task Unknown_user_is_rejected_like_a_wrong_password() =>
        Assert.Equal("28P01", await ConnectError(server.ConnectionString(user: "mallory", password: "x")));

    [Fact]
    public async Task Credentials_of_tenant_A_do_not_open_tenant_B()
    {
        Assert.Equal("28P01", await ConnectError(server.ConnectionString(WireServerFixture.OtherTenant, WireServerFixture.AppUser, WireServerFixture.AppPassword)));
        Assert.Equal("28P01", await ConnectError(server.ConnectionString(WireServerFixture.AppTenant, WireServerFixture.OtherUser, WireServerFixture.OtherPassword)));
    }

    [Fact]
    public async Task Tenants_see_only_their_own_tables()
    {
        var a = server.NewTenant("iso-a");
        var b = server.NewTenant("iso-b");
        await using (var ca = new NpgsqlConnection(server.ConnectionString(a)))
        {
            await ca.OpenAsync();
            await using var cmd = new NpgsqlCommand("CREATE TABLE secret (x TEXT); INSERT INTO secret VALUES ('a-only')", ca);
            await cmd.ExecuteNonQueryAsync();
        }
        await using var cb = new NpgsqlConnection(server.ConnectionString(b));
        await cb.OpenAsync();
        await using var q = new NpgsqlCommand("SELECT * FROM secret", cb);
        Assert.Equal("42P01", (await Assert.ThrowsAsync<PostgresException>(() => q.ExecuteScalarAsync())).SqlState);
    }

    [Fact]
    public async Task Connection_limit_is_53300_and_frees_up()
    {
        using var engine = TenantDbEngine.OpenInMemory();
        engine.CreateTenant("t");
        engine.SetPassword("t", "u", "p");
        await using var limited = new PgServer(new ServerSettings { Port = 0, MaxConnections = 1 }, engine, NullLoggerFactory.Instance);
        var port = limited.Start().Port;
        var cs = $"Host=127.0.0.1;Port={port};Database=t;Username=u;Password=p;Pooling=false;Timeout=10";
        await using (var first = new NpgsqlConnection(cs))
        {
            await first.OpenAsync();
            Assert.Equal("53300", await ConnectError(cs));
        }
        await Eventually.TrueAsync(() => limited.ConnectionCount == 0, TimeSpan.FromSeconds(20),
            () => $"the closed connection still holds its slot ({limited.ConnectionCount} connections)");
        await using var again = new NpgsqlConnection(cs);
        await again.OpenAsync();
    }

    [Fact]
    public async Task Malformed_message_closes_only_that_connection()
    {
        await using var healthy = new NpgsqlConnection(server.ConnectionString());
        await healthy.OpenAsync();
        using (var raw = new TcpClient())
        {
            await raw.ConnectAsync(IPAddress.Loopback, server.Port);
            var stream = raw.GetStream();
            // A startup packet claiming 2 GB.
            await stream.WriteAsync(new byte[] { 0x7f, 0xff, 0xff, 0xff, 0, 3, 0, 0 });
            var buffer = new byte[512];
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            var n = await stream.ReadAsync(buffer, timeout.Token);
            Assert.True(n > 0);
            Assert.Equal((byte)'E', buffer[0]);
            Assert.Contains("08P01", System.Text.Encoding.ASCII.GetString(buffer, 0, n), StringComparison.Ordinal);
            Assert.Equal(0, await stream.ReadAsync(buffer, timeout.Token)); // closed
        }
        await using var cmd = new NpgsqlCommand("SELECT 41 + 1", healthy);
        Assert.Equal(42L, Convert.ToInt64(await cmd.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture));
    }
}
