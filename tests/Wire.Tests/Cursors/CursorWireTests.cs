using TenantDb.Wire.Tests.EndToEnd;

namespace TenantDb.Wire.Tests.Cursors;

/// <summary>DECLARE / FETCH / MOVE / CLOSE over the simple query protocol, checked against PostgreSQL's answers.</summary>
public sealed class CursorWireTests(WireServerFixture server) : IClassFixture<WireServerFixture>
{
    private async Task<SimpleQueryClient> ConnectWithNumbersAsync(int rows)
    {
        var tenant = server.NewTenant("cursor");
        var c = await SimpleQueryClient.ConnectAsync(server, tenant);
        await c.OkAsync("CREATE TABLE n (i INTEGER PRIMARY KEY, label TEXT)");
        if (rows > 0)
            await c.OkAsync($"WITH RECURSIVE s(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM s WHERE x < {rows}) INSERT INTO n (i, label) SELECT x, 'row ' || x FROM s");
        return c;
    }

    [Fact]
    public async Task Forward_cursor_fetches_in_parts_inside_a_transaction()
    {
        using var c = await ConnectWithNumbersAsync(10);
        await c.OkAsync("BEGIN");
        var declared = await c.OkAsync("DECLARE c CURSOR FOR SELECT i, label FROM n ORDER BY i");
        Assert.Equal(["DECLARE CURSOR"], declared.Tags);
        var first = await c.OkAsync("FETCH 3 FROM c");
        Assert.Equal(["1", "2", "3"], first.FirstColumn);
        Assert.Equal(["FETCH 3"], first.Tags);
        Assert.Equal(1, first.RowDescriptions);
        Assert.Equal("row 1", first.Rows[0][1]);
        Assert.Equal(["4"], (await c.OkAsync("FETCH NEXT FROM c")).FirstColumn);
        Assert.Equal(["MOVE 2"], (await c.OkAsync("MOVE 2 IN c")).Tags);
        Assert.Equal(["7"], (await c.OkAsync("FETCH c")).FirstColumn);
        var rest = await c.OkAsync("FETCH ALL FROM c");
        Assert.Equal(["8", "9", "10"], rest.FirstColumn);
        Assert.Equal(["FETCH 0"], (await c.OkAsync("FETCH FORWARD 5 FROM c")).Tags);
        var backward = await c.QueryAsync("FETCH PRIOR FROM c");
        Assert.Equal("55000", backward.ErrorCode);
        Assert.Equal('E', backward.Status);
        await c.OkAsync("ROLLBACK");
        Assert.Equal("34000", (await c.QueryAsync("FETCH c")).ErrorCode);
    }

    [Fact]
    public async Task Scroll_cursor_moves_both_ways()
    {
        using var c = await ConnectWithNumbersAsync(5);
        await c.OkAsync("BEGIN");
        await c.OkAsync("DECLARE s SCROLL CURSOR FOR SELECT i FROM n ORDER BY i");
        Assert.Equal(["5"], (await c.OkAsync("FETCH LAST FROM s")).FirstColumn);
        Assert.Equal(["4", "3"], (await c.OkAsync("FETCH BACKWARD 2 FROM s")).FirstColumn);
        Assert.Equal(["1"], (await c.OkAsync("FETCH FIRST FROM s")).FirstColumn);
        Assert.Equal(["4"], (await c.OkAsync("FETCH ABSOLUTE -2 FROM s")).FirstColumn);
        Assert.Equal(["2"], (await c.OkAsync("FETCH RELATIVE -2 FROM s")).FirstColumn);
        Assert.Equal(["2"], (await c.OkAsync("FETCH RELATIVE 0 FROM s")).FirstColumn);
        Assert.Equal(["FETCH 0"], (await c.OkAsync("FETCH ABSOLUTE 9 FROM s")).Tags);
        Assert.Equal(["5"], (await c.OkAsync("FETCH PRIOR FROM s")).FirstColumn);
        Assert.Equal(["MOVE 4"], (await c.OkAsync("MOVE BACKWARD ALL IN s")).Tags);
        Assert.Equal(["1", "2"], (await c.OkAsync("FETCH 2 FROM s")).FirstColumn);
        Assert.Equal(["1"], (await c.OkAsync("FETCH -2 FROM s")).FirstColumn);
        await c.OkAsync("COMMIT");
    }

