using System.Buffers.Binary;
using TenantDb.Wire.Protocol;
using TenantDb.Wire.Tests.Protocol;

namespace TenantDb.Wire.Tests.EndToEnd;

/// <summary>Message-level checks of the extended query protocol that drivers do not expose directly.</summary>
public sealed class ExtendedProtocolTests(WireServerFixture server) : IClassFixture<WireServerFixture>
{
    private static readonly byte[] Sync = FrontendEncoder.Message((byte)'S', _ => { });

    private Task<RawPgClient> Connect(string tenant) =>
        RawPgClient.ConnectAsync(server.Port, tenant, WireServerFixture.AppUser, WireServerFixture.AppPassword);

    [Fact]
    public async Task Row_limits_suspend_and_resume_the_portal()
    {
        using var c = await Connect(WireServerFixture.AppTenant);
        await c.SendAsync(
            FrontendEncoder.Parse(new ParseMessage("s1", "WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < 5) SELECT i FROM r", [])),
            FrontendEncoder.Bind(new BindMessage("p1", "s1", [], [], [1])),
            FrontendEncoder.Describe((byte)'P', "p1"),
            FrontendEncoder.Execute("p1", 2),
            FrontendEncoder.Execute("p1", 2),
            FrontendEncoder.Execute("p1", 2),
            Sync);
        var frames = await c.ReadUntilReadyAsync();
        Assert.Equal("12TDDsDDsDCZ", RawPgClient.Types(frames));
        // The CTE's column is typed from SELECT 1: integer, four bytes in binary.
        var values = frames.Where(f => f.Type == 'D').Select(f => BinaryPrimitives.ReadInt32BigEndian(f.Payload.AsSpan(6))).ToArray();
        Assert.Equal([1, 2, 3, 4, 5], values);
        Assert.Equal("SELECT 5", RawPgClient.Text(frames[^2].Payload));
        Assert.Equal((byte)'I', frames[^1].Payload[0]);
    }

    [Fact]
    public async Task An_error_skips_to_sync_and_the_session_recovers()
    {
        using var c = await Connect(WireServerFixture.AppTenant);
        await c.SendAsync(
            FrontendEncoder.Parse(new ParseMessage("", "SELECT * FROM no_such_table", [])),
            FrontendEncoder.Bind(new BindMessage("", "", [], [], [])),
            FrontendEncoder.Execute("", 0),
            Sync,
            FrontendEncoder.Parse(new ParseMessage("", "SELECT $1 || '!'", [25])),
            FrontendEncoder.Describe((byte)'S', ""),
            FrontendEncoder.Bind(new BindMessage("", "", [0], [[(byte)'h', (byte)'i']], [0])),
            FrontendEncoder.Execute("", 0),
            Sync);
        var first = await c.ReadUntilReadyAsync();
        Assert.Equal("EZ", RawPgClient.Types(first));
        Assert.Contains("42P01", RawPgClient.Text(first[0].Payload), StringComparison.Ordinal);
        var second = await c.ReadUntilReadyAsync();
        Assert.Equal("1tT2DCZ", RawPgClient.Types(second));
        Assert.Equal(25, BinaryPrimitives.ReadInt32BigEndian(second[1].Payload.AsSpan(2))); // ParameterDescription: text
        var row = second[4].Payload;
        Assert.Equal("hi!", System.Text.Encoding.UTF8.GetString(row, 6, BinaryPrimitives.ReadInt32BigEndian(row.AsSpan(2))));
    }

    [Fact]
    public async Task Transaction_status_follows_begin_failure_and_rollback()
    {
        var tenant = server.NewTenant("status");
        using var c = await Connect(tenant);
        async Task<char> Status(string sql)
        {
            await c.SendAsync(FrontendEncoder.Query(sql));
            var frames = await c.ReadUntilReadyAsync();
            return (char)frames[^1].Payload[0];
        }
        Assert.Equal('I', await Status("CREATE TABLE t (x INTEGER PRIMARY KEY)"));
        Assert.Equal('T', await Status("BEGIN TRANSACTION ISOLATION LEVEL SERIALIZABLE"));
        Assert.Equal('T', await Status("INSERT INTO t VALUES (1)"));
        Assert.Equal('E', await Status("INSERT INTO t VALUES (1)"));
        Assert.Equal('E', await Status("SELECT 1"));
        Assert.Equal('I', await Status("ROLLBACK"));
        Assert.Equal('I', await Status("START TRANSACTION; INSERT INTO t VALUES (2); COMMIT"));
        await c.SendAsync(FrontendEncoder.Query("SELECT count(*) FROM t"));
        var rows = await c.ReadUntilReadyAsync();
        Assert.Equal("1", System.Text.Encoding.UTF8.GetString(rows[1].Payload, 6, 1));
    }

    [Fact]
    public async Task Named_statements_survive_until_closed()
    {
        using var c = await Connect(WireServerFixture.AppTenant);
        await c.SendAsync(FrontendEncoder.Parse(new ParseMessage("keep", "SELECT $2 - $1", [20, 20])), Sync);
        Assert.Equal("1Z", RawPgClient.Types(await c.ReadUntilReadyAsync()));
        for (var i = 0; i < 3; i++)
        {
            await c.SendAsync(
                FrontendEncoder.Bind(new BindMessage("", "keep", [0], [[(byte)'1'], [(byte)'5']], [0])),
                FrontendEncoder.Execute("", 0),
                Sync);
            var frames = await c.ReadUntilReadyAsync();
            Assert.Equal("2DCZ", RawPgClient.Types(frames));
            Assert.Equal("4", System.Text.Encoding.UTF8.GetString(frames[1].Payload, 6, 1));
        }
        await c.SendAsync(FrontendEncoder.Close((byte)'S', "keep"), FrontendEncoder.Bind(new BindMessage("", "keep", [], [], [])), Sync);
        var closed = await c.ReadUntilReadyAsync();
        Assert.Equal("3EZ", RawPgClient.Types(closed));
        Assert.Contains("26000", RawPgClient.Text(closed[1].Payload), StringComparison.Ordinal);
    }
}
