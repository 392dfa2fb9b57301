using System.Text;
using Npgsql;
using TenantDb.Engine;
using TenantDb.Wire.Hosting;
using TenantDb.Wire.Tests.Protocol;
using Xunit.Abstractions;
using TenantDb.TestKit;

namespace TenantDb.Wire.Tests.Exhaustion;

/// <summary>
/// One SELECT of many large values: the row would be hundreds of MB on the wire. The server's row cap
/// (<see cref="ServerSettings.MaxRowSize"/>) ends it with 54000 naming the setting, the connection's
/// output buffer never passes the cap plus its slack, rows under the cap still stream, and the
/// statement timeout still ends an endless result of large rows.
/// </summary>
[Collection(ExhaustionCollection.Name)]
public sealed class HugeRowTests(ITestOutputHelper output)
{
    private const int RowCap = 8 << 20;
    private const long BufferBound = RowCap + (1 << 20);

    private static string ManyBlobs(int columns, int bytes) =>
        "SELECT " + string.Join(", ", Enumerable.Range(0, columns).Select(i => $"randomblob({bytes}) AS b{i}"));

    [Fact]
    public async Task A_select_of_many_large_values_fails_with_54000_at_the_row_cap_and_the_buffer_stays_bounded()
    {
        await using var server = ExhaustionServer.Start(new ServerSettings { MaxRowSize = RowCap });
        await using var victim = await VictimLoop.StartAsync(server);
        await using var attacker = await server.OpenAsync(ExhaustionServer.Attacker);

        // 45 columns of 1 MB: a 45 MB row in binary, 90 MB in text (the finding used 16 MB values).
        await using (var cmd = new NpgsqlCommand(ManyBlobs(45, 1_000_000), attacker))
        {
            var ex = await Assert.ThrowsAsync<PostgresException>(async () =>
            {
                await using var reader = await cmd.ExecuteReaderAsync();
                while (await reader.ReadAsync()) { }
            });
            Assert.Equal("54000", ex.SqlState);
            Assert.Contains("max_row_size", ex.MessageText, StringComparison.Ordinal);
        }
        var peak = server.Server.LargestPeakOutputBuffer();
        output.WriteLine($"peak output buffer after the attack: {peak:N0} bytes (bound {BufferBound:N0})");
        Assert.InRange(peak, 0, BufferBound);

        // The connection is usable, and a row under the cap (3 x 2 MB in binary) is sent whole.
        await using (var cmd = new NpgsqlCommand(ManyBlobs(3, 2_000_000), attacker))
        await using (var reader = await cmd.ExecuteReaderAsync())
        {
            Assert.True(await reader.ReadAsync());
            for (var i = 0; i < 3; i++) Assert.Equal(2_000_000, ((byte[])reader.GetValue(i)).Length);
        }

        // Simple protocol, text format: the same values as hex are twice as long, so over the cap.
        using (var raw = await server.AuthenticatedSocketAsync())
        {
            await raw.SendAsync(FrontendEncoder.Query(ManyBlobs(3, 2_000_000)));
            var (rows, error) = await raw.DrainUntilReadyAsync(TimeSpan.FromSeconds(60));
            Assert.Equal(0, rows);
            Assert.Equal("54000", error);
            await raw.SendAsync(FrontendEncoder.Query("SELECT 1"));
            Assert.Equal(1, (await raw.DrainUntilReadyAsync(TimeSpan.FromSeconds(30))).Rows);
        }
        Assert.InRange(server.Server.LargestPeakOutputBuffer(), 0, BufferBound);
        await victim.StopAndCheckAsync();
    }

    [Fact]
    public async Task The_statement_timeout_still_ends_an_endless_result_of_large_rows()
    {
        var engine = TenantDbEngine.OpenInMemory(new EngineOptions { StatementTimeout = TimeSpan.FromSeconds(2) });
        await using var server = ExhaustionServer.Start(new ServerSettings { MaxRowSize = RowCap }, engine);
        using var raw = await server.AuthenticatedSocketAsync();
        // Each row is 2 MB of hex, under the cap; there is no end but the deadline.
        await raw.SendAsync(FrontendEncoder.Query("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x, randomblob(1000000) FROM c"));
        var (rows, error) = await raw.DrainUntilReadyAsync(TimeSpan.FromSeconds(120));
        output.WriteLine($"{rows:N0} rows of 2 MB before the 2 s statement timeout");
        Assert.Equal("57014", error);
        Assert.True(rows > 0);
        Assert.InRange(server.Server.LargestPeakOutputBuffer(), 0, BufferBound);
    }

