using System.Text;
using TenantDb.Wire.Server.Cursors;
using TenantDb.Wire.Tests.EndToEnd;

namespace TenantDb.Wire.Tests.Cursors;

/// <summary>
/// Cursors against a hostile tenant: a cursor reaches no table a plain SELECT cannot, names are read
/// as PostgreSQL reads identifiers whatever their quoting, and the number of cursors and the bytes of
/// rows they keep are bounded (54000).
/// </summary>
public sealed class CursorAttackTests(WireServerFixture server) : IClassFixture<WireServerFixture>
{
    private Task<SimpleQueryClient> ConnectAsync(string prefix) => SimpleQueryClient.ConnectAsync(server, server.NewTenant(prefix));

    [Theory]
    [InlineData("SELECT * FROM _tenantdb_sequences")]
    [InlineData("SELECT * FROM main._tenantdb_procedures")]
    [InlineData("SELECT module FROM _tenantdb_procedures")]
    [InlineData("WITH p AS (SELECT * FROM _tenantdb_procedures) SELECT count(*) FROM p")]
    [InlineData("SELECT x FROM t WHERE x IN (SELECT name FROM _tenantdb_sequences)")]
    [InlineData("SELECT * FROM \"_tenantdb_procedures\"")]
    [InlineData("SELECT name FROM \"_tenantdb_sequences\"")]
    [InlineData("SELECT * FROM _tenantdb_procedures")]
    public async Task A_cursor_is_refused_what_a_plain_select_is_refused(string query)
    {
        using var c = await ConnectAsync("cursor-attack-reserved");
        await c.OkAsync("CREATE TABLE t (x text); CREATE SEQUENCE s");
        var plain = await c.QueryAsync(query);
        Assert.True(plain.ErrorCode is not null, $"{query} answered {plain.Rows.Count} rows: {string.Join(" | ", plain.Rows.Select(r => string.Join(",", r)))}");
        foreach (var declare in new[] { $"DECLARE c CURSOR FOR {query}", $"DECLARE c SCROLL CURSOR WITH HOLD FOR {query}" })
        {
            await c.OkAsync("BEGIN");
            var answer = await c.QueryAsync(declare);
            Assert.True(answer.ErrorCode == plain.ErrorCode, $"{declare}: {answer.ErrorCode} {answer.ErrorMessage}; the plain SELECT gave {plain.ErrorCode}");
            Assert.Empty(answer.Rows);
            await c.OkAsync("ROLLBACK");
        }
        // Nor outside a block, where WITH HOLD materialises at once.
        var held = await c.QueryAsync($"DECLARE h CURSOR WITH HOLD FOR {query}");
        Assert.Equal(plain.ErrorCode, held.ErrorCode);
        Assert.Equal("34000", (await c.QueryAsync("FETCH ALL FROM h")).ErrorCode);
    }

    [Fact]
    public async Task Data_modifying_queries_cannot_be_cursors()
    {
        using var c = await ConnectAsync("cursor-attack-write");
        await c.OkAsync("CREATE TABLE t (x int); INSERT INTO t VALUES (1)");
        await c.OkAsync("BEGIN");
        Assert.Equal("42601", (await c.QueryAsync("DECLARE c CURSOR FOR DELETE FROM t RETURNING x")).ErrorCode);
        await c.OkAsync("ROLLBACK");
        await c.OkAsync("BEGIN");
        // PostgreSQL refuses this with 0A000; SQLite cannot parse DML in WITH at all.
        Assert.NotNull((await c.QueryAsync("DECLARE c CURSOR FOR WITH d AS (DELETE FROM t RETURNING x) SELECT * FROM d")).ErrorCode);
        await c.OkAsync("ROLLBACK");
        await c.OkAsync("CREATE SEQUENCE s");
        await c.OkAsync("BEGIN");
        Assert.Equal("0A000", (await c.QueryAsync("DECLARE c CURSOR FOR SELECT nextval('s') FROM t")).ErrorCode);
        await c.OkAsync("ROLLBACK");
        Assert.Equal(["1"], (await c.OkAsync("SELECT count(*) FROM t")).FirstColumn);
    }

