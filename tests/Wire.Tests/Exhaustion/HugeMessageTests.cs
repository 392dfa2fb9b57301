using System.Buffers.Binary;
using System.Text;
using Npgsql;
using NpgsqlTypes;
using TenantDb.Wire.Hosting;
using TenantDb.Wire.Protocol;
using TenantDb.Wire.Tests.Protocol;

namespace TenantDb.Wire.Tests.Exhaustion;

/// <summary>
/// Oversized and absurd messages: the server refuses a declared length above the cap before reading
/// (or allocating) the body, answers with the right SQLSTATE, closes where the protocol requires, and
/// keeps serving the victim.
/// </summary>
[Collection(ExhaustionCollection.Name)]
public sealed class HugeMessageTests
{
    private static readonly TimeSpan Closed = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Declared_lengths_above_the_cap_are_refused_before_the_body_arrives()
    {
        await using var server = ExhaustionServer.Start(new ServerSettings());
        await using var victim = await VictimLoop.StartAsync(server);
        var max = server.Server.Settings.MaxMessageSize;
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);

        // A Query claiming 2 GB, and one just over the cap: only the 5-byte header is sent. The server
        // must answer at once (it cannot be waiting for the body) with 54000 and close.
        foreach (var length in new[] { int.MaxValue, max + 1 })
        {
            using var s = await server.AuthenticatedSocketAsync();
            var header = new byte[5];
            header[0] = (byte)'Q';
            BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(1), length);
            await s.SendAsync(header, "SELECT"u8.ToArray());
            Assert.Equal("54000", await s.ReadUntilClosedAsync(Closed));
        }

        // A startup packet claiming 2 GB, and a real 1 MiB one (startup packets are at most 10,000 bytes): 08P01, closed.
        using (var s = await AttackerSocket.ConnectAsync(server.Port))
        {
            await s.SendAsync([0x7f, 0xff, 0xff, 0xff, 0, 3, 0, 0]);
            Assert.Equal("08P01", await s.ReadUntilClosedAsync(Closed));
        }
        using (var s = await AttackerSocket.ConnectAsync(server.Port))
        {
            var startup = new byte[1 << 20];
            BinaryPrimitives.WriteInt32BigEndian(startup, startup.Length);
            BinaryPrimitives.WriteInt32BigEndian(startup.AsSpan(4), StartupCode.ProtocolVersion3);
            startup.AsSpan(8).Fill((byte)'a');
            var send = s.SendAsync(startup); // the server may close before taking it all
            Assert.Equal("08P01", await s.ReadUntilClosedAsync(Closed));
            await Assert.ThrowsAnyAsync<Exception>(async () => { await send; await s.SendAsync(startup); });
        }

        // Nothing like the declared 2 GB was allocated anywhere in this process (the bound leaves room
        // for tests of other classes running meanwhile).
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        Assert.True(allocated < 1L << 30, $"{allocated >> 20} MiB allocated while refusing oversized messages");

        await victim.StopAndCheckAsync();
        await server.WaitForQuietAsync(sessions: 1);
    }

    [Fact]
    public async Task A_15_MiB_query_of_garbage_is_an_error_and_the_connection_stays_usable()
    {
        await using var server = ExhaustionServer.Start(new ServerSettings());
        await using var victim = await VictimLoop.StartAsync(server);
        using var s = await server.AuthenticatedSocketAsync();

        var random = new Random(6);
        var garbage = new StringBuilder(15 << 20);
        const string Alphabet = "abcdefghij klmnop'\"();,.*+-/=<>$:\n0123456789";
        while (garbage.Length < 15 << 20) garbage.Append(Alphabet[random.Next(Alphabet.Length)]);
        await s.SendAsync(FrontendEncoder.Query(garbage.ToString()));
        var frames = await s.ReadUntilReadyAsync(timeoutSeconds: 60);
        var error = Assert.Single(frames, f => f.Type == 'E');
        Assert.True(AttackerSocket.ErrorCode(error.Payload) is "42601" or "54000", AttackerSocket.Describe(error));

        // A query text longer than the engine takes (1 MiB) but valid SQL: 54000, not a crash.
        var longSql = "SELECT 1 WHERE 1 IN (" + string.Join(",", Enumerable.Range(0, 300_000)) + ")";
        await s.SendAsync(FrontendEncoder.Query(longSql));
        frames = await s.ReadUntilReadyAsync(timeoutSeconds: 60);
        Assert.Equal("54000", AttackerSocket.ErrorCode(Assert.Single(frames, f => f.Type == 'E').Payload));

        await s.SendAsync(FrontendEncoder.Query("SELECT 'still here'"));
        frames = await s.ReadUntilReadyAsync();
        Assert.Contains(frames, f => f.Type == 'D');
        await victim.StopAndCheckAsync();
    }

    [Fact]
    public async Task A_bind_with_65535_parameters_is_refused_with_an_error()
    {
        await using var server = ExhaustionServer.Start(new ServerSettings());
        await using var victim = await VictimLoop.StartAsync(server);
        using var s = await server.AuthenticatedSocketAsync();

        // 65535 is the most the int16 count can say (PostgreSQL reads it unsigned).
        var values = new byte[]?[65535];
        for (var i = 0; i < values.Length; i++) values[i] = "1"u8.ToArray();
        await s.SendAsync(
            FrontendEncoder.Parse(new ParseMessage("", "SELECT $1", [])),
            FrontendEncoder.Bind(new BindMessage("", "", [], values, [])),
            FrontendEncoder.Execute("", 0),
            FrontendEncoder.Message((byte)'S', _ => { }));
        var frames = await s.ReadUntilReadyAsync();
        Assert.Equal("08P01", AttackerSocket.ErrorCode(Assert.Single(frames, f => f.Type == 'E').Payload));

        // A statement with 65535 placeholders: the engine's parameter limit answers 54000.
        var sql = "SELECT " + string.Join("+", Enumerable.Range(1, 65535).Select(i => $"${i}"));
        await s.SendAsync(
            FrontendEncoder.Parse(new ParseMessage("", sql, [])),
            FrontendEncoder.Bind(new BindMessage("", "", [], values, [])),
            FrontendEncoder.Execute("", 0),
            FrontendEncoder.Message((byte)'S', _ => { }));
        frames = await s.ReadUntilReadyAsync();
        Assert.Equal("54000", AttackerSocket.ErrorCode(Assert.Single(frames, f => f.Type == 'E').Payload));

        await s.SendAsync(FrontendEncoder.Query("SELECT 'still here'"));
        Assert.Contains((await s.ReadUntilReadyAsync()).ToList(), f => f.Type == 'D');
        await victim.StopAndCheckAsync();
    }

    [Fact]
    public async Task Huge_bytea_parameters_stop_at_the_value_and_message_limits()
    {
        await using var server = ExhaustionServer.Start(new ServerSettings());
        await using var victim = await VictimLoop.StartAsync(server);
        await using var attacker = await server.OpenAsync(ExhaustionServer.Attacker);
        await using (var create = new NpgsqlCommand("CREATE TABLE blobs (b BLOB)", attacker))
            await create.ExecuteNonQueryAsync();

        // Just under the 16 MiB message cap: stored and read back whole.
        var big = new byte[(16 << 20) - 1024];
        big.AsSpan().Fill(0x5a);
        await using (var insert = new NpgsqlCommand("INSERT INTO blobs VALUES ($1)", attacker))
        {
            insert.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Bytea, Value = big });
            await insert.ExecuteNonQueryAsync();
        }
        await using (var read = new NpgsqlCommand("SELECT length(b) FROM blobs", attacker))
            Assert.Equal((long)big.Length, Convert.ToInt64(await read.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture));

        // Over the cap: the Bind is refused with 54000 and the connection closed.
        var tooBig = new byte[(16 << 20) + 1];
        await using (var insert = new NpgsqlCommand("INSERT INTO blobs VALUES ($1)", attacker))
        {
            insert.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Bytea, Value = tooBig });
            var ex = await Assert.ThrowsAnyAsync<Exception>(() => insert.ExecuteNonQueryAsync());
            if (ex is PostgresException pg) Assert.Equal("54000", pg.SqlState);
        }
        await victim.StopAndCheckAsync();
        await server.WaitForQuietAsync(sessions: 1);
    }
    [Fact]
    public async Task Prepared_statements_and_portals_per_connection_are_capped()
    {
        await using var server = ExhaustionServer.Start(new ServerSettings());
        await using var victim = await VictimLoop.StartAsync(server);
        var sync = FrontendEncoder.Message((byte)'S', _ => { });

        // One statement more than allowed: the last Parse fails with 54000, the connection stays usable.
        using (var s = await server.AuthenticatedSocketAsync())
        {
            var parses = Enumerable.Range(0, TenantDb.Wire.Server.StatementTable.MaxNamed + 1)
                .Select(i => FrontendEncoder.Parse(new ParseMessage($"s{i}", "SELECT 1", []))).ToList();
            parses.Add(sync);
            await s.SendAsync(parses.SelectMany(m => m).ToArray());
            var frames = await s.ReadUntilReadyAsync();
            Assert.Equal(TenantDb.Wire.Server.StatementTable.MaxNamed, frames.Count(f => f.Type == '1'));
            Assert.Equal("54000", AttackerSocket.ErrorCode(Assert.Single(frames, f => f.Type == 'E').Payload));

            // Closing one makes room again.
            await s.SendAsync(FrontendEncoder.Close((byte)'S', "s0"), FrontendEncoder.Parse(new ParseMessage("again", "SELECT 2", [])), sync);
            frames = await s.ReadUntilReadyAsync();
            Assert.DoesNotContain(frames, f => f.Type == 'E');

            // Portals kept open inside a transaction block are capped the same way.
            var binds = new List<byte[]> { FrontendEncoder.Query("BEGIN") };
            await s.SendAsync(binds.ToArray());
            await s.ReadUntilReadyAsync();
            var portals = Enumerable.Range(0, TenantDb.Wire.Server.PortalTable.MaxNamed + 1)
                .Select(i => FrontendEncoder.Bind(new BindMessage($"p{i}", "s1", [], [], []))).ToList();
            portals.Add(sync);
            await s.SendAsync(portals.SelectMany(m => m).ToArray());
            frames = await s.ReadUntilReadyAsync();
            Assert.Equal(TenantDb.Wire.Server.PortalTable.MaxNamed, frames.Count(f => f.Type == '2'));
            Assert.Equal("54000", AttackerSocket.ErrorCode(Assert.Single(frames, f => f.Type == 'E').Payload));
        }

        // Statements with long SQL: at most 16 Mi characters of kept SQL per connection.
        using (var s = await server.AuthenticatedSocketAsync())
        {
            var literal = "SELECT '" + new string('x', 1_000_000) + "'";
            var parses = Enumerable.Range(0, 17).Select(i => FrontendEncoder.Parse(new ParseMessage($"long{i}", literal, []))).ToList();
            parses.Add(sync);
            foreach (var m in parses) await s.SendAsync(m);
            var frames = await s.ReadUntilReadyAsync(timeoutSeconds: 60);
            Assert.Equal(16, frames.Count(f => f.Type == '1'));
            Assert.Equal("54000", AttackerSocket.ErrorCode(Assert.Single(frames, f => f.Type == 'E').Payload));
        }
        await victim.StopAndCheckAsync();
        await server.WaitForQuietAsync(sessions: 1);
    }
}