    /// <summary>A procedure emitting one row of one zero-filled blob of <paramref name="bytes"/> bytes.</summary>
    private static string EmitOneBlob(int bytes) => $$"""
        (module
          {{ProcedureImports.Emit}}
          (memory (export "memory") {{(bytes + 64) / 65536 + 1}})
          (func (export "run") (result i32)
            (i32.store (i32.const 0) (i32.const {{bytes + 7}}))
            (i32.store16 (i32.const 4) (i32.const 1))
            (i32.store8 (i32.const 6) (i32.const 4))
            (i32.store (i32.const 7) (i32.const {{bytes}}))
            (drop (call $emit (i32.const 0) (i32.const {{bytes + 11}})))
            (i32.const 0)))
        """;

    [Fact]
    public async Task A_procedure_row_over_the_cap_fails_the_call_with_54000()
    {
        await using var server = ExhaustionServer.Start(new ServerSettings { MaxRowSize = RowCap });
        await using var attacker = await server.OpenAsync(ExhaustionServer.Attacker);
        await using (var create = new NpgsqlCommand("CREATE PROCEDURE small() RETURNS TABLE(b bytea) AS '" + EmitOneBlob(4 << 20) + "'", attacker))
            await create.ExecuteNonQueryAsync();
        await using (var create = new NpgsqlCommand("CREATE PROCEDURE big() RETURNS TABLE(b bytea) AS '" + EmitOneBlob(9 << 20) + "'", attacker))
            await create.ExecuteNonQueryAsync();
        await using (var call = new NpgsqlCommand("CALL small()", attacker))
            Assert.Equal(4 << 20, ((byte[])(await call.ExecuteScalarAsync())!).Length);
        await using (var call = new NpgsqlCommand("CALL big()", attacker))
        {
            var ex = await Assert.ThrowsAsync<PostgresException>(() => call.ExecuteScalarAsync());
            Assert.Equal("54000", ex.SqlState);
            Assert.Contains("max_row_size", ex.MessageText, StringComparison.Ordinal);
        }
        await using (var after = new NpgsqlCommand("SELECT 'usable'", attacker)) Assert.Equal("usable", await after.ExecuteScalarAsync());
        Assert.InRange(server.Server.LargestPeakOutputBuffer(), 0, BufferBound);
    }

    [Fact]
    public async Task A_long_text_value_is_measured_exactly_against_the_cap()
    {
        // A 3 Mi-character text of 3-byte characters is 9 MiB of UTF-8: over an 8 MiB cap; 2 Mi of
        // them (6 MiB) fit. The writer must not refuse the second for the worst case it reserves.
        await using var server = ExhaustionServer.Start(new ServerSettings { MaxRowSize = RowCap });
        await using var attacker = await server.OpenAsync(ExhaustionServer.Attacker);
        await using (var create = new NpgsqlCommand("CREATE TABLE t(v TEXT)", attacker)) await create.ExecuteNonQueryAsync();
        await using (var insert = new NpgsqlCommand("INSERT INTO t VALUES ($1), ($2)", attacker))
        {
            insert.Parameters.AddWithValue(new string('\u20ac', 2 << 20));
            insert.Parameters.AddWithValue(new string('\u20ac', 3 << 20));
            await insert.ExecuteNonQueryAsync();
        }
        await using (var fits = new NpgsqlCommand("SELECT v FROM t WHERE length(v) = 2097152", attacker))
            Assert.Equal(2 << 20, ((string)(await fits.ExecuteScalarAsync())!).Length);
        // The same bytes as a blob.
        await using (var converted = new NpgsqlCommand("SELECT CAST(v AS BLOB) FROM t WHERE length(v) = 2097152", attacker))
            Assert.Equal(Encoding.UTF8.GetByteCount(new string('\u20ac', 2 << 20)), ((byte[])(await converted.ExecuteScalarAsync())!).Length);
        await using var over = new NpgsqlCommand("SELECT v FROM t WHERE length(v) = 3145728", attacker);
        var ex = await Assert.ThrowsAsync<PostgresException>(() => over.ExecuteScalarAsync());
        Assert.Equal("54000", ex.SqlState);
    }
}