    [Fact]
    public async Task Names_are_read_as_postgresql_reads_identifiers()
    {
        using var c = await ConnectAsync("cursor-attack-names");
        await c.OkAsync("BEGIN");
        string[] odd = ["\"a\"\"b\"", "\"with space\"", "\"Ünï😀\"", "\"; DROP TABLE x; --\"", "\"FROM\"", "\"all\"", "next"];
        foreach (var name in odd)
        {
            await c.OkAsync($"DECLARE {name} SCROLL CURSOR FOR SELECT '{name.Replace("'", "''", StringComparison.Ordinal)}' AS n");
            Assert.Equal([name], (await c.OkAsync($"FETCH FIRST FROM {name}")).FirstColumn);
        }
        // Unquoted names fold to lower case; quoted ones keep their case.
        await c.OkAsync("DECLARE MiXeD CURSOR FOR SELECT 1");
        Assert.Equal(["FETCH 1"], (await c.OkAsync("FETCH mixed")).Tags);
        Assert.Equal("34000", (await c.QueryAsync("FETCH \"MiXeD\"")).ErrorCode);
        await c.OkAsync("ROLLBACK");
        await c.OkAsync("BEGIN");
        // Names longer than 63 bytes are truncated, so two that differ only after that collide.
        var stem = new string('k', CursorCommandParser.MaxNameBytes);
        await c.OkAsync($"DECLARE {stem}a CURSOR FOR SELECT 1");
        Assert.Equal("42P03", (await c.QueryAsync($"DECLARE {stem}b CURSOR FOR SELECT 1")).ErrorCode);
        await c.OkAsync("ROLLBACK");
        await c.OkAsync("BEGIN");
        Assert.Equal("42601", (await c.QueryAsync("DECLARE \"\" CURSOR FOR SELECT 1")).ErrorCode);
        await c.OkAsync("ROLLBACK");
        foreach (var bad in new[] { "FETCH", "FETCH 1 FROM", "FETCH ABSOLUTE FROM c", "FETCH 1.5 FROM c", "FETCH 'c'", "MOVE FORWARD ALL ALL c", "CLOSE", "CLOSE a b", "DECLARE c CURSOR", "DECLARE c CURSOR FOR" })
            Assert.Equal("42601", (await c.QueryAsync(bad)).ErrorCode);
    }

    [Fact]
    public async Task The_number_of_open_cursors_is_bounded()
    {
        using var c = await ConnectAsync("cursor-attack-many");
        var sql = new StringBuilder("BEGIN;");
        for (var i = 0; i <= CursorTable.MaxCursors; i++) sql.Append(System.Globalization.CultureInfo.InvariantCulture, $"DECLARE c{i} CURSOR WITH HOLD FOR SELECT {i};");
        var answer = await c.QueryAsync(sql.ToString());
        Assert.Equal("54000", answer.ErrorCode);
        Assert.Equal(CursorTable.MaxCursors + 1, answer.Tags.Count); // BEGIN and MaxCursors DECLAREs
        await c.OkAsync("ROLLBACK");
        // The rollback closed them all: there is room again.
        await c.OkAsync("BEGIN; DECLARE again CURSOR FOR SELECT 1");
        Assert.Equal(["1"], (await c.OkAsync("FETCH again")).FirstColumn);
        await c.OkAsync("COMMIT");
    }

    [Fact]
    public async Task The_bytes_of_rows_cursors_keep_are_bounded_while_streaming_is_not()
    {
        using var c = await ConnectAsync("cursor-attack-bytes");
        // 36 rows of a million characters: past the budget when kept (two bytes a character), nothing when streamed.
        await c.OkAsync("CREATE TABLE big (id INTEGER PRIMARY KEY, body TEXT)");
        await c.OkAsync("INSERT INTO big VALUES (1, hex(zeroblob(500000)))");
        for (var from = 2; from <= 36; from += 5)
            await c.OkAsync($"WITH RECURSIVE s(x) AS (SELECT {from} UNION ALL SELECT x + 1 FROM s WHERE x < {from + 4}) INSERT INTO big SELECT x, (SELECT body FROM big WHERE id = 1) FROM s");
        await c.OkAsync("BEGIN; DECLARE s SCROLL CURSOR FOR SELECT id, body FROM big ORDER BY id");
        var scrolled = await c.QueryAsync("MOVE LAST IN s");
        Assert.Equal("54000", scrolled.ErrorCode);
        await c.OkAsync("ROLLBACK");

        await c.OkAsync("BEGIN; DECLARE f CURSOR FOR SELECT id, length(body) FROM big ORDER BY id");
        Assert.Equal(["MOVE 36"], (await c.OkAsync("MOVE ALL IN f")).Tags);
        await c.OkAsync("DECLARE h CURSOR WITH HOLD FOR SELECT id, body FROM big ORDER BY id");
        Assert.Equal(["1"], (await c.OkAsync("FETCH h")).FirstColumn);
        // The commit would keep 70 MB of rows for the held cursor: it fails, and so does the transaction.
        var commit = await c.QueryAsync("COMMIT");
        Assert.Equal("54000", commit.ErrorCode);
        Assert.Equal('E', commit.Status);
        await c.OkAsync("ROLLBACK");
        Assert.Equal("34000", (await c.QueryAsync("FETCH h")).ErrorCode);
        // A held cursor that fits still works afterwards: the budget was given back.
        await c.OkAsync("BEGIN; DECLARE small CURSOR WITH HOLD FOR SELECT id FROM big WHERE id <= 2 ORDER BY id; COMMIT");
        Assert.Equal(["1", "2"], (await c.OkAsync("FETCH ALL FROM small")).FirstColumn);
    }
}
