using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Npgsql;
using TenantDb.Wire.Tests.EndToEnd;

namespace TenantDb.Wire.Tests.Sql;

/// <summary>
/// Column alias lists on a VALUES list in FROM, <c>(VALUES ...) AS v(a, b)</c>: bulk updates through
/// <c>UPDATE ... FROM</c>, joins, columns the list leaves out keeping PostgreSQL's names, 42P10 for too many
/// names, 0A000 naming the feature for an alias list on a subquery; parentheses that only look alike are untouched.
/// </summary>
public sealed class DerivedColumnAliasWireTests(WireServerFixture server) : IClassFixture<WireServerFixture>
{
    private async Task<NpgsqlConnection> OpenAsync(string tenantPrefix)
    {
        var c = new NpgsqlConnection(server.ConnectionString(server.NewTenant(tenantPrefix)));
        await c.OpenAsync();
        return c;
    }

    private static async Task ExecuteAsync(NpgsqlConnection c, string sql)
    {
        await using var cmd = new NpgsqlCommand(sql, c);
        await cmd.ExecuteNonQueryAsync();
    }

    private static async Task<List<object?[]>> RowsAsync(NpgsqlConnection c, string sql, List<string>? names = null)
    {
        await using var cmd = new NpgsqlCommand(sql, c);
        await using var reader = await cmd.ExecuteReaderAsync();
        if (names is not null) for (int i = 0; i < reader.FieldCount; i++) names.Add(reader.GetName(i));
        var rows = new List<object?[]>();
        while (await reader.ReadAsync())
        {
            var row = new object?[reader.FieldCount];
            for (int i = 0; i < row.Length; i++) row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i)?.ToString();
            rows.Add(row);
        }
        return rows;
    }

    [Fact]
    public async Task A_bulk_update_from_an_aliased_values_list_changes_the_matching_rows()
    {
        await using var c = await OpenAsync("bulkupd");
        await ExecuteAsync(c, "CREATE TABLE p (id int PRIMARY KEY, name text, qty int); INSERT INTO p VALUES (1, 'a', 1), (2, 'b', 2), (3, 'c', 3)");
        await using (var update = new NpgsqlCommand(
            "UPDATE p SET name = v.name, qty = p.qty + v.delta FROM (VALUES (1, 'x', 10), (3, 'z', 30)) AS v(id, name, delta) WHERE p.id = v.id", c))
        {
            Assert.Equal(2, await update.ExecuteNonQueryAsync());
        }
        var rows = await RowsAsync(c, "SELECT id, name, qty FROM p ORDER BY id");
        Assert.Equal(["1", "x", "11"], rows[0]);
        Assert.Equal(["2", "b", "2"], rows[1]);
        Assert.Equal(["3", "z", "33"], rows[2]);
    }

    [Fact]
    public async Task Aliased_values_name_their_columns_join_and_keep_the_names_the_list_leaves_out()
    {
        await using var c = await OpenAsync("valalias");
        var names = new List<string>();
        var rows = await RowsAsync(c, "SELECT * FROM (VALUES (1, 'one', 'I'), (2, 'two', 'II')) t(num, word)", names);
        Assert.Equal(["num", "word", "column3"], names);
        Assert.Equal(2, rows.Count);
        Assert.Equal(["2", "two", "II"], rows[1]);

        await ExecuteAsync(c, "CREATE TABLE p (id int PRIMARY KEY, name text); INSERT INTO p VALUES (1, 'a'), (2, 'b')");
        var joined = await RowsAsync(c, "SELECT p.name, v.label FROM p JOIN (VALUES (2, 'two'), (5, 'five')) AS v(k, \"label\") ON p.id = v.k");
        Assert.Equal(["b", "two"], Assert.Single(joined));

        // Parentheses after a subquery that are not an alias list stay as they are.
        var filtered = await RowsAsync(c, "SELECT id FROM p WHERE id IN (SELECT id FROM p) AND (id > 1)");
        Assert.Equal(["2"], Assert.Single(filtered));
    }

    [Fact]
    public async Task Too_many_names_is_42P10_and_a_list_on_a_subquery_is_0A000()
    {
        await using var c = await OpenAsync("valerr");
        await using var tooMany = new NpgsqlCommand("SELECT * FROM (VALUES (1, 2)) v(a, b, c)", c);
        var error = await Assert.ThrowsAsync<PostgresException>(() => tooMany.ExecuteReaderAsync());
        Assert.Equal("42P10", error.SqlState);
        Assert.Contains("2 columns available but 3 columns specified", error.MessageText, StringComparison.Ordinal);

        await using var subquery = new NpgsqlCommand("SELECT * FROM (SELECT 1, 2) AS s(a, b)", c);
        error = await Assert.ThrowsAsync<PostgresException>(() => subquery.ExecuteReaderAsync());
        Assert.Equal("0A000", error.SqlState);
        Assert.Contains("column alias list on a subquery", error.MessageText, StringComparison.Ordinal);
    }

    /// <summary>Random VALUES tables with alias lists of every length up to their width read back as written, under those names.</summary>
    [Property(MaxTest = 40)]
    public Property Any_values_table_reads_back_under_its_alias_list(PositiveInt rowSeed, PositiveInt widthSeed, PositiveInt aliasSeed, int[] numbers)
    {
        int rows = 1 + rowSeed.Get % 4, width = 1 + widthSeed.Get % 4, aliases = 1 + aliasSeed.Get % width;
        var cells = new string[rows, width];
        for (int r = 0; r < rows; r++)
            for (int k = 0; k < width; k++)
            {
                int n = numbers.Length == 0 ? r * width + k : numbers[(r * width + k) % numbers.Length];
                cells[r, k] = (k % 2 == 0 ? n : -n).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
        string values = string.Join(", ", Enumerable.Range(0, rows).Select(r => "(" + string.Join(", ", Enumerable.Range(0, width).Select(k => k == 1 ? $"'s{cells[r, k]}'" : cells[r, k])) + ")"));
        string list = string.Join(", ", Enumerable.Range(0, aliases).Select(k => $"c{k}"));
        using var c = new NpgsqlConnection(server.ConnectionString(WireServerFixture.AppTenant));
        c.Open();
        var names = new List<string>();
        var read = RowsAsync(c, $"SELECT * FROM (VALUES {values}) AS v({list})", names).GetAwaiter().GetResult();
        var expectedNames = Enumerable.Range(0, width).Select(k => k < aliases ? $"c{k}" : $"column{k + 1}").ToList();
        bool same = read.Count == rows && names.SequenceEqual(expectedNames);
        for (int r = 0; same && r < rows; r++)
            for (int k = 0; same && k < width; k++)
                same = (string?)read[r][k] == (k == 1 ? "s" + cells[r, k] : cells[r, k]);
        return same.Label($"VALUES {values} AS v({list}) read as [{string.Join(",", names)}] {string.Join(" | ", read.Select(x => string.Join(",", x)))}");
    }
}