    [Fact]
    public async Task Declare_without_hold_needs_a_transaction_block()
    {
        using var c = await ConnectWithNumbersAsync(3);
        var refused = await c.QueryAsync("DECLARE c CURSOR FOR SELECT i FROM n");
        Assert.Equal("25P01", refused.ErrorCode);
        Assert.Equal("DECLARE CURSOR can only be used in transaction blocks", refused.ErrorMessage);
        // A Query of several statements is an implicit transaction block: the cursor lives until its end.
        var batch = await c.OkAsync("DECLARE c CURSOR FOR SELECT i FROM n ORDER BY i; FETCH 2 FROM c; FETCH ALL FROM c");
        Assert.Equal(["DECLARE CURSOR", "FETCH 2", "FETCH 1"], batch.Tags);
        Assert.Equal(["1", "2", "3"], batch.FirstColumn);
        Assert.Equal("34000", (await c.QueryAsync("FETCH c")).ErrorCode);
    }

    [Fact]
    public async Task With_hold_cursor_survives_commit_and_reads_its_snapshot()
    {
        using var c = await ConnectWithNumbersAsync(4);
        await c.OkAsync("BEGIN");
        await c.OkAsync("DECLARE h CURSOR WITH HOLD FOR SELECT i FROM n ORDER BY i");
        await c.OkAsync("DECLARE gone CURSOR FOR SELECT i FROM n");
        Assert.Equal(["1"], (await c.OkAsync("FETCH h")).FirstColumn);
        await c.OkAsync("COMMIT");
        await c.OkAsync("DELETE FROM n");
        Assert.Equal(["2", "3", "4"], (await c.OkAsync("FETCH ALL FROM h")).FirstColumn);
        Assert.Equal("34000", (await c.QueryAsync("FETCH gone")).ErrorCode);
        // A held cursor survives a later rollback; one declared in the rolled-back transaction does not.
        await c.OkAsync("BEGIN");
        await c.OkAsync("DECLARE h2 CURSOR WITH HOLD FOR SELECT 1");
        await c.OkAsync("ROLLBACK");
        Assert.Equal("34000", (await c.QueryAsync("FETCH h2")).ErrorCode);
        Assert.Equal(["FETCH 0"], (await c.OkAsync("FETCH h")).Tags);
        Assert.Equal(["CLOSE CURSOR"], (await c.OkAsync("CLOSE h")).Tags);
        Assert.Equal("34000", (await c.QueryAsync("CLOSE h")).ErrorCode);
        // Outside a block WITH HOLD is allowed: the statement's own transaction commits it at once.
        await c.OkAsync("INSERT INTO n VALUES (7, 'x')");
        await c.OkAsync("DECLARE solo SCROLL CURSOR WITH HOLD FOR SELECT i FROM n");
        Assert.Equal(["7"], (await c.OkAsync("FETCH LAST FROM solo")).FirstColumn);
        Assert.Equal(["CLOSE CURSOR ALL"], (await c.OkAsync("CLOSE ALL")).Tags);
        Assert.Equal("34000", (await c.QueryAsync("FETCH solo")).ErrorCode);
    }

    [Fact]
    public async Task Duplicate_names_and_unknown_cursors_get_postgresql_codes()
    {
        using var c = await ConnectWithNumbersAsync(1);
        await c.OkAsync("BEGIN");
        await c.OkAsync("DECLARE \"Mixed\" CURSOR FOR SELECT 1");
        Assert.Equal("42P03", (await c.QueryAsync("DECLARE \"Mixed\" CURSOR FOR SELECT 2")).ErrorCode);
        await c.OkAsync("ROLLBACK");
        await c.OkAsync("BEGIN");
        await c.OkAsync("DECLARE \"Mixed\" CURSOR FOR SELECT 1");
        Assert.Equal("34000", (await c.QueryAsync("FETCH mixed")).ErrorCode);
        await c.OkAsync("ROLLBACK");
        Assert.Equal("42601", (await c.QueryAsync("BEGIN; DECLARE c CURSOR FOR DELETE FROM n")).ErrorCode);
        await c.QueryAsync("ROLLBACK");
        Assert.Equal("42P11", (await c.QueryAsync("BEGIN; DECLARE c SCROLL NO SCROLL CURSOR FOR SELECT 1")).ErrorCode);
        await c.QueryAsync("ROLLBACK");
    }
}
