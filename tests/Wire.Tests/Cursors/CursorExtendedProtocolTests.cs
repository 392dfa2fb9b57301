using Npgsql;
using TenantDb.Wire.Protocol;
using TenantDb.Wire.Tests.EndToEnd;
using TenantDb.Wire.Tests.Protocol;

namespace TenantDb.Wire.Tests.Cursors;

/// <summary>Cursors through the extended protocol (Npgsql and hand-built messages): Describe of FETCH, MOVE and SQL EXECUTE, typed rows.</summary>
public sealed class CursorExtendedProtocolTests(WireServerFixture server) : IClassFixture<WireServerFixture>
{
    private NpgsqlConnection OpenWithItems(out string tenant)
    {
        tenant = server.NewTenant("cursorext");
        var c = new NpgsqlConnection(server.ConnectionString(tenant));
        c.Open();
        using var create = new NpgsqlCommand("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT, price DOUBLE PRECISION, seen TIMESTAMP)", c);
        create.ExecuteNonQuery();
        using var fill = new NpgsqlCommand("INSERT INTO items VALUES (1, 'a', 1.5, '2024-01-02 03:04:05'), (2, 'b', 2.5, NULL), (3, 'c', NULL, '2024-12-31 23:59:59')", c);
        fill.ExecuteNonQuery();
        return c;
    }

    [Fact]
    public void Npgsql_fetches_typed_rows_from_a_cursor_in_a_transaction()
    {
        using var c = OpenWithItems(out _);
        using var tx = c.BeginTransaction();
        using (var declare = new NpgsqlCommand("DECLARE c SCROLL CURSOR FOR SELECT id, name, price, seen FROM items ORDER BY id", c, tx))
            declare.ExecuteNonQuery();
        using (var fetch = new NpgsqlCommand("FETCH 2 FROM c", c, tx))
        using (var reader = fetch.ExecuteReader())
        {
            Assert.Equal(typeof(int), reader.GetFieldType(0));
            Assert.Equal(typeof(DateTime), reader.GetFieldType(3));
            Assert.True(reader.Read());
            Assert.Equal(1, reader.GetInt32(0));
            Assert.Equal("a", reader.GetString(1));
            Assert.Equal(1.5, reader.GetDouble(2));
            Assert.Equal(new DateTime(2024, 1, 2, 3, 4, 5), reader.GetDateTime(3));
            Assert.True(reader.Read());
            Assert.True(reader.IsDBNull(3));
            Assert.False(reader.Read());
        }
        using (var last = new NpgsqlCommand("FETCH LAST FROM c", c, tx))
            Assert.Equal(3, Convert.ToInt32(last.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture));
        using (var move = new NpgsqlCommand("MOVE BACKWARD ALL IN c", c, tx))
            Assert.Equal(2, move.ExecuteNonQuery());
        // A prepared FETCH: Parse + Describe statement give its columns before it runs.
        using (var prepared = new NpgsqlCommand("FETCH NEXT FROM c", c, tx))
        {
            prepared.Prepare();
            using var reader = prepared.ExecuteReader();
            Assert.Equal("name", reader.GetName(1));
            Assert.True(reader.Read());
            Assert.Equal(1, reader.GetInt32(0));
        }
        tx.Commit();
        using var gone = new NpgsqlCommand("FETCH c", c);
        var error = Assert.Throws<PostgresException>(() => gone.ExecuteNonQuery());
        Assert.Equal("34000", error.SqlState);
    }

    [Fact]
    public void Npgsql_declares_a_cursor_with_parameters()
    {
        using var c = OpenWithItems(out _);
        using var tx = c.BeginTransaction();
        using (var declare = new NpgsqlCommand("DECLARE p CURSOR FOR SELECT name FROM items WHERE id >= $1 ORDER BY id", c, tx))
        {
            declare.Parameters.Add(new NpgsqlParameter { Value = 2 });
            declare.ExecuteNonQuery();
        }
        using var fetch = new NpgsqlCommand("FETCH ALL FROM p", c, tx);
        using var reader = fetch.ExecuteReader();
        List<string> names = [];
        while (reader.Read()) names.Add(reader.GetString(0));
        Assert.Equal(["b", "c"], names);
    }

    [Fact]
    public void Npgsql_runs_sql_execute_with_typed_columns()
    {
        using var c = OpenWithItems(out _);
        using (var prepare = new NpgsqlCommand("PREPARE byid (int) AS SELECT id, price FROM items WHERE id = $1", c))
            prepare.ExecuteNonQuery();
        using var execute = new NpgsqlCommand("EXECUTE byid(1)", c);
        using var reader = execute.ExecuteReader();
        Assert.Equal(typeof(int), reader.GetFieldType(0));
        Assert.Equal(typeof(double), reader.GetFieldType(1));
        Assert.True(reader.Read());
        Assert.Equal(1.5, reader.GetDouble(1));
        Assert.False(reader.Read());
    }

    [Fact]
    public async Task Describe_statement_answers_row_description_for_fetch_and_execute_and_no_data_for_move()
    {
        var tenant = server.NewTenant("cursordescribe");
        using var raw = await RawPgClient.ConnectAsync(server.Port, tenant, WireServerFixture.AppUser, WireServerFixture.AppPassword);
        await raw.SendAsync(FrontendEncoder.Query("BEGIN; DECLARE d CURSOR FOR SELECT 1 AS one, 'x' AS two"));
        Assert.Equal('T', (char)(await raw.ReadUntilReadyAsync())[^1].Payload[0]);
        await raw.SendAsync(FrontendEncoder.Query("PREPARE q AS SELECT 2 AS n"));
        await raw.ReadUntilReadyAsync();
        await raw.SendAsync(
            FrontendEncoder.Parse(new ParseMessage("f", "FETCH 1 FROM d", [])),
            FrontendEncoder.Describe((byte)'S', "f"),
            FrontendEncoder.Parse(new ParseMessage("m", "MOVE 1 IN d", [])),
            FrontendEncoder.Describe((byte)'S', "m"),
            FrontendEncoder.Parse(new ParseMessage("e", "EXECUTE q", [])),
            FrontendEncoder.Describe((byte)'S', "e"),
            FrontendEncoder.Bind(new BindMessage("", "f", [], [], [])),
            FrontendEncoder.Describe((byte)'P', ""),
            FrontendEncoder.Execute("", 0),
            FrontendEncoder.Message((byte)'S', _ => { }));
        var frames = await raw.ReadUntilReadyAsync();
        // Parse, ParameterDescription + RowDescription (FETCH); Parse, ParameterDescription + NoData (MOVE);
        // Parse, ParameterDescription + RowDescription (EXECUTE); Bind, RowDescription, one DataRow, FETCH 1, ReadyForQuery.
        Assert.Equal("1tT1tn1tT2TDCZ", RawPgClient.Types(frames));
        Assert.Equal("FETCH 1", RawPgClient.Text(frames[^2].Payload));
        Assert.Equal("1|x", string.Join("|", SimpleQueryClient.DataRow(frames[^3].Payload)));
    }
}
